import ArgumentParser
import FanoutInput
import RunStore

/// `fanout runs delete N ...`: removes stored runs (or analyses) with everything they reported.
struct RunsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete stored runs (or, with --analysis, analyses) by id.",
        discussion: """
            The runs' line items, limits, metrics and hours go with them, in one transaction; an id \
            that is not stored is an error and nothing is deleted. A deleted run's configuration is \
            run again by the next sweep that includes it.

            Examples:
              fanout runs delete 13 14 --db runs.sqlite
              fanout runs delete 2 --analysis --db runs.sqlite
            """
    )

    @Argument(help: ArgumentHelp("Ids from runs list.", valueName: "id"))
    var ids: [Int64] = []

    @Flag(help: "The ids are analyses (breaks, sensitivity), as runs list shows them.")
    var analysis = false

    @Option(help: ArgumentHelp("The run store.", valueName: "file"))
    var db: String

    func run() throws {
        try reportingInputErrors {
            guard !ids.isEmpty else {
                throw InputError(source: "runs delete", keyPath: "", message: "needs at least one id")
            }
            let store = try openExistingStore(db)
            if analysis {
                try store.deleteAnalyses(ids: ids)
            } else {
                try store.deleteRuns(ids: ids)
            }
            let count = Set(ids).count
            let noun = analysis ? (count == 1 ? "analysis" : "analyses") : (count == 1 ? "run" : "runs")
            print("deleted \(count) \(noun) from \(db)")
        }
    }
}
