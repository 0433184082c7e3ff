import ArgumentParser
import Billing
import FanoutInput
import Foundation

/// Where and how a command prints its result.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, json or csv.")
    var format = "table"

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    init() {}

    init(format: String, output: String?) {
        self.format = format
        self.output = output
    }

    /// `--format infracost-usage` (bill only): Infracost's usage file instead of a bill.
    var wantsInfracostUsage: Bool { format == Self.infracostUsage }
    static let infracostUsage = "infracost-usage"

    func resolvedFormat() throws(InputError) -> OutputFormat {
        guard let format = OutputFormat(rawValue: format) else {
            throw InputError(
                source: "--format",
                keyPath: "",
                message: "unknown format '\(format)' (expected table, json or csv)"
            )
        }
        return format
    }

    /// Checks, before any work, that `--output` and the `other` files can be written (and are
    /// different files); see ``OutputFiles``.
    func checkTargets(other: [(option: String, path: String?)] = []) throws(InputError) {
        let named = ([("--output", output)] + other).compactMap { option, path in path.map { (option, $0) } }
        try OutputFiles.check(named)
    }

    /// Prints `text`, or writes it to `output`, together with the `other` files: all are staged as
    /// temporary files and renamed into place only when every one is complete (nothing is
    /// written when one fails).
    func emit(_ text: String, other: [(path: String, text: String)] = []) throws(InputError) {
        var files = OutputFiles()
        do throws(InputError) {
            for file in other { try files.stage(file.text, to: file.path) }
            if let output { try files.stage(text, to: output) }
            try files.commit()
        } catch {
            files.abandon()
            throw error
        }
        if output == nil { print(text, terminator: "") }
    }
}

/// Runs `body`; an ``InputError`` becomes one line on standard error and exit code 2.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data("fanout: error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
