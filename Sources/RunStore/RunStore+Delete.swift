public import FanoutInput
import GRDB

extension RunStore {
    /// Deletes the runs with `ids` and their line items, limits, metrics and hours, in one
    /// transaction; an id that is not stored is an error and nothing is deleted.
    public func deleteRuns(ids: [Int64]) throws(InputError) {
        try delete(from: "runs", ids: ids, noun: "run")
    }

    /// Deletes the analyses (breaks, sensitivity) with `ids` and their rows, in one
    /// transaction; an id that is not stored is an error and nothing is deleted.
    public func deleteAnalyses(ids: [Int64]) throws(InputError) {
        try delete(from: "analyses", ids: ids, noun: "analysis")
    }

    private func delete(from table: String, ids: [Int64], noun: String) throws(InputError) {
        try write { db in
            for id in Set(ids).sorted() {
                try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
                guard db.changesCount == 1 else {
                    throw InputError(source: path, keyPath: "", message: "has no \(noun) \(id); nothing deleted")
                }
            }
        }
    }
}
