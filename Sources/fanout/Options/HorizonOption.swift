import ArgumentParser
import FanoutInput

/// `--horizon-days`: over how many days a table without a steady state is billed.
struct HorizonOption: ParsableArguments {
    @Option(
        name: .customLong("horizon-days"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "When the table grows without bound (stale rows), bill its mean over this many days from a table with none. Default: the scenario's month.",
            valueName: "days"
        )
    )
    var horizonDaysText: String?

    /// The days given, checked (0 < days ≤ 3650), or nil for the scenario's month.
    func resolved() throws(InputError) -> Double? {
        guard let horizonDaysText else { return nil }
        let days = try DecimalText.option(horizonDaysText, "--horizon-days")
        guard days > 0, days <= 3_650 else {
            throw InputError(
                source: "--horizon-days",
                keyPath: "",
                message: "must be within 0 < days ≤ 3650 (got \(days))"
            )
        }
        return days
    }
}
