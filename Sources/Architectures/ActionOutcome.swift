/// What handling one action consumed and achieved, in every service.
///
/// Quantities are `Double` because the analytic path feeds expected values (a Scan sees 0.37 of
/// a channel's rows on average); the simulator feeds whole numbers through the same code.
public struct ActionOutcome: Sendable, Equatable {
    /// API Gateway messages, by purpose.
    public var messages: [MessageFlow] = []
    /// Lambda invocations.
    public var invocations: [Invocation] = []
    /// DynamoDB read units consumed (RCU on provisioned, RRU on demand).
    public var readUnits = 0.0
    /// DynamoDB write units consumed.
    public var writeUnits = 0.0
    /// The part of ``readUnits`` that falls on one partition key: a Query on the publication's
    /// channel in the GSI, or a one-page Scan (every one starts at the table's first partition).
    public var keyReadUnits = 0.0
    /// DynamoDB requests made (each page counts).
    public var dynamoDBRequests = 0.0
    /// `@connections` POSTs made (they share API Gateway's account request rate).
    public var callbackRequests = 0.0
    /// Deliveries the publish should make.
    public var intendedDeliveries = 0.0
    /// Deliveries that happened.
    public var deliveries = 0.0
    /// Posts to connections that are gone (API Gateway answers 410; not a delivered message).
    public var goneResponses = 0.0
    /// Rows written (puts that succeeded).
    public var rowsWritten = 0.0
    /// Rows deleted at disconnect.
    public var rowsDeleted = 0.0
    /// Rows the handler should have deleted and did not: they stay in the table as stale rows.
    public var rowsLeftStale = 0.0
    /// Wall time from the start of a fan-out to its last delivery (ms), for publishes.
    public var fanOutMs = 0.0
    /// The share of runs in which the handler sent a write request, refused or not: 1 for a put,
    /// the Scan's coverage for a `$disconnect` that reaches its delete (its rows are found with
    /// that probability), 0 when a refused read or a rejected batch ended it first. A throttled
    /// write is counted only where one was sent.
    public var writeRequestShare = 0.0
    /// Handler time (ms) at which its first write request completed, or nil when none did.
    /// With the write's wait taken out, it tells the longest wait that still lets it complete.
    public var firstWriteDoneAtMs: Double? = nil
    /// Limits this single action ran into.
    public var limits: [ExceededLimit] = []

    public init() {}

    /// Keeps `share` of the posts this action made (the rest were refused by API Gateway).
    public mutating func scaleDeliveries(by share: Double) {
        deliveries *= share
        goneResponses *= share
        callbackRequests *= share
        for index in messages.indices where messages[index].purpose.isOutbound { messages[index].count *= share }
    }
}

/// Messages API Gateway meters, grouped by why they were sent.
public struct MessageFlow: Sendable, Equatable {
    public enum Purpose: String, Sendable, CaseIterable, Comparable {
        case userMessage = "inbound sendmessage (user)"
        case broadcastPublish = "inbound sendmessage (server broadcast)"
        case join = "inbound joinchannel"
        case keepalive = "inbound keep-alive"
        case delivery = "outbound delivery"
        case joinAck = "outbound join ack"

        public static func < (a: Purpose, b: Purpose) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// Whether API Gateway sends it to a client (outbound bytes).
        public var isOutbound: Bool { self == .delivery || self == .joinAck }
    }
    public var purpose: Purpose
    public var count: Double
    /// Bytes of each message as it crosses the socket.
    public var bytes: Int

    public init(_ purpose: Purpose, count: Double, bytes: Int) {
        self.purpose = purpose
        self.count = count
        self.bytes = bytes
    }
}

/// One Lambda invocation.
public struct Invocation: Sendable, Equatable {
    public var role: FunctionRole
    /// Run time (ms) before Lambda rounds it up to the next millisecond.
    public var durationMs: Double
    public var memoryMB: Double
    public var cpu: CPUArchitecture
    public var timedOut: Bool

    public init(role: FunctionRole, durationMs: Double, memoryMB: Double, cpu: CPUArchitecture, timedOut: Bool) {
        self.role = role
        self.durationMs = durationMs
        self.memoryMB = memoryMB
        self.cpu = cpu
        self.timedOut = timedOut
    }

    /// Billed duration: rounded up to 1 ms (Lambda's billing granularity since December 2020).
    public var billedMs: Double { max(1, durationMs.rounded(.up)) }
    /// Billed GB-seconds.
    public var gbSeconds: Double { memoryMB / 1024 * billedMs / 1000 }
}

/// A limit the workload runs into: what it demands against what the stack allows.
public struct ExceededLimit: Sendable, Equatable, Codable {
    /// Stable identifier, e.g. `dynamodb.provisioned_rcu`.
    public var name: String
    public var demand: Double
    public var capacity: Double
    public var unit: String
    /// One sentence on what happens when it binds.
    public var effect: String

    public init(name: String, demand: Double, capacity: Double, unit: String, effect: String) {
        self.name = name
        self.demand = demand
        self.capacity = capacity
        self.unit = unit
        self.effect = effect
    }

    /// Relative margin by which demand must pass capacity to exceed it: a demand equal to its
    /// capacity, give or take floating-point rounding, is not exceeded.
    public static let exceedMargin = 1e-9

    /// Whether `demand` exceeds `capacity` by more than rounding.
    public static func exceeds(_ demand: Double, _ capacity: Double) -> Bool {
        demand > capacity + abs(capacity) * exceedMargin
    }

    /// Whether this limit's demand exceeds its capacity by more than rounding.
    public var isExceeded: Bool { Self.exceeds(demand, capacity) }
}
