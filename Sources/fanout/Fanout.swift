import ArgumentParser

@main
struct Fanout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Cost and capacity planning for channel-based WebSocket pub/sub services.",
        discussion: """
            Prices a workload (a scenario) on an architecture with a dated price sheet, and says \
            which limit breaks first. Every number is a cited price or quota, or a named assumption \
            (see MODEL.md).
            """,
        subcommands: [BillCommand.self]
    )
}
