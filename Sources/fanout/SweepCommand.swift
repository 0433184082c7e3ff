import ArgumentParser
import FanoutInput
import Foundation
import Planning
import RunStore
import Scenarios
import Simulator

/// `fanout sweep`: a grid of runs (architectures × varied scenario fields × users), each
/// stored in a run store as it finishes; a rerun runs only what is not stored yet.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a grid of bills or simulations and store every run in a SQLite run store.",
        discussion: """
            The grid is the product of --architecture (a comma-separated list), every --vary \
            (a scenario field by its JSON key path and its values) and --users. Runs go in parallel, \
            one per core, and each is stored (one transaction) as it finishes. A run whose \
            configuration hash is already in the store is skipped, so a killed sweep rerun with the \
            same options completes it. --shard i/n runs a deterministic i-th of the grid.

            Examples:
              fanout sweep --users 20000...100000 --step 20000 --architecture indexed,engine --db runs.sqlite
              fanout sweep --users 20000 --architecture scan --vary broadcasts.size_bytes=2048,16384 --db runs.sqlite
              fanout sweep --users 20000,40000 --architecture indexed --mode simulate --days 1 --db runs.sqlite
            """
    )

    @OptionGroup var userCounts: UserCountOptions

    @Option(
        name: .customLong("vary"),
        help: ArgumentHelp(
            "A scenario field and its values, KEY=v1,v2 (e.g. broadcasts.size_bytes=2048,16384); repeatable.",
            valueName: "key=values"
        )
    )
    var variations: [String] = []

    @Option(help: "bill (analytic) or simulate (event level).")
    var mode = "bill"

    @Option(name: .customLong("days"), parsing: .unconditional, help: "Simulated days per run (simulate).")
    var daysText = "7"

    @Option(parsing: .unconditional, help: "Seed of each run's first replication (simulate).")
    var seed = "1"

    @Option(parsing: .unconditional, help: "Replications per run (simulate).")
    var replications = 1

    @Option(
        help: ArgumentHelp(
            SimulationRunValues.reconnectsHelp + " (simulate; the engine replay has no retries and ignores it)",
            valueName: "model"
        )
    )
    var reconnects = "events"

    @Option(help: ArgumentHelp("The run store (SQLite; created if missing).", valueName: "file"))
    var db: String

    @Option(help: ArgumentHelp("Run only the i-th of n deterministic parts of the grid.", valueName: "i/n"))
    var shard: String?

    @Flag(help: "No progress line and no summary.")
    var quiet = false

    @Flag(help: "Run simulations even when the estimate says one needs more memory or time than this machine has.")
    var force = false

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions

    func run() throws {
        try reportingInputErrors {
            let specs = try gridSpecs()
            let store = try RunStore(path: db)
            let stored = try store.storedHashes()
            let pending = specs.filter { !stored.contains($0.configurationHash) }
            let started = Date()
            let line = ProgressLine(runs: pending.count, quiet: quiet)
            let machine =
                pending.contains { $0.inputs.stack == .selfHosted && $0.mode == .simulate }
                ? CalibrateCommand.describeMachine() : ""
            do throws(InputError) {
                try SweepRunner.run(
                    pending,
                    workers: ProcessInfo.processInfo.activeProcessorCount,
                    machine: machine
                ) { (spec, result) throws(InputError) in
                    Self.pauseForTests()
                    try store.store(spec, result)
                    line.progress.hourClosed()
                }
                line.finish()
            } catch {
                line.finish()
                throw error
            }
            guard !quiet else { return }
            let seconds = Date().timeIntervalSince(started)
            print(
                "sweep: \(specs.count) runs in the grid\(shard.map { " (shard \($0))" } ?? ""), "
                    + "\(specs.count - pending.count) already stored, \(pending.count) run and stored in \(db) "
                    + String(format: "(%.1f s)", seconds)
            )
        }
    }

    /// `FANOUT_TEST_SWEEP_PAUSE_SECONDS`: sleep before storing each run, so a test can kill a sweep mid-way.
    static func pauseForTests() {
        guard let text = ProcessInfo.processInfo.environment["FANOUT_TEST_SWEEP_PAUSE_SECONDS"],
            let seconds = DecimalText.parse(text), seconds > 0, seconds < 60
        else { return }
        usleep(UInt32(seconds * 1e6))
    }

    /// Refuses, unless `--force`, a simulation the estimate says exceeds this machine's memory
    /// or ``RunEstimate/maximumEvents`` (as `simulate` does), naming the grid point.
    func checkEstimate(_ inputs: PlanningInputs, days: Double, architecture: String) throws(InputError) {
        guard !force else { return }
        let estimate = RunEstimate(
            scenario: inputs.scenario,
            days: days,
            replications: replications,
            parallel: ProcessInfo.processInfo.activeProcessorCount
        )
        guard let reason = estimate.refusal(physicalMemory: Double(ProcessInfo.processInfo.physicalMemory)) else {
            return
        }
        throw InputError(
            source: userCounts.users == nil ? model.scenarioSource : "--users",
            keyPath: userCounts.users == nil ? "users" : "",
            message: "at \(Validator.format(inputs.scenario.users)) users on \(architecture): \(reason)"
        )
    }

    /// The runs of this shard of the grid, each checked before anything runs.
    func gridSpecs() throws(InputError) -> [RunSpec] {
        guard let mode = RunSpec.Mode(rawValue: mode) else {
            throw InputError(
                source: "--mode",
                keyPath: "",
                message: "unknown mode '\(mode)' (expected bill or simulate)"
            )
        }
        let run = try SimulationRunValues(
            daysText: daysText,
            replications: replications,
            seedText: seed,
            reconnectsText: reconnects
        )
        let days = run.days
        let architectures = try model.architectureList()
        let grid = SweepGrid(
            architectures: architectures,
            users: try userCounts.counts(),
            variations: try variations.map { (text) throws(InputError) in try SweepGrid.Variation.parse(text) }
        )
        var points = grid.points
        if let shard {
            let (index, count) = try SweepGrid.parseShard(shard)
            points = SweepGrid.shard(points, index: index, count: count)
        }
        var specs: [RunSpec] = []
        for point in points {
            var options = model
            options.architecture = point.architecture
            var inputs = try options.planningInputs(users: point.users, billing: billing.options, horizonDays: nil)
            for setting in point.settings {
                inputs.scenario = try inputs.scenario.setting(setting.keyPath, to: setting.value, source: "--vary")
            }
            switch mode {
            case .bill:
                if run.reconnects != .events {
                    throw InputError(source: "--reconnects", keyPath: "", message: "applies to --mode simulate only")
                }
                specs.append(.bill(inputs))
            case .simulate:
                try options.rejectUnused(on: try options.resolvedArchitecture(), simulating: true)
                if inputs.stack == .selfHosted, replications != 1 {
                    throw InputError(
                        source: "--replications",
                        keyPath: "",
                        message: "the engine replay runs one replication (its output is measured time, not a sample)"
                    )
                }
                _ = try inputs.scenario.validateForSimulation(source: "scenario \(inputs.scenario.name)")
                try inputs.scenario.validateEvents(days: days, source: "scenario \(inputs.scenario.name)")
                try checkEstimate(inputs, days: days, architecture: point.architecture)
                // The engine replay has no retries: its runs keep the reference's hash.
                let reconnects: ReconnectModel = inputs.stack == .selfHosted ? .events : run.reconnects
                specs.append(
                    .simulate(inputs, days: days, replications: replications, seed: run.seed, reconnects: reconnects)
                )
            }
        }
        guard !specs.isEmpty else { throw InputError(source: "sweep", keyPath: "", message: "the grid is empty") }
        return specs
    }
}
