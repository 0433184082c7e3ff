import Architectures
public import FanoutInput
import Foundation
import Reports
import Scenarios
public import Simulator

extension BreakingPoints {
    /// How `fanout breaks --confirm` simulates around each breaking point, and what it found.
    ///
    /// Each point at `N` users is simulated at `N − step` and `N + step` users, `step` being
    /// ``share`` of `N` rounded, at least ``minimumStepUsers``; a point at the search's minimum is
    /// simulated above only. Runs at the same user count of one architecture are shared.
    public struct Confirmation: Codable, Sendable, Equatable {
        /// Simulated days per run.
        public var days: Double
        public var replications: Int
        /// Seed of each run's first replication.
        public var seed: UInt64
        /// The offset below and above a point, as a share of its users (0.1: 10 %).
        public var share: Double
        /// The smallest offset, users.
        public var minimumStepUsers: Double
        /// The most users simulated: a point whose run above would exceed it is not run.
        public var maximumUsers: Double
        /// How retrying clients are simulated; nil is the reference, one event per attempt
        /// (and keeps JSON written before the option the same).
        public var reconnects: ReconnectModel?
        /// One per breaking point, in the points' order (empty until ``BreakingPoints/confirm(_:of:with:concurrency:finished:)``).
        public var checks: [BreakingPointCheck]

        public init(
            days: Double,
            replications: Int,
            seed: UInt64,
            share: Double = 0.1,
            minimumStepUsers: Double = 10,
            maximumUsers: Double = 1_000_000,
            reconnects: ReconnectModel? = nil,
            checks: [BreakingPointCheck] = []
        ) {
            self.days = days
            self.replications = replications
            self.seed = seed
            self.share = share
            self.minimumStepUsers = minimumStepUsers
            self.maximumUsers = maximumUsers
            self.reconnects = reconnects == .events ? nil : reconnects
            self.checks = checks
        }

        enum CodingKeys: String, CodingKey {
            case days, replications, seed, share, checks, reconnects
            case minimumStepUsers = "minimum_step_users"
            case maximumUsers = "maximum_users"
        }

        /// The user counts simulated around `point`: below (nil at the search's minimum, or
        /// below one user) and above (nil beyond ``maximumUsers``, and then below is nil too).
        public func counts(around point: Point) -> (below: Double?, above: Double?) {
            let step = max(minimumStepUsers, (point.users * share).rounded())
            let above = point.users + step
            guard above <= maximumUsers else { return (nil, nil) }
            let below = point.users - step
            return (point.bindsAtMinimum || below < 1 ? nil : below, above)
        }
    }

    /// `reports` (one per element of `inputs`, in order) with each breaking point simulated
    /// around it as `settings` says, on up to `concurrency` cores; `finished` gets every run
    /// as it is done (to store it). The self-hosted engine reports no limits, so it runs nothing.
    public static func confirm(
        _ reports: [BreakingPoints],
        of inputs: [PlanningInputs],
        with settings: Confirmation,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        finished: (RunSpec, RunResult) throws(InputError) -> Void = { _, _ in }
    ) throws(InputError) -> [BreakingPoints] {
        precondition(reports.count == inputs.count)
        var runs: [Run] = []
        for (stack, report) in reports.enumerated() where inputs[stack].stack == .serverless {
            for point in report.points {
                let (below, above) = settings.counts(around: point)
                for users in [below, above].compactMap({ $0 }) where !runs.contains(Run(stack: stack, users: users)) {
                    runs.append(Run(stack: stack, users: users))
                }
            }
        }
        let results = try concurrentMap(runs, concurrency: concurrency) { (run) throws(InputError) -> RunResult in
            var stack = inputs[run.stack]
            stack.scenario.users = run.users
            let spec = RunSpec.simulate(
                stack,
                days: settings.days,
                replications: settings.replications,
                seed: settings.seed,
                reconnects: settings.reconnects ?? .events
            )
            let result = try spec.execute()
            try finished(spec, result)
            return result
        }
        let byRun = Dictionary(uniqueKeysWithValues: zip(runs, results))
        return reports.enumerated().map { stack, report in
            var confirmed = report
            var confirmation = settings
            confirmation.checks = report.points.map { point in
                let (below, above) = settings.counts(around: point)
                func observe(_ users: Double?) -> BreakingPointCheck.Observation? {
                    guard let users, let result = byRun[Run(stack: stack, users: users)] else { return nil }
                    return observation(of: point.limit, in: result, users: users)
                }
                let seen = [observe(below), observe(above)]
                return BreakingPointCheck(
                    limit: point.limit,
                    users: point.users,
                    below: seen[0],
                    above: seen[1],
                    observable: inputs[stack].stack == .serverless && BreakingPointCheck.isSimulated(point.limit)
                )
            }
            confirmed.confirmation = confirmation
            return confirmed
        }
    }

    /// What a simulated run reported for the limit `name`: its worst demand against capacity
    /// (`limits[]`), and when it first bound and how often (`limit_events[]`).
    static func observation(of name: String, in result: RunResult, users: Double) -> BreakingPointCheck.Observation {
        guard case .simulation(let report) = result.report else {
            return BreakingPointCheck.Observation(users: users, exceeded: false)
        }
        let worst = report.limits.first { $0.name == name }
        let event = report.limitEvents.first { $0.name == name }
        return BreakingPointCheck.Observation(
            users: users,
            exceeded: worst != nil || event != nil,
            demand: worst?.demand,
            capacity: worst?.capacity,
            unit: worst?.unit,
            firstHour: event?.firstHour,
            count: event?.count
        )
    }

    /// One simulation: the index of its inputs and its user count.
    private struct Run: Hashable, Sendable {
        var stack: Int
        var users: Double
    }
}
