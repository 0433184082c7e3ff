public import Analytic
public import Architectures
public import Usage

/// What one simulated run produced: a month of usage (scaled from the simulated days), what
/// happened, and when each limit first bound.
public struct SimulationResult: Sendable {
    /// Usage scaled to the scenario's month (simulated seconds → month seconds).
    public var usage: ServiceUsage
    /// Each limit exceeded during the run, at its worst (demand against capacity).
    public var limits: [ExceededLimit]
    /// When each limit first bound and how often.
    public var limitEvents: [LimitEvent]
    /// One row per simulated hour.
    public var timeseries: [HourlySample]
    /// Share of intended fan-out deliveries that happened.
    public var deliveredRatio: Double
    /// Named outcomes: throttled and failed calls, timeouts, stale rows, broadcast latency percentiles…
    public var metrics: [Metric]
}

/// When a limit first bound, and how many times it did.
public struct LimitEvent: Codable, Sendable, Equatable {
    public var name: String
    /// Simulated hours from the start when it first bound.
    public var firstHour: Double
    public var count: Double

    enum CodingKeys: String, CodingKey {
        case name
        case firstHour = "first_hour"
        case count
    }
}

/// The state of the stack over one simulated hour.
public struct HourlySample: Codable, Sendable, Equatable {
    public var hour: Int
    /// Open connections at the end of the hour.
    public var connections: Double
    /// Items in the table (live and stale) and their bytes, at the end of the hour.
    public var tableRows: Double
    public var tableBytes: Double
    public var staleRows: Double
    /// Read and write units consumed per second over the hour, and the capacity.
    public var consumedRCU: Double
    public var provisionedRCU: Double
    public var consumedWCU: Double
    public var provisionedWCU: Double
    /// DynamoDB calls refused at first (waited or failed) in the hour.
    public var throttledCalls: Double
    /// Highest number of Lambda executions running at once in the hour.
    public var lambdaConcurrency: Double
    public var deliveries: Double
    public var deliveredRatio: Double

    public init(
        hour: Int,
        connections: Double,
        tableRows: Double,
        tableBytes: Double,
        staleRows: Double,
        consumedRCU: Double,
        provisionedRCU: Double,
        consumedWCU: Double,
        provisionedWCU: Double,
        throttledCalls: Double,
        lambdaConcurrency: Double,
        deliveries: Double,
        deliveredRatio: Double
    ) {
        self.hour = hour
        self.connections = connections
        self.tableRows = tableRows
        self.tableBytes = tableBytes
        self.staleRows = staleRows
        self.consumedRCU = consumedRCU
        self.provisionedRCU = provisionedRCU
        self.consumedWCU = consumedWCU
        self.provisionedWCU = provisionedWCU
        self.throttledCalls = throttledCalls
        self.lambdaConcurrency = lambdaConcurrency
        self.deliveries = deliveries
        self.deliveredRatio = deliveredRatio
    }

    enum CodingKeys: String, CodingKey {
        case hour, connections
        case tableRows = "table_rows"
        case tableBytes = "table_bytes"
        case staleRows = "stale_rows"
        case consumedRCU = "consumed_rcu"
        case provisionedRCU = "provisioned_rcu"
        case consumedWCU = "consumed_wcu"
        case provisionedWCU = "provisioned_wcu"
        case throttledCalls = "throttled_calls"
        case lambdaConcurrency = "lambda_concurrency"
        case deliveries
        case deliveredRatio = "delivered_ratio"
    }
}
