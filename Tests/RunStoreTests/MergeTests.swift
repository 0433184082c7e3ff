import FanoutInput
import Foundation
import GRDB
import Planning
import RunStore
import Testing

/// `RunStore.merge(from:)`: shard stores merged equal the unsharded store, duplicates are kept
/// once, conflicts refuse the whole merge, inputs are not modified.
struct MergeTests {
    /// A store's contents by configuration hash, ids and provenance left out: for each parent
    /// row its result columns, and each child table's rows in order.
    static func contents(_ path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let provenance: Set<String> = ["id", "created_at", "wall_seconds", "fanout_version", "git_commit"]
        let children = [
            "runs": ["line_items", "limits", "metrics", "timeseries"],
            "analyses": ["breaking_points", "sensitivity_rows"],
        ]
        let key = ["runs": "run_id", "analyses": "analysis_id"]
        return try queue.read { db in
            var out: [String: [String]] = [:]
            for parent in ["runs", "analyses"] where try db.tableExists(parent) {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(parent)") {
                    let hash: String = row["configuration_hash"]
                    let id: Int64 = row["id"]
                    var fields = Self.describe(row, except: provenance)
                    for child in children[parent]! where try db.tableExists(child) {
                        let rows = try Row.fetchAll(
                            db,
                            sql: "SELECT * FROM \(child) WHERE \(key[parent]!) = ? ORDER BY rowid",
                            arguments: [id]
                        )
                        fields += rows.map {
                            child + ":" + Self.describe($0, except: [key[parent]!]).joined(separator: ",")
                        }
                    }
                    out["\(parent):\(hash)"] = fields
                }
            }
            return out
        }
    }

    /// `name=value` for each column of `row` but `excluded`.
    static func describe(_ row: Row, except excluded: Set<String>) -> [String] {
        var fields: [String] = []
        for name in row.columnNames where !excluded.contains(name) {
            let value: DatabaseValue = row[name]
            fields.append("\(name)=\(value)")
        }
        return fields
    }

    /// Nine cheap bills, a short simulation and one breaks analysis, each stored in `whole` and in shard 1 or 2
    /// (every other one), with the first bill in both shards.
    static func shardedStores() throws -> (whole: String, shards: [String], specs: [RunSpec]) {
        let whole = try RunStoreTests.temporaryPath("whole.sqlite")
        let shards = [
            try RunStoreTests.temporaryPath("shard-1.sqlite"), try RunStoreTests.temporaryPath("shard-2.sqlite"),
        ]
        var specs: [RunSpec] = []
        for architecture in ["scan", "indexed", "engine"] {
            for users in [2_000.0, 5_000, 9_000] { specs.append(try RunStoreTests.spec(architecture, users: users)) }
        }
        // A simulation, for the hours and the metrics' intervals.
        specs.append(.simulate(specs[3].inputs, days: 0.1, replications: 2, seed: 1))
        let stores = try ([whole] + shards).map { try RunStore(path: $0) }
        for (index, spec) in specs.enumerated() {
            let result = try spec.execute()
            try stores[0].store(spec, result)
            try stores[1 + index % 2].store(spec, result)
            if index == 0 { try stores[2].store(spec, result) }
        }
        let inputs = specs[3].inputs
        let breaks = try BreakingPoints.search(inputs, minimumUsers: 100, maximumUsers: 5_000)
        try stores[0].store(breaks, of: inputs)
        try stores[2].store(breaks, of: inputs)
        return (whole, shards, specs)
    }

    @Test func shardsMergedHoldTheSameRowsAsTheUnshardedStore() throws {
        let (whole, shards, specs) = try Self.shardedStores()
        let before = try shards.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let out = try RunStoreTests.temporaryPath("merged.sqlite")
        let merged = try RunStore(path: out).merge(from: shards)

        #expect(try Self.contents(out) == Self.contents(whole))
        #expect(try RunStore(path: out).runs().count == specs.count)
        #expect(try RunStore(path: out).integrityCheck() == ["ok"])
        let simulated = try #require(try RunStore(path: out).runs().first { $0.mode == "simulate" })
        let original = try #require(try RunStore(path: whole).runs().first { $0.mode == "simulate" })
        let hours = try RunStore(path: out).timeseries(runID: simulated.id)
        #expect(!hours.isEmpty)
        #expect(hours == (try RunStore(path: whole).timeseries(runID: original.id)))
        let runs = merged.map { $0.tables.first { $0.name == "runs" } }
        #expect(runs.map { $0?.added } == [5, 5], "shard 2's copy of the first run is not kept twice")
        #expect(runs.map { $0?.alreadyStored } == [0, 1])
        #expect(merged[1].tables.first { $0.name == "analyses" }?.added == 1)
        // The inputs are read only.
        #expect(try shards.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)

        // Merging again adds nothing.
        let again = try RunStore(path: out).merge(from: shards.reversed())
        #expect(again.allSatisfy { $0.tables.allSatisfy { $0.added == 0 } })
        #expect(try Self.contents(out) == Self.contents(whole))
    }

    @Test func aConfigurationStoredWithDifferentResultsRefusesTheWholeMerge() throws {
        let (_, shards, _) = try Self.shardedStores()
        // Shard 2 holds the first run too: change one of its line items there.
        let queue = try DatabaseQueue(path: shards[1])
        try queue.write { db in
            try db.execute(
                sql: "UPDATE line_items SET usd = usd + 0.01 WHERE rowid = (SELECT min(rowid) FROM line_items)"
            )
        }
        try queue.close()
        let out = try RunStoreTests.temporaryPath("merged.sqlite")
        let store = try RunStore(path: out)
        #expect {
            try store.merge(from: shards)
        } throws: { error in
            let message = (error as? InputError)?.description ?? ""
            return message.contains("shard-2.sqlite") && message.contains("conflicts")
                && message.contains("nothing merged") && !message.contains("\n")
        }
        #expect(try store.runs().isEmpty, "a refused merge stored part of it")
        #expect(try store.analyses().isEmpty)
    }

    @Test func aStoreFromANewerFanoutOrNotAStoreIsRefused() throws {
        let (_, shards, _) = try Self.shardedStores()
        let queue = try DatabaseQueue(path: shards[0])
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        let out = try RunStoreTests.temporaryPath("merged.sqlite")
        let store = try RunStore(path: out)
        #expect {
            try store.merge(from: [shards[1], shards[0]])
        } throws: { error in
            (error as? InputError)?.description.contains("newer Fanout (schema v99)") == true
        }
        let text = try RunStoreTests.temporaryPath("notes.txt")
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: InputError.self) { try store.merge(from: [shards[1], text]) }
        #expect(throws: InputError.self) { try store.merge(from: [shards[1], text + ".missing"]) }
        #expect(try store.runs().isEmpty)
    }

    @Test func deletingRunsRemovesTheirRowsAndAnUnknownIdDeletesNothing() throws {
        let (whole, _, specs) = try Self.shardedStores()
        let store = try RunStore(path: whole)
        let ids = try store.runs().map(\.id)
        #expect(throws: InputError.self) { try store.deleteRuns(ids: [ids[0], 9_999]) }
        #expect(try store.runs().count == specs.count)
        try store.deleteRuns(ids: [ids[0], ids[1]])
        #expect(try store.runs().map(\.id) == Array(ids.dropFirst(2)))
        let queue = try DatabaseQueue(path: whole)
        let orphans = try queue.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM line_items WHERE run_id NOT IN (SELECT id FROM runs)"
            )
        }
        #expect(orphans == 0)
        try queue.close()
        let analysis = try #require(try store.analyses().first)
        try store.deleteAnalyses(ids: [analysis.id])
        #expect(try store.analyses().isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
