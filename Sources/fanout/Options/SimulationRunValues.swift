import FanoutInput
import Simulator

/// The simulated days, replications and first seed of a simulation, checked the same way by
/// every command that takes `--days`, `--replications` and `--seed` (`simulate`, `sweep`,
/// `breaks --confirm`); each command keeps its own defaults and help.
struct SimulationRunValues {
    var days: Double
    var replications: Int
    var seed: UInt64
    /// How retrying clients are represented (`--reconnects`, where a command has it).
    var reconnects: ReconnectModel

    /// The help of `--reconnects`, the same in every command that has it.
    static let reconnectsHelp =
        "How retrying clients are simulated: events (one event per attempt, the reference) or cohorts (retries due in the same 1/128 s decided together against the connect-rate quota; much faster in reconnect storms)."

    /// Parses and checks the options' text: days within ``PhysicalRanges/simulatedDays``,
    /// 1 to 1,000 replications, a seed that fits 64 unsigned bits, `events` or `cohorts`;
    /// errors name the option.
    init(daysText: String, replications: Int, seedText: String, reconnectsText: String = "events") throws(InputError) {
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
        guard let reconnects = ReconnectModel(rawValue: reconnectsText) else {
            throw InputError(
                source: "--reconnects",
                keyPath: "",
                message: "unknown model '\(reconnectsText)' (expected events or cohorts)"
            )
        }
        self.reconnects = reconnects
    }
}
