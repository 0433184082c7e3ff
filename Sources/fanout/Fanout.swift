import ArgumentParser
import FanoutInput
import Foundation

@main
struct Fanout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Cost and capacity planning for channel-based WebSocket pub/sub services.",
        discussion: """
            Prices a workload (a scenario) on an architecture with a dated price sheet, and says \
            which limit breaks first. Every number is a cited price or quota, or a named assumption \
            (see MODEL.md).

            Examples:
              fanout bill --users 20000
              fanout bill --users 20000...100000 --step 20000 --architecture indexed
              fanout breaks --architecture seed,scan,indexed,engine
              fanout compare --users 20000,50000,100000
              fanout sensitivity --users 20000
              fanout simulate --users 20000 --architecture seed --days 7
              fanout bench engine
              fanout template explain models/templates/seed-api-gateway-websocket.yaml
            """,
        version: FanoutVersion.string,
        subcommands: [
            BillCommand.self, BreaksCommand.self, CompareCommand.self, SensitivityCommand.self, SimulateCommand.self,
            SweepCommand.self, RunsCommand.self, ReportCommand.self, BenchCommand.self, CalibrateCommand.self,
            ServeCommand.self, TokenCommand.self, LoadCommand.self, TemplateCommand.self,
        ]
    )

    /// ArgumentParser's message without the help and usage it appends, with line breaks in echoed
    /// values escaped so it stays one line.
    static func oneLineMessage(for error: any Error) -> String {
        var message = self.message(for: error)
        for marker in ["\nHelp:", "\nUsage:"] {
            if let range = message.range(of: marker) { message = String(message[..<range.lowerBound]) }
        }
        while message.hasSuffix("\n") { message.removeLast() }
        return oneLine(message)
    }

    /// Runs the command; a usage error becomes one line on standard error and exit status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            // Already reported (see `reportingInputErrors`).
            Foundation.exit(exit.rawValue)
        } catch {
            guard exitCode(for: error) != .success else { self.exit(withError: error) }  // --help, --version
            FileHandle.standardError.write(Data("fanout: error: \(Self.oneLineMessage(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}
