import Foundation
import Planning
import RunStore
import TextOutput

/// The text `fanout bench sweep` prints for each of its parts.
enum BenchSweepReport {
    /// Each architecture's runs, summed run time (median over the repeats) and share of it.
    static func shareTable(_ repeats: [[SweepTiming.Share]]) -> String {
        guard let first = repeats.first else { return "" }
        let medians = first.indices.map { index in Spread(repeats.map { $0[index].runSeconds }).median }
        let total = medians.reduce(0, +)
        let rows = zip(first, medians).map { share, seconds in
            [share.architecture, "\(share.runs)", String(format: "%.3f s", seconds), percent(seconds, of: total)]
        }
        return indented(
            textTable(
                header: ["architecture", "runs", "summed run time", "share"],
                rows: rows,
                rightAligned: [1, 2, 3]
            )
        )
    }

    /// The event-level sweep: wall time on all cores and on one, the speed-up, the goal, and
    /// each architecture's runs, events and share of the summed run time in both passes.
    /// `goalSeconds` is nil when the grid is not the one the goal is set for.
    static func eventSummary(full: SweepTiming, single: SweepTiming?, goalSeconds: Double?) -> String {
        var out = ""
        if let single {
            out += "  1 worker: \(String(format: "%.1f", single.wallSeconds)) s wall; "
            out += "speed-up with \(full.workers): \(String(format: "%.2f", single.wallSeconds / full.wallSeconds))×\n"
        }
        let wall = full.wallSeconds
        if let goalSeconds {
            out += "  goal ≤ \(plainNumber(goalSeconds)) s with \(full.workers) workers: "
            out +=
                wall <= goalSeconds
                ? "met (\(String(format: "%.1f", goalSeconds - wall)) s to spare)\n"
                : "missed by \(String(format: "%.1f", wall - goalSeconds)) s (\(String(format: "%.1f", wall / goalSeconds))× the goal)\n"
        } else {
            out += "  (the goal, ≤ 120 s on 2 cores, is for the default grid: 20000...100000 step 10000, 7 days)\n"
        }
        var header = ["architecture", "runs", "events", "run time (\(full.workers) workers)", "share"]
        if single != nil { header += ["run time (1 worker)", "share", "events/s (1 worker)"] }
        let rows = full.shares.map { share -> [String] in
            var row = [
                share.architecture, "\(share.runs)", grouped(share.events), String(format: "%.2f s", share.runSeconds),
                percent(share.runSeconds, of: full.runSeconds),
            ]
            if let single, let alone = single.shares.first(where: { $0.architecture == share.architecture }) {
                row += [
                    String(format: "%.2f s", alone.runSeconds), percent(alone.runSeconds, of: single.runSeconds),
                    String(format: "%.2f M", alone.events / alone.runSeconds / 1e6),
                ]
            }
            return row
        }
        out += indented(textTable(header: header, rows: rows, rightAligned: Set(1..<header.count))) + "\n"
        out += "  (run time: each architecture's runs' wall seconds summed; on one worker they add up to its wall time)"
        return out
    }

    /// Runs and line items written per second and bytes per run, median and range over the repeats.
    static func storeSummary(_ repeats: [StoreThroughput], repeats count: Int) -> String {
        guard let first = repeats.first else { return "" }
        let perRun = Double(first.lineItems) / Double(first.runs)
        return """

            store throughput: \(first.runs) runs (indexed bills, \(plainNumber(perRun)) line items each) written one \
            transaction each to a new store in the temporary directory, \(counted(Double(count), "repeat"))
              runs/s: \(Spread(repeats.map(\.runsPerSecond)).text("%.0f"))
              line items/s: \(Spread(repeats.map(\.lineItemsPerSecond)).text("%.0f"))
              bytes per run (database and WAL after a truncating checkpoint): \(Spread(repeats.map(\.bytesPerRun)).text("%.0f")) B
            """
    }

    static func percent(_ part: Double, of total: Double) -> String {
        total > 0 ? String(format: "%.0f %%", part / total * 100) : "–"
    }

    static func indented(_ table: String) -> String {
        table.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }
}
