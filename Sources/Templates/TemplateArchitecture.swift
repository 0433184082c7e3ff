public import Architectures
public import FanoutInput
import Foundation

/// A CloudFormation template read as a Fanout architecture: the ``ArchitectureDefinition`` (the same
/// type `models/architectures/*.json` decode to), where each field came from, and what was not read.
public struct TemplateArchitecture: Sendable {
    /// The template file.
    public var source: String
    /// The derived architecture, validated like a JSON file.
    public var definition: ArchitectureDefinition
    /// Every field of ``definition``, with its origin.
    public var fields: [DerivedField]
    /// Route keys and the functions serving them, with where the mapping came from.
    public var routes: [(routeKey: String, function: String, origin: Origin)]
    /// Per function: DynamoDB calls in its code and the actions its IAM policies allow.
    public var access: [FunctionAccess]
    /// Resources, properties and code patterns the model does not use, each with why.
    public var unsupported: [String]
    /// Values left for deploy time (pseudo parameters, parameters without defaults, …).
    public var unresolved: [(keyPath: String, what: String)]
    /// Logical id of the `AWS::DynamoDB::Table`.
    public var tableLogicalID: String
    /// Logical id of the `AWS::ApiGatewayV2::Api`, when the template declares one.
    public var apiLogicalID: String?

    /// Route keys of the seed's client protocol and the handler each one is.
    public static let routeRoles: [(key: String, role: FunctionRole)] = [
        ("$connect", .connect), ("$disconnect", .disconnect), ("sendmessage", .sendMessage),
        ("joinchannel", .joinChannel), ("authorizer", .authorizer),
    ]

    /// The post's console setup (step 3.4): the seed template defines no API, so these are its routes.
    public static let seedConsoleRoutes: [String: String] = [
        "$connect": "ConnectHandler", "$disconnect": "DisconnectHandler", "sendmessage": "SendMessageHandler",
        "joinchannel": "JoinChannelHandler",
    ]

    /// Reads the template at `path`; `routes` (from `--routes`) maps route keys to function logical ids
    /// when the template has no `AWS::ApiGatewayV2::Route`.
    public static func read(path: String, routes: [String: String]? = nil) throws(InputError) -> TemplateArchitecture {
        try read(TemplateDocument.load(path: path), routes: routes)
    }

    /// Reads a loaded template.
    public static func read(_ document: TemplateDocument, routes: [String: String]? = nil) throws(InputError)
        -> TemplateArchitecture
    {
        var reader = TemplateReader(document: document)
        return try reader.read(routesOption: routes)
    }

    /// Parses `--routes KEY=Function,...` (keys: `$connect`, `$disconnect`, `sendmessage`, `joinchannel`,
    /// `authorizer`).
    public static func parseRoutes(_ text: String) throws(InputError) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw InputError(source: "--routes", keyPath: "", message: "expected KEY=Function pairs, got '\(pair)'")
            }
            guard routeRoles.contains(where: { $0.key == parts[0] }) else {
                throw InputError(
                    source: "--routes",
                    keyPath: "",
                    message:
                        "unknown route key '\(parts[0])' (expected \(routeRoles.map(\.key).joined(separator: ", ")))"
                )
            }
            guard out[parts[0]] == nil else {
                throw InputError(source: "--routes", keyPath: "", message: "route key '\(parts[0])' given twice")
            }
            out[parts[0]] = parts[1]
        }
        return out
    }
}

/// The record of one reading: fields in order, and what was left out.
struct TemplateReader {
    let document: TemplateDocument
    var source: String { document.source }
    var fields: [DerivedField] = []
    var unsupported: [String] = []
    var values: [String: Any] = [:]

    init(document: TemplateDocument) {
        self.document = document
    }

    mutating func set(_ field: String, _ value: Any, _ origin: Origin) {
        fields.append(DerivedField(field: field, value: Self.describe(value), origin: origin))
        // Build the architecture JSON object by key path.
        let parts = field.split(separator: ".").map(String.init)
        values = Self.setting(values, parts[...], value)
    }

    static func describe(_ value: Any) -> String {
        if let number = value as? Double, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return "\(value)"
    }

    private static func setting(_ object: [String: Any], _ path: ArraySlice<String>, _ value: Any) -> [String: Any] {
        var object = object
        guard let first = path.first else { return object }
        if path.count == 1 {
            object[first] = value
        } else {
            object[first] = setting(object[first] as? [String: Any] ?? [:], path.dropFirst(), value)
        }
        return object
    }

    /// A number property; a value only a deployment knows (a parameter without a default) says so.
    func number(_ value: ResolvedValue?, at keyPath: String, _ expected: String) throws(InputError) -> Double {
        if let number = value?.number { return number }
        if case .unresolved(let what)? = value {
            throw fail(keyPath, "\(what) is known only at deploy time; give the parameter a Default")
        }
        throw fail(keyPath, "should be \(expected)")
    }

    func fail(_ keyPath: String, _ message: String) -> InputError {
        InputError(source: source, keyPath: keyPath, message: message)
    }

    mutating func read(routesOption: [String: String]?) throws(InputError) -> TemplateArchitecture {
        let name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        set("name", name, .assumption("the template's file name"))
        set("description", "Read from the CloudFormation template \(source).", .assumption("generated"))
        try readTable()
        let routes = try readRoutes(option: routesOption)
        let access = try readFunctions(routes: routes)
        for resource in document.resources where !Self.readTypes.contains(resource.type) {
            unsupported.append("\(resource.logicalID) (\(resource.type)): not part of the cost model")
        }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])
        } catch {
            throw fail("", "cannot build the architecture (\(error))")
        }
        let definition = try ModelFile.decode(ArchitectureDefinition.self, from: data, source: source)
        try definition.validate(source: source)
        return TemplateArchitecture(
            source: source,
            definition: definition,
            fields: fields,
            routes: routes.map { ($0.key, $0.function, $0.origin) },
            access: access,
            unsupported: unsupported,
            unresolved: document.unresolved,
            tableLogicalID: document.resources(ofType: "AWS::DynamoDB::Table").first?.logicalID ?? "",
            apiLogicalID: document.resources(ofType: "AWS::ApiGatewayV2::Api").first?.logicalID
        )
    }

    /// Resource types whose properties this reader uses (others are listed as unsupported).
    static let readTypes: Set<String> = [
        "AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::IAM::Policy",
        "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Authorizer",
        "AWS::ApiGatewayV2::Api",
    ]

    /// Logical ids a resolved value refers to: `Ref`, `Fn::GetAtt`, and `${Id}` / `${Id.Attr}` left in text.
    func mentionedResources(in value: ResolvedValue) -> [String] {
        switch value {
        case .resource(let id), .attribute(let id, _): return [id]
        case .list(let items): return items.flatMap(mentionedResources)
        case .map(let entries): return entries.flatMap { mentionedResources(in: $0.value) }
        case .unresolved(let text), .string(let text):
            var ids: [String] = []
            var rest = Substring(text)
            while let open = rest.range(of: "${") {
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
                let name = rest[open.upperBound..<close].split(separator: ".").first.map(String.init) ?? ""
                if document.resource(name) != nil { ids.append(name) }
                rest = rest[rest.index(after: close)...]
            }
            return ids
        default: return []
        }
    }
}
