public import FanoutInput
import Foundation
import GRDB

extension RunStore {
    /// What ``merge(from:)`` did with one input store.
    public struct MergedStore: Sendable, Equatable {
        /// What one parent table (`runs`, `analyses`) contributed.
        public struct Table: Sendable, Equatable {
            /// The table's name.
            public var name: String
            /// Rows whose configuration hash was new, inserted with their children.
            public var added: Int
            /// Rows whose configuration hash was already stored, with the same results.
            public var alreadyStored: Int
        }

        /// The input store's path as given.
        public var path: String
        /// Its parent tables, by name.
        public var tables: [Table]
    }

    /// Columns that may differ between two stores holding the same configuration: when and by
    /// what it was computed, and how long it took. Every other column, and every child row, is
    /// a result, and a difference there is a conflict.
    static let provenanceColumns: Set<String> = ["id", "created_at", "wall_seconds", "fanout_version", "git_commit"]

    /// Copies every run and analysis of the stores at `paths` that this store lacks (by
    /// configuration hash), with their line items, limits, metrics, hours, breaking points and
    /// tornado rows under new ids, in one transaction.
    ///
    /// The inputs are opened read-only and are not modified. A configuration hash stored with
    /// different results in two stores is an error naming both, and nothing is merged. The
    /// tables are found from the schema: a parent is a table with a `configuration_hash`
    /// column, a child one whose foreign key references a parent, so a later schema version's
    /// tables merge without changes here. An input from an older schema merges the tables it
    /// has; one from a newer Fanout is refused.
    public func merge(from paths: [String]) throws(InputError) -> [MergedStore] {
        let sources = try paths.map { (path) throws(InputError) in try Self.openMergeSource(path) }
        defer { for source in sources { try? source.queue.close() } }
        return try write { db in
            let schema = try MergeSchema(db)
            var merged: [MergedStore] = []
            for source in sources {
                let tables = try source.queue.read { sourceDB in
                    try schema.parents.map { parent in
                        try Self.mergeTable(parent, schema: schema, from: sourceDB, source: source.path, into: db)
                    }
                }
                merged.append(MergedStore(path: source.path, tables: tables.compactMap { $0 }))
            }
            return merged
        }
    }

    /// An input store opened read-only after the checks every store gets.
    struct MergeSource {
        var path: String
        var queue: DatabaseQueue
    }

