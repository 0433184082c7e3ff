import Architectures
import ArgumentParser
import Billing
import FanoutInput
import Foundation
import Planning
import Pricing
import Reports
import Scenarios
import Simulator

/// `fanout simulate`: the event-level month, with every limit acting in time.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate the stack event by event and bill what happened.",
        discussion: """
            Users come online (following the scenario's daily profile), API Gateway cuts every \
            connection at 2 h and clients reconnect, handlers run against DynamoDB token buckets \
            with the SDK's retries, Lambda timeouts cut fan-outs, and the table keeps the rows the \
            handlers failed to delete. The simulated days are billed as the scenario's month.

            Examples:
              fanout simulate --users 20000 --architecture seed --days 7 --seed 1
              fanout simulate --users 20000 --architecture indexed --days 1 --replications 10 --format json
              fanout simulate --users 100000 --architecture seed --days 1 --reconnects cohorts
            """
    )

    @Option(parsing: .unconditional, help: "Users (default: the scenario's).")
    var users: String?

    @Option(name: .customLong("days"), parsing: .unconditional, help: "Simulated days (0.01 to 62).")
    var daysText = "7"

    @Option(parsing: .unconditional, help: "Seed of the first replication; replication i uses seed + i.")
    var seed = "1"

    @Option(
        parsing: .unconditional,
        help: "Independent replications, run in parallel; more than one adds 95 % confidence intervals."
    )
    var replications = 1

    @Option(help: ArgumentHelp("Also write the hourly time series as CSV to this file.", valueName: "file"))
    var timeseries: String?

    @Option(help: ArgumentHelp(SimulationRunValues.reconnectsHelp, valueName: "model"))
    var reconnects = "events"

    @Flag(help: "Run even when the estimate says the run needs more memory or time than this machine has.")
    var force = false

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var store: StoreOption

    /// Prints the run's report (the serverless simulation or the engine replay's bill), and the
    /// hourly series to `--timeseries`.
    func emit(_ result: RunResult, days: Double, format: OutputFormat) throws(InputError) {
        let inputs = model.inputsDescription(extra: runOptions(days: days))
        switch result.report {
        case .bill(let bill):  // not produced by a simulate spec; printed as `bill` would
            try requireFinite(bill, inputs: inputs)
            switch format {
            case .json: try outputOptions.emit([bill].jsonText())
            case .csv: try outputOptions.emit([bill].csvText())
            case .table: try outputOptions.emit(bill.tableText())
            }
        case .engine(let report):
            try requireFinite(report, inputs: inputs)
            switch format {
            case .json: try outputOptions.emit(report.jsonText())
            case .csv: try outputOptions.emit([report.bill].csvText())
            case .table: try outputOptions.emit(report.tableText())
            }
        case .simulation(let report):
            try requireFinite(report, inputs: inputs)
            let text: String
            switch format {
            case .json: text = report.jsonText()
            case .csv: text = report.csvText()
            case .table: text = report.tableText()
            }
            try outputOptions.emit(text, other: timeseries.map { [($0, report.timeseriesCSV())] } ?? [])
        }
    }

    /// Options the engine replay cannot honour, refused before it runs.
    func rejectEngineOptions(_ run: SimulationRunValues) throws(InputError) {
        if run.reconnects != .events {
            throw InputError(
                source: "--reconnects",
                keyPath: "",
                message: "has no effect on the engine architecture (its replay keeps connections open)"
            )
        }
        guard replications == 1 else {
            throw InputError(
                source: "--replications",
                keyPath: "",
                message: "the engine replay runs one replication (its output is measured time, not a sample)"
            )
        }
        if timeseries != nil {
            throw InputError(
                source: "--timeseries",
                keyPath: "",
                message: "has no effect on the engine architecture (the replay keeps no hourly series)"
            )
        }
    }

    /// Refuses, unless `--force`, a run the estimate says exceeds this machine's memory or
    /// ``RunEstimate/maximumEvents``; the error names `--users` or the scenario's `users`.
    func checkEstimate(scenario: Scenario, days: Double, users: Double?) throws(InputError) {
        guard !force else { return }
        let estimate = RunEstimate(
            scenario: scenario,
            days: days,
            replications: replications,
            parallel: ProcessInfo.processInfo.activeProcessorCount
        )
        guard let reason = estimate.refusal(physicalMemory: Double(ProcessInfo.processInfo.physicalMemory)) else {
            return
        }
        throw users != nil
            ? InputError(source: "--users", keyPath: "", message: reason)
            : InputError(source: model.scenarioSource, keyPath: "users", message: reason)
    }

    /// The run's own options, for error messages.
    func runOptions(days: Double) -> [String] {
        (users.map { ["--users \($0)"] } ?? []) + ["--days \(Validator.format(days))", "--seed \(seed)"]
    }

    func run() throws {
        try reportingInputErrors {
            let format = try outputOptions.resolvedFormat()
            try outputOptions.checkTargets(other: [("--timeseries", timeseries)])
            try store.check()
            let run = try SimulationRunValues(
                daysText: daysText,
                replications: replications,
                seedText: seed,
                reconnectsText: reconnects
            )
            let (days, seed) = (run.days, run.seed)
            let counts = try UserCounts.parse(users, step: nil)
            guard (counts?.count ?? 1) == 1 else {
                throw InputError(
                    source: "--users",
                    keyPath: "",
                    message: "simulate takes one user count (use bill for a curve)"
                )
            }
            let scenario = try model.resolvedScenario(users: counts?.first)
            do throws(InputError) {
                _ = try scenario.validateForSimulation(source: model.scenarioSource)
                try scenario.validateEvents(days: days, source: model.scenarioSource)
            } catch {
                throw model.attributed(error, users: counts?.first)
            }
            try checkEstimate(scenario: scenario, days: days, users: counts?.first)
            let resolved = try model.resolvedArchitecture()
            try model.rejectUnused(on: resolved, simulating: true)
            let prices = try model.resolvedPrices()
            let architecture: PlanningInputs.Architecture
            switch resolved {
            case .serverless(let design): architecture = .serverless(design)
            case .selfHosted(let deployment):
                try rejectEngineOptions(run)
                architecture = .selfHosted(deployment)
            }
            let inputs = PlanningInputs(
                scenario: scenario,
                architecture: architecture,
                prices: prices,
                latency: try model.resolvedLatency(),
                quotas: try model.resolvedQuotas(),
                billing: billing.options
            )
            let spec = RunSpec.simulate(
                inputs,
                days: days,
                replications: replications,
                seed: seed,
                reconnects: run.reconnects
            )
            let progressLine = ProgressLine(days: days, replications: replications)
            var machine = ""
            if case .selfHosted = architecture { machine = CalibrateCommand.describeMachine() }
            let result: RunResult
            do throws(InputError) {
                result = try spec.execute(machine: machine, progress: progressLine.progress)
                progressLine.finish()
            } catch {
                progressLine.finish()
                throw error
            }
            try emit(result, days: days, format: format)
            try store.store([(spec, result)])
        }
    }
}
