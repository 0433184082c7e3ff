public import FanoutInput
public import Foundation
import GRDB
public import Planning

/// How fast a fresh run store takes runs, and how big it grows: runs and line items written per
/// second, one transaction per run as a sweep writes them, and the file's bytes per run.
public struct StoreThroughput: Sendable, Equatable {
    public var runs: Int
    public var lineItems: Int
    /// Wall seconds of the inserts (the store's opening and migration excluded).
    public var seconds: Double
    /// The database file and its write-ahead log after a truncating checkpoint.
    public var bytes: Int

    public var runsPerSecond: Double { Double(runs) / seconds }
    public var lineItemsPerSecond: Double { Double(lineItems) / seconds }
    public var bytesPerRun: Double { Double(bytes) / Double(runs) }

    /// Stores `runs` (distinct configuration hashes) one by one in a new store in `directory`,
    /// times it, measures the file, and removes it.
    public static func measure(_ runs: [(RunSpec, RunResult)], in directory: URL) throws(InputError) -> StoreThroughput
    {
        precondition(!runs.isEmpty)
        let path = directory.appendingPathComponent("fanout-bench-\(UUID().uuidString).sqlite").path
        let files = [path, path + "-wal", path + "-shm"]
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        let measured: StoreThroughput
        do {
            let store = try RunStore(path: path)
            let clock = ContinuousClock()
            let started = clock.now
            var inserted = 0
            for (spec, result) in runs {
                if try store.store(spec, result) { inserted += 1 }
            }
            let elapsed = clock.now - started
            guard inserted == runs.count else {
                throw InputError(
                    source: "bench sweep",
                    keyPath: "",
                    message: "\(runs.count - inserted) of the \(runs.count) runs share a configuration hash"
                )
            }
            try store.checkpoint()
            let bytes = files.dropLast().reduce(0) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
            }
            measured = StoreThroughput(
                runs: runs.count,
                lineItems: runs.reduce(0) { $0 + $1.1.lineItems.count },
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                bytes: bytes
            )
        }
        return measured
    }
}

extension RunStore {
    /// Moves the write-ahead log into the database file and truncates it (`PRAGMA wal_checkpoint(TRUNCATE)`).
    public func checkpoint() throws(InputError) {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw Self.error(path, "cannot checkpoint the run store", error)
        }
    }
}
