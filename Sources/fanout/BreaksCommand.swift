import ArgumentParser
import Billing
import FanoutInput
import Foundation
import Planning
import RunStore
import Scenarios
import Simulator

/// `fanout breaks`: every limit a stack runs into, in the order it binds, to one user.
struct BreaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breaks",
        abstract: "What breaks first, and at how many users: each limit's breaking point, in order.",
        discussion: """
            For each architecture, every limit its analytic bill reports between --min and --max \
            users, at the fewest users at which it binds (a log grid, then bisection to one user), \
            with demand against capacity there and the month's total one user before and at it.

            --confirm simulates each breaking point a little below and above it (--confirm-share \
            of its users, at least 10) for --days and reports whether the simulator agrees: clear \
            below, the limit reported above. A limit the simulator does not model is "not simulated".

            Examples:
              fanout breaks
              fanout breaks --architecture indexed --confirm
              fanout breaks --architecture seed,scan,indexed,engine --format csv
              fanout breaks --architecture seed,scan,indexed,engine --db runs.sqlite
            """
    )

    @Option(name: .customLong("min"), parsing: .unconditional, help: "Fewest users searched.")
    var minimumText = "100"

    @Option(name: .customLong("max"), parsing: .unconditional, help: "Most users searched.")
    var maximumText = "1000000"

    @OptionGroup var store: StoreOption

    @Flag(help: "Simulate each breaking point a little below and above it and say whether the simulator agrees.")
    var confirm = false

    @Option(
        name: .customLong("confirm-share"),
        parsing: .unconditional,
        help: "With --confirm: the offset below and above each point, as a share of its users (at least 10 users)."
    )
    var shareText = "0.1"

    @Option(
        name: .customLong("confirm-max-users"),
        parsing: .unconditional,
        help: "With --confirm: the most users simulated (a point whose run above would exceed it is not run)."
    )
    var confirmMaximumText = "300000"

    @Option(name: .customLong("days"), parsing: .unconditional, help: "With --confirm: simulated days per run.")
    var daysText = "1"

    @Option(parsing: .unconditional, help: "With --confirm: replications per run.")
    var replications = 1

    @Option(parsing: .unconditional, help: "With --confirm: seed of each run's first replication.")
    var seed = "1"

    @Option(help: ArgumentHelp("With --confirm: " + SimulationRunValues.reconnectsHelp, valueName: "model"))
    var reconnects = "events"

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingInputErrors {
            let format = try outputOptions.resolvedFormat()
            try outputOptions.checkTargets()
            try store.check()
            let minimum = try DecimalText.option(minimumText, "--min")
            let maximum = try DecimalText.option(maximumText, "--max")
            guard minimum >= 1, minimum == minimum.rounded() else {
                throw InputError(
                    source: "--min",
                    keyPath: "",
                    message: "must be a whole number of users ≥ 1 (got \(DecimalText.describe(minimum)))"
                )
            }
            guard maximum > minimum, maximum <= 1e7, maximum == maximum.rounded() else {
                throw InputError(
                    source: "--max",
                    keyPath: "",
                    message:
                        "must be a whole number of users above --min and at most 10000000 (got \(DecimalText.describe(maximum)))"
                )
            }
            var inputs: [PlanningInputs] = []
            for name in try model.architectureList() {
                var options = model
                options.architecture = name
                inputs.append(try options.planningInputs(users: nil, billing: billing.options, horizonDays: nil))
            }
            let settings = try confirmation()
            if let settings {
                for stack in inputs where stack.stack == .serverless {
                    let source = "scenario \(stack.scenario.name)"
                    _ = try stack.scenario.validateForSimulation(source: source)
                    try stack.scenario.validateEvents(days: settings.days, source: source)
                }
            }
            var reports = try inputs.map { (stack) throws(InputError) in
                try BreakingPoints.search(stack, minimumUsers: minimum, maximumUsers: maximum)
            }
            // Opened before --confirm's simulations, which are stored as each one ends.
            let runStore = try store.open()
            if let settings {
                reports = try BreakingPoints.confirm(reports, of: inputs, with: settings) {
                    (spec, result) throws(InputError) in try runStore?.store(spec, result)
                }
            }
            for (report, stack) in zip(reports, inputs) { try runStore?.store(report, of: stack) }
            let text: String
            switch format {
            case .json: text = BreakingPoints.jsonText(reports)
            case .csv: text = BreakingPoints.csvText(reports)
            case .table: text = reports.map { $0.tableText() }.joined(separator: "\n")
            }
            try outputOptions.emit(text)
        }
    }

    /// The `--confirm` settings (nil without it); the simulation options without `--confirm` are an error.
    func confirmation() throws(InputError) -> BreakingPoints.Confirmation? {
        let share = try DecimalText.option(shareText, "--confirm-share")
        let most = try DecimalText.option(confirmMaximumText, "--confirm-max-users")
        guard confirm else {
            let given = [
                ("--confirm-share", shareText != "0.1"), ("--confirm-max-users", confirmMaximumText != "300000"),
                ("--days", daysText != "1"), ("--replications", replications != 1), ("--seed", seed != "1"),
                ("--reconnects", reconnects != "events"),
            ]
            if let (option, _) = given.first(where: \.1) {
                throw InputError(source: option, keyPath: "", message: "needs --confirm (it sets up its simulations)")
            }
            return nil
        }
        guard share > 0, share < 1 else {
            throw InputError(
                source: "--confirm-share",
                keyPath: "",
                message: "must be above 0 and below 1 (got \(DecimalText.describe(share)))"
            )
        }
        guard most >= 1, most <= 1e7, most == most.rounded() else {
            throw InputError(
                source: "--confirm-max-users",
                keyPath: "",
                message: "must be a whole number of users from 1 to 10000000 (got \(DecimalText.describe(most)))"
            )
        }
        let run = try SimulationRunValues(
            daysText: daysText,
            replications: replications,
            seedText: seed,
            reconnectsText: reconnects
        )
        return BreakingPoints.Confirmation(
            days: run.days,
            replications: run.replications,
            seed: run.seed,
            share: share,
            maximumUsers: most,
            reconnects: run.reconnects
        )
    }
}
