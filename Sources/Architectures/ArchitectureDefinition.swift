public import FanoutInput

/// One serverless design: its table, its four handlers, and how each handler finds subscribers.
///
/// A definition is data (`models/architectures/*.json`); ``ArchitectureDefinition/outcome(of:table:latency:availability:)``
/// turns it into what each user action costs in each service. The analytic bill and the
/// simulator both call that one function, so there is no second copy of the cost logic.
public struct ArchitectureDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    public var table: TableDesign
    /// How `sendmessage` finds the connections subscribed to a channel.
    public var subscriberLookup: SubscriberLookup
    /// How `$disconnect` finds the rows of the closing connection.
    public var disconnectLookup: DisconnectLookup
    /// Deletes per BatchWriteItem call at disconnect; 0 sends every row in one call (the seed),
    /// which DynamoDB rejects above 25 items.
    public var disconnectBatchSize: Int
    /// Whether `joinchannel` posts an acknowledgement back to the caller (the seed does).
    public var joinAck: Bool
    /// Concurrent HTTPS sockets the handler's SDK client opens (aws-sdk v2 default: 50).
    public var httpMaxSockets: Int
    public var functions: Functions

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, table
        case subscriberLookup = "subscriber_lookup"
        case disconnectLookup = "disconnect_lookup"
        case disconnectBatchSize = "disconnect_batch_size"
        case joinAck = "join_ack"
        case httpMaxSockets = "http_max_sockets"
        case functions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        table = try c.decode(TableDesign.self, forKey: .table)
        subscriberLookup = try c.decode(SubscriberLookup.self, forKey: .subscriberLookup)
        disconnectLookup = try c.decode(DisconnectLookup.self, forKey: .disconnectLookup)
        disconnectBatchSize = try c.decodeWholeNumber(forKey: .disconnectBatchSize)
        joinAck = try c.decode(Bool.self, forKey: .joinAck)
        httpMaxSockets = try c.decodeWholeNumber(forKey: .httpMaxSockets)
        functions = try c.decode(Functions.self, forKey: .functions)
    }
}

/// How `sendmessage` finds subscribers.
public enum SubscriberLookup: String, Codable, Sendable, CaseIterable {
    /// One Scan call with a filter on `channel`: at most one 1 MB page, no `LastEvaluatedKey` loop (the seed).
    case scanFirstPage = "scan_first_page"
    /// Scan with a `LastEvaluatedKey` loop: every row read on every send.
    case scanAllPages = "scan_all_pages"
    /// Paginated Query on a keys-only global secondary index on `channel`.
    case indexQuery = "index_query"
}

/// How `$disconnect` finds the closing connection's rows.
public enum DisconnectLookup: String, Codable, Sendable, CaseIterable {
    /// One Scan call filtered on `connectionId` (the seed).
    case scanFirstPage = "scan_first_page"
    /// Paginated Scan filtered on `connectionId`.
    case scanAllPages = "scan_all_pages"
    /// Query on the hash key `connectionId`.
    case keyQuery = "key_query"
}

/// The `Connections` table.
public struct TableDesign: Codable, Sendable, Equatable {
    public enum CapacityMode: String, Codable, Sendable { case provisioned, onDemand = "on_demand" }
    public var capacityMode: CapacityMode
    /// Provisioned read capacity units (ignored on demand).
    public var provisionedRCU: Double
    /// Provisioned write capacity units (ignored on demand).
    public var provisionedWCU: Double
    /// A keys-only GSI on `channel`: every row write also writes the index.
    public var channelIndex: Bool
    /// Strongly consistent Scans and Queries (the seed's code uses the default, eventually consistent).
    public var consistentReads: Bool
    /// Length of an API Gateway connection id (observed: 16 characters, e.g. `L0SM9cOFvHcCIhw=`).
    public var connectionIdBytes: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case capacityMode = "capacity_mode"
        case provisionedRCU = "provisioned_rcu"
        case provisionedWCU = "provisioned_wcu"
        case channelIndex = "channel_index"
        case consistentReads = "consistent_reads"
        case connectionIdBytes = "connection_id_bytes"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacityMode = try c.decode(CapacityMode.self, forKey: .capacityMode)
        provisionedRCU = try c.decodeIfPresent(Double.self, forKey: .provisionedRCU) ?? 0
        provisionedWCU = try c.decodeIfPresent(Double.self, forKey: .provisionedWCU) ?? 0
        channelIndex = try c.decode(Bool.self, forKey: .channelIndex)
        consistentReads = try c.decode(Bool.self, forKey: .consistentReads)
        connectionIdBytes = try c.decodeWholeNumber(forKey: .connectionIdBytes)
    }
}

