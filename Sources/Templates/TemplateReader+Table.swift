import Architectures
import FanoutInput

extension TemplateReader {
    /// Properties of `AWS::DynamoDB::Table` that the model reads or checks.
    static let tableProperties: Set<String> = [
        "TableName", "KeySchema", "AttributeDefinitions", "BillingMode", "ProvisionedThroughput",
        "GlobalSecondaryIndexes", "Tags",
    ]

    /// The `Connections` table: key schema (checked against the model's), billing mode,
    /// provisioned throughput, and a global secondary index on `channel`.
    mutating func readTable() throws(InputError) {
        let tables = document.resources(ofType: "AWS::DynamoDB::Table")
        guard tables.count == 1, let table = tables.first else {
            throw fail(
                "Resources",
                "the model has one connections table; the template has \(tables.count) AWS::DynamoDB::Table"
            )
        }
        let id = table.logicalID
        let p = table.properties
        let base = "Resources.\(id).Properties"
        let types = try attributeTypes(p["AttributeDefinitions"], at: "\(base).AttributeDefinitions")
        let keys = try keySchema(p["KeySchema"], at: "\(base).KeySchema")
        let described = keys.map { "\($0.name) (\(types[$0.name] ?? "?")) \($0.type)" }.joined(separator: ", ")
        guard keys.first?.name == "connectionId", keys.first?.type == "HASH",
            keys.count == 1 || (keys.count == 2 && keys[1].name == "channel")
        else {
            throw fail(
                "\(base).KeySchema",
                "the model's table is keyed by connectionId (HASH) and channel (RANGE); the template has \(described)"
            )
        }
        fields.append(
            DerivedField(field: "table (key schema, checked)", value: described, origin: .property("\(id).KeySchema"))
        )
        let mode = p["BillingMode"]?.text
        switch mode {
        case "PAY_PER_REQUEST":
            set("table.capacity_mode", "on_demand", document.origin(table, "BillingMode"))
        case "PROVISIONED", nil:
            set(
                "table.capacity_mode",
                "provisioned",
                mode == nil
                    ? .defaultValue("BillingMode absent; CloudFormation's default is PROVISIONED")
                    : document.origin(table, "BillingMode")
            )
            for (key, field) in [("ReadCapacityUnits", "provisioned_rcu"), ("WriteCapacityUnits", "provisioned_wcu")] {
                let units = try number(
                    p["ProvisionedThroughput"]?[key],
                    at: "\(base).ProvisionedThroughput.\(key)",
                    "a number (a provisioned table needs it)"
                )
                set("table.\(field)", units, .property("\(id).ProvisionedThroughput.\(key)"))
            }
        case let other?:
            throw fail("\(base).BillingMode", "'\(other)' is not PROVISIONED or PAY_PER_REQUEST")
        }
        try readIndexes(p["GlobalSecondaryIndexes"], table: id, at: "\(base).GlobalSecondaryIndexes")
        for name in table.propertyNames where !Self.tableProperties.contains(name) {
            unsupported.append("\(id).\(name): not modelled (the model prices reads, writes and storage only)")
        }
        set(
            "table.connection_id_bytes",
            16,
            .assumption("API Gateway connection ids are 16 characters (observed, e.g. L0SM9cOFvHcCIhw=)")
        )
    }

    private mutating func readIndexes(_ value: ResolvedValue?, table id: String, at path: String) throws(InputError) {
        var channelIndex: String?
        for (index, gsi) in (value?.items ?? []).enumerated() {
            let here = "\(path)[\(index)]"
            let name = gsi["IndexName"]?.text ?? "#\(index)"
            let keys = try keySchema(gsi["KeySchema"], at: "\(here).KeySchema")
            let projection = gsi["Projection"]?["ProjectionType"]?.text ?? "KEYS_ONLY"
            guard keys.first?.name == "channel" else {
                unsupported.append("\(id) index \(name): not on channel, so no lookup of the model uses it")
                continue
            }
            if projection != "KEYS_ONLY" {
                unsupported.append(
                    "\(id) index \(name): projection \(projection) read as KEYS_ONLY (rows hold only the two keys, so the index stores the same bytes)"
                )
            }
            if gsi["ProvisionedThroughput"] != nil {
                unsupported.append("\(id) index \(name): its own ProvisionedThroughput is not modelled")
            }
            channelIndex = name
        }
        set(
            "table.channel_index",
            channelIndex != nil,
            channelIndex.map { .property("\(id).GlobalSecondaryIndexes[\($0)] (HASH channel)") }
                ?? .property("\(id).GlobalSecondaryIndexes: no index on channel")
        )
    }

    private func keySchema(_ value: ResolvedValue?, at path: String) throws(InputError) -> [(
        name: String, type: String
    )] {
        guard let value, case .list(let items) = value, !items.isEmpty else {
            throw fail(path, "a key schema needs a list of {AttributeName, KeyType}")
        }
        var keys: [(name: String, type: String)] = []
        for (index, item) in items.enumerated() {
            guard let name = item["AttributeName"]?.text, let type = item["KeyType"]?.text else {
                throw fail("\(path)[\(index)]", "needs AttributeName and KeyType")
            }
            keys.append((name, type))
        }
        return keys
    }

    private func attributeTypes(_ value: ResolvedValue?, at path: String) throws(InputError) -> [String: String] {
        var types: [String: String] = [:]
        for (index, item) in (value?.items ?? []).enumerated() {
            guard let name = item["AttributeName"]?.text, let type = item["AttributeType"]?.text else {
                throw fail("\(path)[\(index)]", "needs AttributeName and AttributeType")
            }
            types[name] = type
        }
        return types
    }
}
