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

    /// Prints `text`, or replaces `output` with it in one atomic rename.
    func emit(_ text: String) throws(InputError) {
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw InputError(source: output, keyPath: "", message: "cannot write file (\(error.localizedDescription))")
        }
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
