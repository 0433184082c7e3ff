import ArgumentParser
import Billing
import FanoutInput
import Planning

/// `fanout bill`: the analytic monthly bill, for one user count or a cost curve.
struct BillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract: "Price a month of a scenario on an architecture (analytic steady state).",
        discussion: """
            Prints one line per billed item, the total, the share of intended fan-out deliveries \
            that happen, and every limit the stack exceeds (demand against capacity). Several user \
            counts print a cost curve. --format infracost-usage writes Infracost's usage file for \
            one user count instead (keyed by the template's logical ids with --template).

            Examples:
              fanout bill --users 20000
              fanout bill --users 20000...100000 --step 20000 --architecture indexed --format csv
              fanout bill --users 20000 --template models/templates/seed-api-gateway-websocket.yaml
              fanout bill --users 20000 --architecture indexed --format infracost-usage > infracost-usage.yml
            """
    )

    @OptionGroup var userCounts: UserCountOptions

    @OptionGroup var horizon: HorizonOption

    @OptionGroup var billing: BillingSwitches
    @OptionGroup var model: ModelOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var store: StoreOption

    func run() throws {
        try reportingInputErrors {
            // `infracost-usage` is bill's own format; the others are every command's.
            let format = outputOptions.wantsInfracostUsage ? .table : try outputOptions.resolvedFormat()
            try outputOptions.checkTargets()
            try store.check()
            let counts = try userCounts.counts()
            let horizonDays = try horizon.resolved()
            // One set of inputs, its scenario resolved (and validated) at each user count.
            var inputs = try model.planningInputs(
                users: counts?.first,
                billing: billing.options,
                horizonDays: horizonDays
            )
            var runs: [(spec: RunSpec, result: RunResult)] = []
            for count in counts.map({ $0.map(Optional.some) }) ?? [nil] {
                inputs.scenario = try model.resolvedScenario(users: count)
                let spec = RunSpec.bill(inputs)
                runs.append((spec, try spec.execute()))
            }
            let bills = runs.map { run -> Bill in
                guard case .bill(let bill) = run.result.report else { preconditionFailure("a bill spec made a bill") }
                return bill
            }
            try requireFinite(bills, inputs: model.inputsDescription(extra: userCounts.described))
            let text: String
            if outputOptions.wantsInfracostUsage {
                text = try model.infracostUsageText(bills: bills, inputs: inputs)
            } else {
                switch format {
                case .json: text = bills.jsonText()
                case .csv: text = bills.csvText()
                case .table: text = bills.count == 1 ? bills[0].tableText() : bills.curveTableText()
                }
            }
            try outputOptions.emit(text)
            try store.store(runs)
        }
    }
}
