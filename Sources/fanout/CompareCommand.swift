import ArgumentParser
import Billing
import FanoutInput
import Planning
import Scenarios

/// `fanout compare`: the architectures side by side at a list of user counts.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The architectures side by side: totals, subtotals, cheapest, crossovers, first limits.",
        discussion: """
            Bills every architecture at every user count (the analytic bill, as `fanout bill`): \
            each service's subtotal, the total, the delivered ratio and how many limits are \
            exceeded; the cheapest design that delivers everything (delivered ratio ≥ 1 − 10⁻⁹ and \
            no limit exceeded) at each count; the user count, to one user, at which one design's \
            total crosses another's between two consecutive counts (bisection on the bills); and \
            the fewest users at which each design's first limit binds (100 to 1,000,000 users). \
            The serverless designs are shown both without and with data transfer out (--dto), so \
            compare takes no --dto; the engine (EC2) always pays it.

            Examples:
              fanout compare --users 20000,50000,100000
              fanout compare --users 2000...10000 --step 2000 --architecture scan,indexed,engine --format csv
            """
    )

    /// The architectures compared when `--architecture` is not given.
    static let defaultArchitectures = ["seed", "scan", "indexed", "engine"]

    @OptionGroup var userCounts: UserCountOptions

    @OptionGroup var horizon: HorizonOption

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingInputErrors {
            let format = try outputOptions.resolvedFormat()
            try outputOptions.checkTargets()
            if billing.dataTransferOut {
                throw InputError(
                    source: "--dto",
                    keyPath: "",
                    message: "compare always shows the serverless designs both without and with data transfer out"
                )
            }
            let horizonDays = try horizon.resolved()
            let names =
                model.architectureOption == nil && model.template == nil
                ? Self.defaultArchitectures : try model.architectureList()
            var designs: [PlanningInputs] = []
            for name in names {
                var options = model
                options.architecture = name
                let design = try options.planningInputs(users: nil, billing: billing.options, horizonDays: horizonDays)
                if designs.contains(where: { $0.architectureName == design.architectureName }) {
                    throw InputError(
                        source: "--architecture",
                        keyPath: "",
                        message: "'\(design.architectureName)' is listed twice"
                    )
                }
                designs.append(design)
            }
            // Every count checked (errors name --users) before anything is billed.
            var counts: [Double] = []
            for count in try userCounts.counts() ?? [designs[0].scenario.users] {
                counts.append(try model.resolvedScenario(users: count).users)
            }
            let comparison = try Comparison.compare(designs, users: counts)
            try requireFinite(
                comparison,
                inputs: model.inputsDescription(extra: userCounts.described)
            )
            let text: String
            switch format {
            case .json: text = comparison.jsonText()
            case .csv: text = comparison.csvText()
            case .table: text = comparison.tableText()
            }
            try outputOptions.emit(text)
        }
    }
}
