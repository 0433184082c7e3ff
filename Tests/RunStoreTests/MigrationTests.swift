import Foundation
import GRDB
import RunStore
import Testing

/// A store written by the first schema version (Fixtures/runs-v1.sqlite, made by
/// Fixtures/make-runs-v1.py) opens migrated to the current schema with its runs intact.
struct MigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/runs-v1.sqlite")

    /// A copy of the fixture in a temporary directory (the committed file is never opened for writing).
    static func copy() throws -> String {
        let path = try RunStoreTests.temporaryPath("runs-v1.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    static func rows(_ path: String, _ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }

    @Test func aVersionOneStoreIsMigratedWithItsRunsIntact() throws {
        let path = try Self.copy()
        #expect(try Self.rows(path, "SELECT identifier FROM grdb_migrations") == ["v1"])
        let queue = try DatabaseQueue(path: path)
        let before = try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT configuration_hash, total_usd, (SELECT count(*) FROM line_items WHERE run_id = runs.id) AS items
                    FROM runs
                    """
            ).map { row -> String in
                let hash: String = row["configuration_hash"]
                let total: Double = row["total_usd"]
                let items: Int = row["items"]
                return "\(hash) \(total) \(items)"
            }
        }
        try queue.close()
        #expect(before.count == 5)

        let store = try RunStore(path: path)
        let runs = try store.runsWithDetails()
        #expect(runs.count == before.count)
        #expect(Set(runs.map { "\($0.configurationHash) \($0.totalUSD) \($0.lineItems.count)" }) == Set(before))
        #expect(runs.allSatisfy { !$0.lineItems.isEmpty })
        let simulated = try #require(runs.first { $0.mode == "simulate" })
        #expect(try !store.timeseries(runID: simulated.id).isEmpty)
        #expect(try store.analyses().isEmpty)
        #expect(try Self.rows(path, "SELECT identifier FROM grdb_migrations ORDER BY identifier") == ["v1", "v2"])
        #expect(try store.integrityCheck() == ["ok"])

        // The migrated store takes what only the new schema holds.
        let spec = try RunStoreTests.spec("indexed", users: 3_000)
        #expect(try store.store(spec, spec.execute()))
        #expect(try store.runs().count == before.count + 1)
    }

    @Test func aVersionOneStoreMergesIntoACurrentOne() throws {
        let source = try Self.copy()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let out = try RunStoreTests.temporaryPath("merged.sqlite")
        let merged = try RunStore(path: out).merge(from: [source])
        #expect(merged.first?.tables.map(\.name) == ["runs"], "a v1 store has no analyses to merge")
        #expect(merged.first?.tables.first?.added == 5)
        #expect(try Data(contentsOf: URL(fileURLWithPath: source)) == bytes, "the input was modified")
        #expect(try Self.rows(source, "SELECT identifier FROM grdb_migrations") == ["v1"])
    }
}
