import Foundation

/// The simulator's view of one breaking point: whether a run a little below it is clear of the
/// limit and a run a little above it reports it, as the analytic bill says.
public struct BreakingPointCheck: Codable, Sendable, Equatable {
    /// What the two runs say against the analytic breaking point.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// Clear below, exceeded above (or, for a point at the search's minimum, exceeded above).
        case agrees
        /// Exceeded below as well as above: the simulator binds earlier.
        case bindsBelow = "disagrees_binds_below"
        /// Clear above as well as below: the simulator does not bind where the bill does.
        case notSeenAbove = "disagrees_not_seen_above"
        /// Exceeded below and clear above: the simulator's limit is not monotone there.
        case bindsBelowNotAbove = "disagrees_binds_below_not_seen_above"
        /// The simulator has no counterpart of this limit (it never reports it).
        case notSimulated = "not_simulated"
        /// The run above is beyond ``BreakingPoints/Confirmation/maximumUsers``: not simulated.
        case notRun = "not_run"

        /// How the table prints it.
        public var text: String {
            switch self {
            case .agrees: "agrees"
            case .bindsBelow: "disagrees (binds below)"
            case .notSeenAbove: "disagrees (not seen above)"
            case .bindsBelowNotAbove: "disagrees (binds below, not seen above)"
            case .notSimulated: "not simulated"
            case .notRun: "not run (above --confirm-max-users)"
            }
        }

        /// The verdict from what the runs saw; `below` is nil for a point at the search's minimum
        /// (the bill says nothing about fewer users), `above` nil when it was not run.
        /// `observable`: whether the simulator can report the limit at all.
        public static func judge(below: Bool?, above: Bool?, observable: Bool) -> Verdict {
            guard observable || below == true || above == true else { return .notSimulated }
            guard let above else { return .notRun }
            switch (below ?? false, above) {
            case (false, true): return .agrees
            case (true, true): return .bindsBelow
            case (false, false): return .notSeenAbove
            case (true, false): return .bindsBelowNotAbove
            }
        }
    }

    /// What one simulated run reported for the limit.
    public struct Observation: Codable, Sendable, Equatable {
        /// Users simulated.
        public var users: Double
        /// Whether the run reported the limit (exceeded over an hour, or bound at an instant).
        public var exceeded: Bool
        /// The worst demand the run reported against its capacity, when it reports one (nil when
        /// the limit only bound at instants, e.g. a token bucket that ran dry within an hour).
        public var demand: Double?
        public var capacity: Double?
        public var unit: String?
        /// Mean simulated hour at which it first bound, and how often it bound (nil when it did not).
        public var firstHour: Double?
        public var count: Double?

        public init(
            users: Double,
            exceeded: Bool,
            demand: Double? = nil,
            capacity: Double? = nil,
            unit: String? = nil,
            firstHour: Double? = nil,
            count: Double? = nil
        ) {
            self.users = users
            self.exceeded = exceeded
            self.demand = demand
            self.capacity = capacity
            self.unit = unit
            self.firstHour = firstHour
            self.count = count
        }

        enum CodingKeys: String, CodingKey {
            case users, exceeded, demand, capacity, unit, count
            case firstHour = "first_hour"
        }
    }

    /// The limit's name, as both paths spell it.
    public var limit: String
    /// The analytic breaking point (users).
    public var users: Double
    /// The run below the point (nil for a point at the search's minimum).
    public var below: Observation?
    /// The run above the point (nil when above ``BreakingPoints/Confirmation/maximumUsers``).
    public var above: Observation?
    public var verdict: Verdict

    public init(limit: String, users: Double, below: Observation?, above: Observation?, observable: Bool) {
        self.limit = limit
        self.users = users
        self.below = below
        self.above = above
        verdict = Verdict.judge(below: below?.exceeded, above: above?.exceeded, observable: observable)
    }

    /// Limits the serverless simulator reports, by name or `prefix.` for a family (handler
    /// outcomes are shared with the bill, so every `lambda.timeout.<function>`,
    /// `dynamodb.scan_page.<purpose>` and `dynamodb.batch_write_items` is observed too).
    /// `api_gateway.requests_per_second` (the sustained account rate) is the bill's alone: the
    /// simulator meters posts during a fan-out against the account's token bucket instead.
    public static let simulatedLimitNames: [String] = [
        "api_gateway.idle_timeout", "api_gateway.integration_timeout", "api_gateway.new_connections_per_second",
        "api_gateway.requests_per_second.during_fan_out", "dynamodb.batch_write_items",
        "dynamodb.on_demand_new_table", "dynamodb.on_demand_table_rru", "dynamodb.on_demand_table_wru",
        "dynamodb.partition_key", "dynamodb.provisioned_rcu", "dynamodb.provisioned_wcu", "dynamodb.scan_page.",
        "dynamodb.stale_rows", "lambda.concurrent_executions", "lambda.scaling_rate.", "lambda.timeout.",
    ]

    /// Whether the serverless simulator can report the limit `name` (see ``simulatedLimitNames``).
    public static func isSimulated(_ name: String) -> Bool {
        simulatedLimitNames.contains { $0.hasSuffix(".") ? name.hasPrefix($0) : name == $0 }
    }
}
