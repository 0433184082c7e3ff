import ArgumentParser
import FanoutInput
import Foundation
import Planning
import RunStore

/// `--db` on `bill` and `simulate`: also keep what the command prints in a run store.
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also store the run (each user count of a curve) in this run store, as fanout sweep would (SQLite; created if missing).",
            valueName: "file"
        )
    )
    var db: String?

    /// Refuses, before any work, a `--db` file that is not a Fanout run store.
    func check() throws(InputError) {
        if let db { try RunStore.check(path: db) }
    }

    /// Stores each run (one transaction each; a configuration already stored is kept as it
    /// is) and says on standard error how many were new.
    func store(_ runs: [(spec: RunSpec, result: RunResult)]) throws(InputError) {
        guard let db else { return }
        let store = try RunStore(path: db)
        var added = 0
        for run in runs where try store.store(run.spec, run.result) { added += 1 }
        let message =
            "stored \(added) of \(runs.count) run\(runs.count == 1 ? "" : "s") in \(db)"
            + (added < runs.count ? " (\(runs.count - added) already stored)" : "") + "\n"
        FileHandle.standardError.write(Data(message.utf8))
    }
}
