import Foundation
import Testing

/// `fanout bench sweep` in its smallest configuration: the structure of what it prints, the
/// counts it reports against the grid it was given, and figures that are present and positive
/// (no timed assertion: the figures are this machine's).
struct BenchSweepCommandTests {
    let cli = BillCommandTests()

    /// The numbers in `line` after `label`, commas removed (`1,234.5 (1.0–2.0)` → 1234.5, 1, 2).
    func numbers(in output: String, after label: String) throws -> [Double] {
        let line = try #require(output.split(separator: "\n").first { $0.contains(label) }, "no line with \(label)")
        let rest = line[line.range(of: label)!.upperBound...].replacingOccurrences(of: ",", with: "")
        return rest.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
    }

    @Test func smallestSweepReportsEveryPartWithTheGridItRan() throws {
        let run = try cli.fanout([
            "bench", "sweep", "--runs", "2", "--users", "1000,2000", "--sizes", "2048", "--days", "0.05",
            "--store-runs", "3",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let out = run.stdout
        #expect(out.contains("load average (1 min) before:"))
        #expect(out.contains("load average (1 min) after:"))

        // Analytic: 2 user counts × 4 architectures × 1 size, on every core, twice.
        let analytic = try numbers(in: out, after: "analytic sweep:")
        #expect(Array(analytic.prefix(4)) == [8, 2, 4, 1])
        #expect(out.contains("2 repeats"))
        let wall = try numbers(in: out, after: "wall time:")
        #expect(wall.count == 3 && wall.allSatisfy { $0 > 0 } && wall[1] <= wall[0] && wall[0] <= wall[2])
        #expect(try numbers(in: out, after: "runs/s:").first.map { $0 > 0 } == true)
        for name in ["seed", "scan", "indexed", "engine"] {
            #expect(out.contains("\n  \(name) "), "no row for \(name)")
        }

        // Event level: 2 user counts × 3 architectures, on all cores and on one.
        let event = try numbers(in: out, after: "event-level sweep:")
        #expect(Array(event.prefix(3)) == [6, 2, 3])
        #expect(try numbers(in: out, after: "1 worker:").first.map { $0 > 0 } == true)
        #expect(try numbers(in: out, after: "speed-up with").last.map { $0 > 0 } == true)
        #expect(out.contains("the goal, ≤ 120 s on 2 cores, is for the default grid"))
        let rows = out.split(separator: "\n").filter {
            $0.hasPrefix("  seed ") || $0.hasPrefix("  scan ") || $0.hasPrefix("  indexed ")
        }
        let eventRows = rows.filter { $0.contains(" M") }  // the event table's events/s column
        #expect(eventRows.count == 3)
        for row in eventRows {
            let cells = row.split(separator: " ").map(String.init)
            #expect(cells[1] == "2", "\(row)")  // runs per architecture
            #expect((Double(cells[2].replacingOccurrences(of: ",", with: "")) ?? 0) > 0, "\(row)")  // events
        }

        // Store: 3 runs written, figures positive.
        #expect(try numbers(in: out, after: "store throughput:").first == 3)
        for label in ["  runs/s:", "line items/s:", "bytes per run"] {
            let figures = try numbers(in: out, after: label)
            #expect(!figures.isEmpty && figures.allSatisfy { $0 > 0 }, "\(label)")
        }
    }

    @Test func oneSelectedPartRunsAlone() throws {
        let run = try cli.fanout(["bench", "sweep", "--store", "--runs", "1", "--store-runs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("store throughput: 2 runs"))
        #expect(!run.stdout.contains("analytic sweep"))
        #expect(!run.stdout.contains("event-level sweep"))
    }

    /// The event-level sweep takes `--reconnects` and names the model in its header (at this
    /// size nothing retries, so the two models' runs are the same); an unknown model is a
    /// one-line error naming the option.
    @Test func reconnectModelIsCheckedAndNamed() throws {
        let run = try cli.fanout([
            "bench", "sweep", "--event", "--users", "1000", "--days", "0.02", "--skip-one-core", "--reconnects",
            "cohorts",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("seed 1, --reconnects cohorts, largest user counts first"), "\(run.stdout)")
        let bad = try cli.fanout(["bench", "sweep", "--event", "--reconnects", "fluid"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("fanout: error: --reconnects: unknown model 'fluid'"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)
    }

    @Test func badInputIsOneLine() throws {
        let run = try cli.fanout(["bench", "sweep", "--runs", "0"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("fanout: error: --runs: must be between 1 and 100"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