    /// Opens an input of `merge`: it must exist, be a Fanout run store, and not be newer than this Fanout.
    static func openMergeSource(_ path: String) throws(InputError) -> MergeSource {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(source: path, keyPath: "", message: "no such run store")
        }
        try checkExisting(path)
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        let applied: [String]
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            applied = try queue.read { db in
                try db.tableExists("grdb_migrations")
                    ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        } catch {
            throw Self.error(path, "cannot read the run store", error)
        }
        let known = Set(migrator.migrations)
        if let newer = applied.first(where: { !known.contains($0) }) {
            try? queue.close()
            throw InputError(
                source: path,
                keyPath: "",
                message: "was written by a newer Fanout (schema \(newer)); not merged"
            )
        }
        return MergeSource(path: path, queue: queue)
    }

    /// Merges one parent table of one input; nil when the input's schema has no such table.
    static func mergeTable(
        _ parent: MergeSchema.Parent,
        schema: MergeSchema,
        from sourceDB: Database,
        source: String,
        into db: Database
    ) throws -> MergedStore.Table? {
        guard try sourceDB.tableExists(parent.name) else { return nil }
        let columns = try sourceDB.columns(in: parent.name).map(\.name).filter {
            parent.columns.contains($0) && $0 != "id"
        }
        let children = try parent.children.filter { try sourceDB.tableExists($0.name) }
        let childColumns = try children.map { child in
            try sourceDB.columns(in: child.name).map(\.name).filter { child.columns.contains($0) }
        }
        var table = MergedStore.Table(name: parent.name, added: 0, alreadyStored: 0)
        let rows = try Row.fetchCursor(
            sourceDB,
            sql: "SELECT id, \(columns.quotedList) FROM \(parent.name.quotedDatabaseIdentifier) ORDER BY id"
        )
        while let row = try rows.next() {
            let sourceID: Int64 = row["id"]
            let hash: String = row["configuration_hash"]
            let values = columns.map { row[$0] as DatabaseValue }
            let childRows = try zip(children, childColumns).map { child, names in
                try child.rows(of: sourceID, columns: names, in: sourceDB)
            }
            if let existing = try Row.fetchOne(
                db,
                sql: "SELECT id, \(columns.quotedList) FROM \(parent.name.quotedDatabaseIdentifier) "
                    + "WHERE configuration_hash = ?",
                arguments: [hash]
            ) {
                let existingID: Int64 = existing["id"]
                for (name, value) in zip(columns, values) where !provenanceColumns.contains(name) {
                    let stored = existing[name] as DatabaseValue
                    guard stored == value else {
                        throw conflict(source, parent.name, hash, "\(name) \(value) here, \(stored) already stored")
                    }
                }
                for ((child, names), rows) in zip(zip(children, childColumns), childRows) {
                    let foreignKey = names.firstIndex(of: child.foreignKey)!
                    let unkeyed = { (rows: [[DatabaseValue]]) in
                        rows.map { row in
                            var row = row; row[foreignKey] = .null; return row
                        }
                    }
                    let stored = try child.rows(of: existingID, columns: names, in: db)
                    guard unkeyed(stored) == unkeyed(rows) else {
                        throw conflict(
                            source,
                            parent.name,
                            hash,
                            "its \(child.name) differ (\(rows.count) rows here, \(stored.count) already stored)"
                        )
                    }
                }
                table.alreadyStored += 1
                continue
            }
            try db.execute(
                sql: "INSERT INTO \(parent.name.quotedDatabaseIdentifier) (\(columns.quotedList)) "
                    + "VALUES (\(columns.placeholders))",
                arguments: StatementArguments(values)
            )
            let newID = db.lastInsertedRowID
            for ((child, names), rows) in zip(zip(children, childColumns), childRows) {
                let statement = try db.cachedStatement(
                    sql: "INSERT INTO \(child.name.quotedDatabaseIdentifier) (\(names.quotedList)) "
                        + "VALUES (\(names.placeholders))"
                )
                let foreignKey = names.firstIndex(of: child.foreignKey)!
                for var values in rows {
                    values[foreignKey] = newID.databaseValue
                    try statement.execute(arguments: StatementArguments(values))
                }
            }
            table.added += 1
        }
        return table
    }

    /// The one-line error for a configuration stored with different results.
    static func conflict(_ source: String, _ table: String, _ hash: String, _ detail: String) -> InputError {
        InputError(
            source: source,
            keyPath: "",
            message:
                "\(table) configuration \(hash.prefix(12)) conflicts with the output's: \(detail); nothing merged"
        )
    }
}

/// The merge's view of the output's schema: parent tables (with a `configuration_hash` column)
/// and their children (tables with a foreign key to a parent's `id`).
struct MergeSchema {
    struct Child {
        var name: String
        var columns: Set<String>
        var foreignKey: String

        /// The child rows of parent `id`, in insertion order, with the foreign key in place.
        func rows(of id: Int64, columns names: [String], in db: Database) throws -> [[DatabaseValue]] {
            try Row.fetchAll(
                db,
                sql: "SELECT \(names.quotedList) FROM \(name.quotedDatabaseIdentifier) "
                    + "WHERE \(foreignKey.quotedDatabaseIdentifier) = ? ORDER BY rowid",
                arguments: [id]
            ).map { row in names.map { row[$0] as DatabaseValue } }
        }
    }

    struct Parent {
        var name: String
        var columns: Set<String>
        var children: [Child]
    }

    var parents: [Parent]

    init(_ db: Database) throws {
        let tables = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                + "AND name != 'grdb_migrations' ORDER BY name"
        )
        var columns: [String: Set<String>] = [:]
        for table in tables { columns[table] = Set(try db.columns(in: table).map(\.name)) }
        let parentNames = tables.filter { columns[$0]!.contains("configuration_hash") }
        parents = try parentNames.map { parent in
            let children = try tables.compactMap { table -> Child? in
                let key = try db.foreignKeys(on: table).first { $0.destinationTable == parent }
                return key.map { Child(name: table, columns: columns[table]!, foreignKey: $0.originColumns[0]) }
            }
            return Parent(name: parent, columns: columns[parent]!, children: children)
        }
    }
}

extension [String] {
    fileprivate var quotedList: String { map(\.quotedDatabaseIdentifier).joined(separator: ", ") }
    fileprivate var placeholders: String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
