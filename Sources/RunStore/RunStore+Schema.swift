import GRDB

extension RunStore {
    /// `PRAGMA application_id` of a Fanout run store: `FANO` in ASCII.
    static let applicationID: Int32 = 0x4641_4E4F

    /// The timeseries columns, as `simulate --timeseries` writes them (each also with `_ci95`).
    static let hourlyColumns = [
        "connections", "table_rows", "table_bytes", "stale_rows", "consumed_rcu", "provisioned_rcu", "consumed_wcu",
        "provisioned_wcu", "throttled_calls", "lambda_concurrency", "deliveries", "delivered_ratio",
    ]

    /// The schema's first version: runs and, per run, its line items, limits, metrics and hours.
    static let schemaV1 = """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            configuration_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            fanout_version TEXT NOT NULL,
            git_commit TEXT,
            mode TEXT NOT NULL CHECK (mode IN ('bill', 'simulate')),
            scenario_name TEXT NOT NULL,
            scenario_json TEXT NOT NULL,
            architecture TEXT NOT NULL,
            architecture_json TEXT NOT NULL,
            price_sheet TEXT NOT NULL,
            price_sheet_date TEXT,
            price_sheet_hash TEXT NOT NULL,
            calibration_hash TEXT NOT NULL,
            users REAL NOT NULL,
            days REAL NOT NULL,
            replications INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            wall_seconds REAL NOT NULL,
            total_usd REAL NOT NULL,
            total_usd_ci95 REAL,
            delivered_ratio REAL NOT NULL
        );
        CREATE UNIQUE INDEX runs_by_configuration_hash ON runs (configuration_hash);
        CREATE INDEX runs_by_architecture_users ON runs (architecture, users);
        CREATE INDEX runs_by_users ON runs (users);
        CREATE TABLE line_items (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            service TEXT NOT NULL,
            item TEXT NOT NULL,
            quantity REAL NOT NULL,
            unit TEXT NOT NULL,
            unit_usd REAL NOT NULL,
            usd REAL NOT NULL,
            usd_ci95 REAL
        );
        CREATE INDEX line_items_by_run ON line_items (run_id);
        CREATE TABLE limits (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            demand REAL NOT NULL,
            capacity REAL NOT NULL,
            unit TEXT NOT NULL,
            first_hour REAL,
            count REAL
        );
        CREATE INDEX limits_by_run ON limits (run_id, name);
        CREATE TABLE metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT NOT NULL,
            ci95 REAL
        );
        CREATE INDEX metrics_by_run ON metrics (run_id, name);
        CREATE TABLE timeseries (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            hour INTEGER NOT NULL,
        \(hourlyColumns.map { "    \($0) REAL NOT NULL,\n    \($0)_ci95 REAL," }.joined(separator: "\n"))
            PRIMARY KEY (run_id, hour)
        );
        PRAGMA application_id = \(applicationID);
        """

    /// Every schema version, in order; a store opened by a newer Fanout migrates from where it is.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: schemaV1) }
        migrator.registerMigration("v2") { db in try db.execute(sql: schemaV2) }
        return migrator
    }
}
