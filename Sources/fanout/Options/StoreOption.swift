import ArgumentParser
import FanoutInput
import Foundation
import Planning
import RunStore

/// `--db`: also keep what the command computes in a run store.
///
/// A command checks the file before any work (``check()``), so a file that is not a run store
/// is refused before a long run, and opens it (``open()``, creating it) once it has something to
/// store: at the end, or before the first of several results it stores as they come.
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also store the results in this run store, as fanout sweep would (SQLite; created if missing).",
            valueName: "file"
        )
    )
    var db: String?

    /// Refuses, before any work, a `--db` file that is not a Fanout run store.
    func check() throws(InputError) {
        if let db { try RunStore.check(path: db) }
    }

    /// The run store, created if missing; nil without `--db`.
    func open() throws(InputError) -> RunStore? {
        try db.map { (path) throws(InputError) in try RunStore(path: path) }
    }

    /// Stores each run (one transaction each; a configuration already stored is kept as it
    /// is) and says on standard error how many were new.
    func store(_ runs: [(spec: RunSpec, result: RunResult)]) throws(InputError) {
        guard let db, let store = try open() else { return }
        var added = 0
        for run in runs where try store.store(run.spec, run.result) { added += 1 }
        let message =
            "stored \(added) of \(runs.count) run\(runs.count == 1 ? "" : "s") in \(db)"
            + (added < runs.count ? " (\(runs.count - added) already stored)" : "") + "\n"
        FileHandle.standardError.write(Data(message.utf8))
    }
}
