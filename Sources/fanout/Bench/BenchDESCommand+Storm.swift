import Billing
import FanoutInput
import Foundation
import Planning
import Reports
import Simulator
import TextOutput

/// The seed stack's reconnect storm with retry cohorts, against the `indexed` stack's same run.
extension BenchDESCommand {
    /// One simulation's wall time and event count, in this process on all cores.
    struct TimedSimulation {
        var seconds: Double
        var events: Double
        var totalUSD: Double
    }

    /// Runs `architecture` at the storm's users for `days` once, timed.
    func timedSimulation(
        _ architecture: String,
        days: Double,
        reconnects: ReconnectModel
    ) throws(InputError) -> TimedSimulation {
        var options = BenchSweepCommand.defaultModel()
        options.architecture = architecture
        let inputs = try options.planningInputs(
            users: Double(stormUsers),
            billing: BillingOptions(),
            horizonDays: nil
        )
        let spec = RunSpec.simulate(inputs, days: days, replications: 1, seed: 1, reconnects: reconnects)
        let result = try spec.execute()
        guard case .simulation(let report) = result.report else {
            throw InputError(source: "bench des", keyPath: "", message: "\(architecture) is not a serverless stack")
        }
        return TimedSimulation(
            seconds: result.wallSeconds,
            events: report.metrics.first { $0.name == "events" }?.value ?? 0,
            totalUSD: report.totalUSD
        )
    }

    /// The storm's lines: seed with cohorts and indexed in `--repeats` pairs (the ratio of each
    /// pair, measured under the same load), and the per-event reference once with `--storm-reference`.
    func reconnectStorm(days: Double) throws(InputError) -> [String] {
        var seed: [TimedSimulation] = []
        var indexed: [TimedSimulation] = []
        for _ in 0..<repeats {
            seed.append(try timedSimulation("seed", days: days, reconnects: .cohorts))
            indexed.append(try timedSimulation("indexed", days: days, reconnects: .events))
        }
        let ratios = zip(seed, indexed).map { $0.seconds / $1.seconds }
        var lines = [
            "\nreconnect storm: \(grouped(stormUsers)) users, \(counted(days, "simulated day")), seed 1, one replication, \(counted(Double(repeats), "pair")) (median, min–max)",
            "  seed, --reconnects cohorts: \(Spread(seed.map(\.seconds)).text("%.2f")) s, \(grouped(Int(seed[0].events))) events, \(money(seed[0].totalUSD))/month",
            "  indexed:                    \(Spread(indexed.map(\.seconds)).text("%.2f")) s, \(grouped(Int(indexed[0].events))) events",
            "  seed ÷ indexed, per pair:   \(Spread(ratios).text("%.1f"))× (goal ≤ 10×)",
        ]
        if stormReference {
            let reference = try timedSimulation("seed", days: days, reconnects: .events)
            lines.append(
                "  seed, --reconnects events (once): \(String(format: "%.2f", reference.seconds)) s, \(grouped(Int(reference.events))) events, \(money(reference.totalUSD))/month; events ÷ cohorts \(String(format: "%.1f", reference.seconds / Spread(seed.map(\.seconds)).median))×"
            )
        }
        return lines
    }
}
