import ArgumentParser
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
            """,
        subcommands: [BillCommand.self, SimulateCommand.self, BenchCommand.self, CalibrateCommand.self]
    )

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
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("fanout: error: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}
