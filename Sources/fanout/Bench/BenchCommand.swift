import ArgumentParser

/// `fanout bench`: measures this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Fanout's engines on this machine (build with -c release).",
        subcommands: [BenchDESCommand.self, BenchEngineCommand.self, BenchGatewayCommand.self, BenchSweepCommand.self]
    )
}
