import FanoutInput

/// The simulated days, replications and first seed of a simulation, checked the same way by
/// every command that takes `--days`, `--replications` and `--seed` (`simulate`, `sweep`,
/// `breaks --confirm`); each command keeps its own defaults and help.
struct SimulationRunValues {
    var days: Double
    var replications: Int
    var seed: UInt64

    /// Parses and checks the options' text: days within ``PhysicalRanges/simulatedDays``,
    /// 1 to 1,000 replications, a seed that fits 64 unsigned bits; errors name the option.
    init(daysText: String, replications: Int, seedText: String) throws(InputError) {
        days = try DecimalText.option(daysText, "--days")
        try Validator(source: "--days").check("", days, PhysicalRanges.simulatedDays)
        guard (1...1000).contains(replications) else {
            throw InputError(
                source: "--replications",
                keyPath: "",
                message: "must be between 1 and 1000 (got \(replications))"
            )
        }
        self.replications = replications
        guard let seed = UInt64(seedText) else {
            throw InputError(
                source: "--seed",
                keyPath: "",
                message: "must be a whole number from 0 to 18446744073709551615 (got \(seedText))"
            )
        }
        self.seed = seed
    }
}