/// CPU architecture a Lambda function runs on; it selects the GB-second price.
public enum CPUArchitecture: String, Codable, Sendable, CaseIterable {
    case x86_64
    case arm64
}

/// One Lambda function's configuration.
public struct LambdaFunction: Codable, Sendable, Equatable {
    public var memoryMB: Double
    public var timeoutSeconds: Double
    public var cpu: CPUArchitecture

    public init(memoryMB: Double, timeoutSeconds: Double, cpu: CPUArchitecture) {
        self.memoryMB = memoryMB
        self.timeoutSeconds = timeoutSeconds
        self.cpu = cpu
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case memoryMB = "memory_mb"
        case timeoutSeconds = "timeout_seconds"
        case cpu
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memoryMB = try c.decode(Double.self, forKey: .memoryMB)
        timeoutSeconds = try c.decode(Double.self, forKey: .timeoutSeconds)
        cpu = try c.decode(CPUArchitecture.self, forKey: .cpu)
    }
}

/// The handlers of a design, by route.
public struct Functions: Codable, Sendable, Equatable {
    public var connect: LambdaFunction
    public var disconnect: LambdaFunction
    public var sendMessage: LambdaFunction
    public var joinChannel: LambdaFunction
    /// A Lambda authorizer on `$connect`, or `nil` for none (the seed has none).
    public var authorizer: LambdaFunction?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case connect, disconnect
        case sendMessage = "send_message"
        case joinChannel = "join_channel"
        case authorizer
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        connect = try c.decode(LambdaFunction.self, forKey: .connect)
        disconnect = try c.decode(LambdaFunction.self, forKey: .disconnect)
        sendMessage = try c.decode(LambdaFunction.self, forKey: .sendMessage)
        joinChannel = try c.decode(LambdaFunction.self, forKey: .joinChannel)
        authorizer = try c.decodeIfPresent(LambdaFunction.self, forKey: .authorizer)
    }

    /// The configuration of the function that serves `role`.
    public subscript(role: FunctionRole) -> LambdaFunction? {
        switch role {
        case .connect: connect
        case .disconnect: disconnect
        case .sendMessage: sendMessage
        case .joinChannel: joinChannel
        case .authorizer: authorizer
        }
    }
}

/// Which handler an invocation belongs to.
public enum FunctionRole: String, Codable, Sendable, CaseIterable, Comparable {
    case authorizer
    case connect
    case joinChannel = "join_channel"
    case sendMessage = "send_message"
    case disconnect

    public static func < (a: FunctionRole, b: FunctionRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

extension ArchitectureDefinition {
    /// Checks limits AWS enforces on the configuration itself; errors name `source` and the key.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        let t = v.nested("table")
        if table.capacityMode == .provisioned {
            try t.check("provisioned_rcu", table.provisionedRCU, PhysicalRanges.provisionedCapacity)
            try t.check("provisioned_wcu", table.provisionedWCU, PhysicalRanges.provisionedCapacity)
        }
        try t.check("connection_id_bytes", table.connectionIdBytes, PhysicalRanges.keyBytes)
        try v.check("disconnect_batch_size", disconnectBatchSize, PhysicalRanges.batchSize)
        try v.check("http_max_sockets", httpMaxSockets, PhysicalRanges.sockets)
        let f = v.nested("functions")
        for role in FunctionRole.allCases {
            guard let fn = functions[role] else { continue }
            let r = f.nested(role.rawValue)
            try r.check("memory_mb", fn.memoryMB, PhysicalRanges.lambdaMemoryMB)
            try r.check("timeout_seconds", fn.timeoutSeconds, PhysicalRanges.lambdaTimeoutSeconds)
        }
        if subscriberLookup == .indexQuery, !table.channelIndex {
            throw v.fail("subscriber_lookup", "'index_query' needs table.channel_index = true")
        }
    }
}
