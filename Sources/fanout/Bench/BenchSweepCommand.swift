import ArgumentParser
import Billing
import FanoutInput
import Foundation
import Planning
import RunStore
import Simulator
import TextOutput

/// `fanout bench sweep`: the planning workflow's throughput: an analytic sweep, an event-level
/// sweep on all cores against one, and the run store's writes.
struct BenchSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep throughput: analytic runs/s, the event-level sweep on all cores vs one, run-store writes.",
        discussion: """
            --analytic: bills of --users × seed, scan, indexed, engine × --sizes (broadcast bytes), \
            on all cores, --runs times. --event: simulations of --users × seed, scan, indexed for \
            --days, once on all cores and once on one (the speed-up is measured in this run), largest \
            user counts first, the seed's retries as --reconnects says. --store: --store-runs analytic runs written to a new store in the \
            temporary directory, --runs times. None of the three flags: all three. Build with -c release.
            """
    )

    @Flag(help: "Time the analytic sweep.") var analytic = false
    @Flag(help: "Time the event-level sweep (minutes at the defaults).") var event = false
    @Flag(help: "Time run-store writes.") var store = false

    @Option(parsing: .unconditional, help: "Repeats of the analytic sweep and of the store writes.")
    var runs = 5

    @Option(parsing: .unconditional, help: "Users: a list or a range a...b with --step.")
    var users = "20000...100000"

    @Option(parsing: .unconditional, help: "Step between user counts in a range.")
    var step = "10000"

    @Option(parsing: .unconditional, help: "Broadcast sizes of the analytic sweep, bytes (broadcasts.size_bytes).")
    var sizes = "512,2048,16384"

    @Option(name: .customLong("days"), parsing: .unconditional, help: "Simulated days per event-level run.")
    var daysText = "7"

    @Option(parsing: .unconditional, help: "Runs written per store measurement.")
    var storeRuns = 200

    @Flag(help: "Skip the event-level sweep's one-core pass (no speed-up).")
    var skipOneCore = false

    @Option(help: ArgumentHelp("Event-level sweep: " + SimulationRunValues.reconnectsHelp, valueName: "model"))
    var reconnects = "events"

    static let analyticArchitectures = ["seed", "scan", "indexed", "engine"]
    static let eventArchitectures = ["seed", "scan", "indexed"]
    /// The event-level sweep's goal on this project's 2-core machine (issue 10).
    static let eventGoalSeconds = 120.0

    func run() throws {
        try reportingInputErrors {
            guard (1...100).contains(runs) else {
                throw InputError(source: "--runs", keyPath: "", message: "must be between 1 and 100 (got \(runs))")
            }
            guard (1...100_000).contains(storeRuns) else {
                throw InputError(
                    source: "--store-runs",
                    keyPath: "",
                    message: "must be between 1 and 100000 (got \(storeRuns))"
                )
            }
            let counts = try UserCounts.parse(users, step: users.contains("...") ? step : nil) ?? []
            let sizeList = try sizes.split(separator: ",", omittingEmptySubsequences: false).map {
                (text) throws(InputError) in try DecimalText.option(String(text), "--sizes")
            }
            let run = try SimulationRunValues(
                daysText: daysText,
                replications: 1,
                seedText: "1",
                reconnectsText: reconnects
            )
            let days = run.days
            let all = !analytic && !event && !store
            #if DEBUG
            print("note: debug build; run `swift run -c release fanout bench sweep` for real figures\n")
            #endif
            let environment = BenchEnvironment()
            print(environment.header)
            defer { print(environment.footer()) }
            let cores = ProcessInfo.processInfo.activeProcessorCount
            if all || analytic {
                let specs = try Self.specs(Self.analyticArchitectures, counts, sizes: sizeList) { .bill($0) }
                let timings = try (0..<runs).map { (_) throws(InputError) in
                    try SweepTiming.measure(specs, workers: cores)
                }
                print(
                    "\nanalytic sweep: \(specs.count) runs (\(counted(Double(counts.count), "user count")) × \(counted(Double(Self.analyticArchitectures.count), "architecture")) × \(counted(Double(sizeList.count), "broadcast size"))), \(counted(Double(cores), "worker")), \(counted(Double(runs), "repeat"))"
                )
                print("  wall time: \(Spread(timings.map(\.wallSeconds)).text("%.3f")) s (median, min–max)")
                print("  runs/s: \(Spread(timings.map(\.runsPerSecond)).text("%.1f"))")
                print(BenchSweepReport.shareTable(timings.map(\.shares)))
            }
            if all || event {
                let specs = try Self.specs(Self.eventArchitectures, counts, sizes: []) {
                    .simulate($0, days: days, replications: 1, seed: 1, reconnects: run.reconnects)
                }
                .sorted { $0.users > $1.users }
                print(
                    "\nevent-level sweep: \(specs.count) runs (\(counted(Double(counts.count), "user count")) × \(counted(Double(Self.eventArchitectures.count), "architecture"))), \(counted(days, "simulated day")), 1 replication, seed 1, --reconnects \(run.reconnects.rawValue), largest user counts first"
                )
                print("  load average (1 min) at start: \(BenchEnvironment.format(BenchEnvironment.loadAverage()))")
                let full = try SweepTiming.measure(specs, workers: cores)
                print("  \(cores) workers: \(String(format: "%.1f", full.wallSeconds)) s wall")
                let single = skipOneCore || cores == 1 ? nil : try SweepTiming.measure(specs, workers: 1)
                let isGoalGrid = counts == Array(stride(from: 20_000.0, through: 100_000, by: 10_000)) && days == 7
                print(
                    BenchSweepReport.eventSummary(
                        full: full,
                        single: single,
                        goalSeconds: isGoalGrid ? Self.eventGoalSeconds : nil
                    )
                )
                print("  load average (1 min) at end: \(BenchEnvironment.format(BenchEnvironment.loadAverage()))")
            }
            if all || store {
                // Distinct user counts give distinct configuration hashes: every run is inserted.
                let counts = (0..<storeRuns).map { Double(1000 + $0) }
                let specs = try Self.specs(["indexed"], counts, sizes: []) { .bill($0) }
                let pairs = try specs.map { (spec) throws(InputError) in (spec, try spec.execute()) }
                let directory = FileManager.default.temporaryDirectory
                let measured = try (0..<runs).map { (_) throws(InputError) in
                    try StoreThroughput.measure(pairs, in: directory)
                }
                print(BenchSweepReport.storeSummary(measured, repeats: runs))
            }
        }
    }

    /// One spec per architecture × size (none: the scenario's) × user count, made by `make`.
    static func specs(
        _ architectures: [String],
        _ counts: [Double],
        sizes: [Double],
        make: (PlanningInputs) -> RunSpec
    ) throws(InputError) -> [RunSpec] {
        var specs: [RunSpec] = []
        for name in architectures {
            var options = defaultModel()
            options.architecture = name
            for size in sizes.isEmpty ? [nil] : sizes.map(Optional.some) {
                for users in counts {
                    var inputs = try options.planningInputs(users: users, billing: BillingOptions(), horizonDays: nil)
                    if let size {
                        inputs.scenario = try inputs.scenario.setting(
                            "broadcasts.size_bytes",
                            to: plainNumber(size),
                            source: "--sizes"
                        )
                    }
                    specs.append(make(inputs))
                }
            }
        }
        return specs
    }

    /// The model options with every default (built-in scenario, models and prices).
    static func defaultModel() -> ModelOptions {
        do { return try ModelOptions.parse([]) } catch { preconditionFailure("default model options: \(error)") }
    }
}
