import ArgumentParser
import Billing
import FanoutInput
import Foundation
import Planning
import RunStore

/// `fanout breaks`: every limit a stack runs into, in the order it binds, to one user.
struct BreaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breaks",
        abstract: "What breaks first, and at how many users: each limit's breaking point, in order.",
        discussion: """
            For each architecture, every limit its analytic bill reports between --min and --max \
            users, at the fewest users at which it binds (a log grid, then bisection to one user), \
            with demand against capacity there and the month's total one user before and at it.

            Examples:
              fanout breaks
              fanout breaks --architecture seed,scan,indexed,engine --format csv
              fanout breaks --architecture seed,scan,indexed,engine --db runs.sqlite
            """
    )

    @Option(name: .customLong("min"), parsing: .unconditional, help: "Fewest users searched.")
    var minimumText = "100"

    @Option(name: .customLong("max"), parsing: .unconditional, help: "Most users searched.")
    var maximumText = "1000000"

    @Option(help: ArgumentHelp("Also store each architecture's breaking points in this run store.", valueName: "file"))
    var db: String?

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingInputErrors {
            let format = try outputOptions.resolvedFormat()
            try outputOptions.checkTargets()
            let store = try db.map { (path) throws(InputError) in try RunStore(path: path) }
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
            let reports = try inputs.map { (stack) throws(InputError) in
                try BreakingPoints.search(stack, minimumUsers: minimum, maximumUsers: maximum)
            }
            for (report, stack) in zip(reports, inputs) { try store?.store(report, of: stack) }
            let text: String
            switch format {
            case .json: text = BreakingPoints.jsonText(reports)
            case .csv: text = BreakingPoints.csvText(reports)
            case .table: text = reports.map { $0.tableText() }.joined(separator: "\n")
            }
            try outputOptions.emit(text)
        }
    }
}
