public import Architectures
import FanoutInput
import Scenarios
import TextOutput
public import Usage
public import Workloads

/// A named model output with its unit (`connects_per_second`, …).
public struct Metric: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var unit: String
    public init(_ name: String, _ value: Double, _ unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// The analytic path's answer: a month of usage, the limits it hits, and how much fan-out arrives.
public struct SteadyStateResult: Sendable, Equatable {
    public var usage: ServiceUsage
    /// Every limit the workload exceeds, demand against capacity.
    public var limits: [ExceededLimit]
    /// Share of intended fan-out deliveries (user messages and broadcasts) that happen.
    public var deliveredRatio: Double
    public var metrics: [Metric]
    /// What a reader must know to read the figures (e.g. that no steady state exists).
    public var notes: [String] = []
}

/// Expected-value model of a month: workload rates × what the architecture does per action.
///
/// Where DynamoDB capacity is short, each bucket serves capacity ÷ demand of the requests, and
/// served requests wait as ``OverloadedBucket`` says; refused ones fail their handler after the
/// SDK's retries. Clients whose `$connect` fails retry as ``ReconnectPolicy`` says, so a stack that
/// cannot write its connections keeps users disconnected. Rows the handlers fail to delete stay:
/// when they do, the table grows without bound, and the month is billed as the mean over a
/// horizon (default: the month) that starts with no stale rows, followed in
/// ``horizonSteps`` steps (the midpoint rule on the stale rows' growth).
public enum SteadyState {
    /// Steps of the horizon when the table grows.
    public static let horizonSteps = 24

    /// - Parameter horizonSeconds: how long the table has been growing, from no stale rows; the
    ///   bill is the mean over it (default: the scenario's month).
    public static func evaluate(
        _ workload: Workload,
        architecture: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas,
        horizonSeconds: Double? = nil
    ) -> SteadyStateResult {
        let month = workload.monthSeconds
        let horizon = horizonSeconds ?? month
        var last: SteadyStateSnapshot? = nil
        func snapshot(_ stale: StaleRows) -> SteadyStateSnapshot {
            let next = SteadyStateSnapshot(
                workload: workload,
                architecture: architecture,
                latency: latency,
                quotas: quotas,
                stale: stale,
                startingFrom: last
            )
            last = next
            return next
        }

        var usage = ServiceUsage()
        usage.table = TableCapacity(
            mode: architecture.table.capacityMode,
            provisionedRCU: architecture.table.provisionedRCU,
            provisionedWCU: architecture.table.provisionedWCU
        )
        usage.tableHours = workload.scenario.monthHours

        // A first look with no stale rows: if none appear, one instant is the whole month.
        let start = snapshot(StaleRows())
        var probe = ServiceUsage()
        let startEffects = start.record(into: &probe, seconds: month)
        var steps: [(effects: SnapshotEffects, weight: Double)] = []
        var stale = StaleRows()
        if startEffects.staleGrowth.rows <= 1e-12 {
            usage.merge(probe)
            steps = [(startEffects, 1)]
        } else {
            let stepSeconds = horizon / Double(horizonSteps)
            var growth = startEffects.staleGrowth
            for _ in 0..<horizonSteps {
                // Midpoint rule: the step is billed at the table it has halfway through, reached
                // with the growth of the step before (the growth changes slowly from step to step).
                let middle = stale.advanced(by: growth, seconds: stepSeconds / 2)
                let effects = snapshot(middle).record(into: &usage, seconds: month / Double(horizonSteps))
                steps.append((effects, 1 / Double(horizonSteps)))
                stale = stale.advanced(by: effects.staleGrowth, seconds: stepSeconds)
                growth = effects.staleGrowth
            }
        }

        let coldStarts = usage.addColdStarts(latency: latency, monthSeconds: month)

        var limitsByName: [String: ExceededLimit] = [:]
        for (effects, _) in steps {
            for (name, limit) in effects.limits where limit.demand > (limitsByName[name]?.demand ?? -1) {
                limitsByName[name] = limit
            }
        }
        let staleRowsPerSecond = usage.rowsLeftStale / month
        if staleRowsPerSecond > 1e-12 {
            let toDelete = steps.reduce(0) { total, step in
                let connects = step.effects.metrics.first { $0.name == "connects_per_second" }?.value ?? 0
                let rows =
                    1 + Double(workload.joinsPerConnection)
                    * (step.effects.metrics.first { $0.name == "join_rows_written_ratio" }?.value ?? 1)
                return total + step.weight * connects * rows
            }
            limitsByName["dynamodb.stale_rows"] = .staleRows(
                toDelete: toDelete,
                deleted: toDelete - staleRowsPerSecond,
                detail: "\(grouped((staleRowsPerSecond * 86_400).rounded())) rows a day stay behind"
            )
        }
        if workload.idleTimeoutEndsSessions {
            limitsByName["api_gateway.idle_timeout"] = .idleTimeout(
                sessionSeconds: workload.scenario.sessions.meanMinutes * 60,
                capacity: Workload.idleTimeoutSeconds,
                detail: "\(Int((workload.idleTimeoutShare * 100).rounded())) % of connections"
            )
        }
        let limits = limitsByName.values.sorted { $0.name < $1.name }

        // Metrics: the mean over the horizon's steps (the month's, when nothing grows).
        var metrics = steps[0].effects.metrics.map { Metric($0.name, 0, $0.unit) }
        for (effects, weight) in steps {
            for (index, metric) in effects.metrics.enumerated() { metrics[index].value += weight * metric.value }
        }
        metrics.append(Metric("lambda_cold_starts_per_month", coldStarts, "invocations"))
        var notes: [String] = []
        if steps.count > 1 {
            metrics.append(Metric("horizon_days", horizon / 86_400, "days"))
            metrics.append(Metric("stale_rows_at_horizon_end", stale.rows, "rows"))
            notes.append(
                "no steady state: \(grouped((staleRowsPerSecond * 86_400).rounded())) rows a day stay in the table and "
                    + "it grows without bound; the month is billed at its mean over the first "
                    + "\(formatDays(horizon)) of a table with no stale rows (--horizon-days)"
            )
        }
        let delivered = usage.intendedDeliveries > 0 ? usage.deliveries / usage.intendedDeliveries : 1
        return SteadyStateResult(
            usage: usage,
            limits: limits,
            deliveredRatio: delivered,
            metrics: metrics,
            notes: notes
        )
    }

    private static func formatDays(_ seconds: Double) -> String {
        let days = seconds / 86_400
        let rounded = (days * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) days" : "\(rounded) days"
    }
}

extension StaleRows {
    /// The stale rows after `seconds` more of `growth` per second.
    func advanced(by growth: StaleRows, seconds: Double) -> StaleRows {
        StaleRows(
            rows: rows + growth.rows * seconds,
            bytes: bytes + growth.bytes * seconds,
            defaultRows: defaultRows + growth.defaultRows * seconds
        )
    }
}
