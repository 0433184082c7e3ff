import ArgumentParser
import FanoutInput

/// `--users` and `--step`: the user counts a command bills or runs at.
struct UserCountOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Users: one count, a list (20000,40000) or a range (20000...100000 with --step). Default: the scenario's.",
            valueName: "users"
        )
    )
    var users: String?

    @Option(parsing: .unconditional, help: "Step between user counts in a range.")
    var step: String?

    /// The counts given, checked (errors name `--users` or `--step`), or nil for the scenario's.
    func counts() throws(InputError) -> [Double]? { try UserCounts.parse(users, step: step) }

    /// `--users` as given, for the inputs line of an error.
    var described: [String] { users.map { ["--users \($0)"] } ?? [] }
}
