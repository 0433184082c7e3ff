import ArgumentParser
import FanoutInput
import Foundation
import HTMLReport
import RunStore

/// `fanout report`: one self-contained HTML page of charts and tables over a run store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report (inline SVG charts and their tables) of a run store.",
        discussion: """
            Total cost against users with crossovers, cost by service, delivered ratio, breaking \
            points, simulated hours and the sensitivity tornado, each with a table of its numbers. \
            One file with no external resources; the same store gives the same bytes. A chart \
            whose data is not stored says so, with the command that stores it.

            Examples:
              fanout report --db runs.sqlite --output report.html
            """
    )

    @Option(help: ArgumentHelp("The run store to report on (it must exist and hold runs).", valueName: "file"))
    var db: String

    @Option(help: ArgumentHelp("The HTML file to write (atomically).", valueName: "file"))
    var output: String

    func run() throws {
        try reportingInputErrors {
            let outputOptions = OutputOptions(format: "table", output: output)
            try outputOptions.checkTargets()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory) else {
                throw InputError(source: db, keyPath: "", message: "no such file (write one with fanout sweep --db)")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
            guard isDirectory.boolValue || size > 0 else {
                throw InputError(source: db, keyPath: "", message: "is empty, not a Fanout run store")
            }
            let store = try RunStore(path: db)
            let data = try ReportData.load(store, databaseName: URL(fileURLWithPath: db).lastPathComponent)
            guard !data.runs.isEmpty else {
                throw InputError(
                    source: db,
                    keyPath: "",
                    message: "holds no runs (store some with: fanout sweep --users 20000,50000,100000 --db \(db))"
                )
            }
            try outputOptions.emit(ReportDocument.html(data, databaseArgument: db))
        }
    }
}
