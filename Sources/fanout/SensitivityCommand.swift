import ArgumentParser
import Billing
import FanoutInput
import Planning
import RunStore
import Scenarios

/// `fanout sensitivity`: every named assumption varied alone from low to high, largest swing first.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Vary each named assumption alone from low to high and show what moves the bill most.",
        discussion: """
            A tornado table: for every assumption in models/ that enters the architecture's bill \
            (Lambda latency figures, cold starts, the engine's sizing assumptions, session length, \
            the idle-timeout rule, the billing switches), the month's total at its low and high \
            value and the user count at which the first limit binds (bisection over 100 to \
            1,000,000 users, 2 %). Ranges and their reasons: models/assumptions/ranges.json.

            Examples:
              fanout sensitivity --users 20000
              fanout sensitivity --users 100000 --architecture engine --format csv
              fanout sensitivity --users 20000 --architecture indexed --db runs.sqlite
            """
    )

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Users to bill (one count). Default: the scenario's.", valueName: "users")
    )
    var users: String?

    @Option(
        help: ArgumentHelp(
            "Low and high values with reasons, JSON (default: compiled-in models/assumptions/ranges.json).",
            valueName: "file"
        )
    )
    var ranges: String?

    @OptionGroup var horizon: HorizonOption

    @OptionGroup var store: StoreOption

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingInputErrors {
            let format = try outputOptions.resolvedFormat()
            try outputOptions.checkTargets()
            try store.check()
            let count = try users.map { (text) throws(InputError) in try DecimalText.option(text, "--users") }
            let horizonDays = try horizon.resolved()
            let inputs = try model.planningInputs(users: count, billing: billing.options, horizonDays: horizonDays)
            let assumptionRanges = try ranges.map { (path) throws(InputError) in try AssumptionRanges.load(path: path) }
            let report = try Sensitivity.run(
                inputs,
                users: inputs.scenario.users,
                ranges: assumptionRanges ?? .builtIn
            )
            try requireFinite(report, inputs: model.inputsDescription(extra: users.map { ["--users \($0)"] } ?? []))
            try store.open()?.store(report, of: inputs, ranges: assumptionRanges ?? .builtIn)
            let text: String
            switch format {
            case .json: text = report.jsonText()
            case .csv: text = report.csvText()
            case .table: text = report.tableText()
            }
            try outputOptions.emit(text)
        }
    }
}

extension ModelOptions {
    /// The scenario, architecture and model files these options name, as one set of planning inputs.
    func planningInputs(
        users: Double?,
        billing: BillingOptions,
        horizonDays: Double?
    ) throws(InputError) -> PlanningInputs {
        let resolved = try resolvedArchitecture()
        try rejectUnused(on: resolved, simulating: false)
        let architecture: PlanningInputs.Architecture
        switch resolved {
        case .serverless(let design): architecture = .serverless(design)
        case .selfHosted(let deployment): architecture = .selfHosted(deployment)
        }
        return PlanningInputs(
            scenario: try resolvedScenario(users: users),
            architecture: architecture,
            prices: try resolvedPrices(),
            latency: try resolvedLatency(),
            quotas: try resolvedQuotas(),
            calibration: try resolvedCalibration(),
            billing: billing,
            horizonDays: horizonDays
        )
    }
}
