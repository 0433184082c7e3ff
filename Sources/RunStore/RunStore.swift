public import FanoutInput
import Foundation
import GRDB

/// A SQLite file of planning runs (WAL, foreign keys on, versioned migrations): one row in
/// `runs` per configuration hash, with its line items, limits, metrics and hourly series.
///
/// Opening refuses a file that is not a Fanout run store, or is corrupt, with a one-line error
/// naming it, and leaves that file as it was.
public final class RunStore: Sendable {
    /// The file's path as given.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String) throws(InputError) {
        self.path = path
        try Self.checkExisting(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw Self.error(path, "cannot open the run store", error)
        }
    }

    /// Refuses, without opening it for writing, a file at `path` that is not a Fanout run store
    /// or is corrupt; a missing or empty file passes (opening it makes a new store).
    public static func check(path: String) throws(InputError) {
        try checkExisting(path)
    }

    /// Refuses an existing file that is not SQLite, is another program's database, or fails
    /// SQLite's quick check; reads it only (an empty file, or none, becomes a new store).
    static func checkExisting(_ path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw InputError(source: path, keyPath: "", message: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(source: path, keyPath: "", message: "cannot read file")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw InputError(source: path, keyPath: "", message: "is not a Fanout run store (not an SQLite database)")
        }
        // A read-only open of a WAL file creates its -wal and -shm files: remove them again when
        // they were not there before and the contents are refused. Not when the file could not be
        // read: another fanout may be creating it this moment, and those files are its own.
        let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        if let refusal = try checkContents(path, configuration) {
            for companion in companions { try? FileManager.default.removeItem(atPath: companion) }
            throw refusal
        }
    }

    /// Opens `path` read-only and checks its application id, tables and quick check: the
    /// refusal, or nil for a Fanout run store; a file that cannot be read throws.
    private static func checkContents(_ path: String, _ configuration: Configuration) throws(InputError) -> InputError?
    {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let (applicationID, tables, check) = try queue.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    // GRDB's migrator commits its `grdb_migrations` table before the first
                    // migration sets the application id: a store another fanout is creating this
                    // moment has that table alone, and is not another program's database.
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name != 'grdb_migrations'")
                        ?? 0,
                    try String.fetchAll(db, sql: "PRAGMA quick_check")
                )
            }
            try queue.close()
            guard applicationID == Self.applicationID || (applicationID == 0 && tables == 0) else {
                return InputError(
                    source: path,
                    keyPath: "",
                    message: "is not a Fanout run store (an SQLite database of another program)"
                )
            }
            guard check == ["ok"] else {
                return InputError(
                    source: path,
                    keyPath: "",
                    message:
                        "is corrupt (\(check.prefix(2).joined(separator: "; ").replacingOccurrences(of: "\n", with: " "))); not modified"
                )
            }
            return nil
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            return Self.error(path, "is not a readable Fanout run store", error)
        } catch {
            throw Self.error(path, "is not a readable Fanout run store", error)
        }
    }

    /// A one-line error naming the file, from a GRDB or SQLite failure.
    static func error(_ path: String, _ what: String, _ error: any Error) -> InputError {
        let reason = (error as? DatabaseError)?.message ?? "\(error)"
        return InputError(source: path, keyPath: "", message: "\(what) (\(reason))")
    }

    /// Runs `body` in a write transaction; a database failure becomes a one-line error.
    func write<T>(_ body: (Database) throws -> T) throws(InputError) -> T {
        do {
            return try pool.write(body)
        } catch let error as InputError {
            throw error
        } catch {
            throw Self.error(path, "cannot write the run store", error)
        }
    }

    /// Runs `body` on a read-only snapshot; a database failure becomes a one-line error.
    func read<T>(_ body: (Database) throws -> T) throws(InputError) -> T {
        do {
            return try pool.read(body)
        } catch let error as InputError {
            throw error
        } catch {
            throw Self.error(path, "cannot read the run store", error)
        }
    }

    /// The configuration hashes already stored.
    public func storedHashes() throws(InputError) -> Set<String> {
        try read { db in try String.fetchSet(db, sql: "SELECT configuration_hash FROM runs") }
    }

    /// `PRAGMA integrity_check`'s answer (`["ok"]` for a sound file).
    public func integrityCheck() throws(InputError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
