import Architectures
public import FanoutInput
import Foundation
import GRDB
public import Planning
import Pricing
import Scenarios

extension RunStore {
    /// The schema's second version: `fanout breaks` and `fanout sensitivity` results, one
    /// `analyses` row per configuration hash, with their breaking points or tornado rows.
    static let schemaV2 = """
        CREATE TABLE analyses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            configuration_hash TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('breaks', 'sensitivity')),
            created_at TEXT NOT NULL,
            fanout_version TEXT NOT NULL,
            git_commit TEXT,
            scenario_name TEXT NOT NULL,
            scenario_json TEXT NOT NULL,
            architecture TEXT NOT NULL,
            architecture_json TEXT NOT NULL,
            price_sheet TEXT NOT NULL,
            price_sheet_date TEXT,
            price_sheet_hash TEXT NOT NULL,
            calibration_hash TEXT NOT NULL,
            users REAL,
            minimum_users REAL NOT NULL,
            maximum_users REAL NOT NULL,
            base_total_usd REAL,
            base_first_binding_users REAL,
            base_first_binding_status TEXT
        );
        CREATE INDEX analyses_by_kind_architecture ON analyses (kind, architecture);
        CREATE TABLE breaking_points (
            analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            users REAL NOT NULL,
            binds_at_minimum INTEGER NOT NULL,
            monotone INTEGER NOT NULL,
            demand REAL NOT NULL,
            capacity REAL NOT NULL,
            unit TEXT NOT NULL,
            effect TEXT NOT NULL,
            total_usd_before REAL,
            total_usd_at REAL NOT NULL,
            PRIMARY KEY (analysis_id, position)
        );
        CREATE TABLE sensitivity_rows (
            analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            key TEXT NOT NULL,
            label TEXT NOT NULL,
            unit TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            default_value REAL NOT NULL,
            low_value REAL NOT NULL,
            high_value REAL NOT NULL,
            low_total_usd REAL NOT NULL,
            high_total_usd REAL NOT NULL,
            swing_usd REAL NOT NULL,
            low_first_binding_users REAL NOT NULL,
            low_first_binding_status TEXT NOT NULL,
            high_first_binding_users REAL NOT NULL,
            high_first_binding_status TEXT NOT NULL,
            PRIMARY KEY (analysis_id, position)
        );
        """

    /// Stores one `fanout breaks` report of `inputs` in one transaction; an analysis whose
    /// configuration hash is already stored is left as it is. Returns whether it was inserted.
    @discardableResult
    public func store(
        _ breaks: BreakingPoints,
        of inputs: PlanningInputs,
        createdAt: Date = Date()
    ) throws(InputError) -> Bool {
        let hash = Self.analysisHash(
            kind: "breaks",
            inputs,
            parameters: "min=\(breaks.minimumUsers);max=\(breaks.maximumUsers)"
        )
        let row = AnalysisRow(
            kind: "breaks",
            hash: hash,
            inputs,
            createdAt: createdAt,
            users: nil,
            minimumUsers: breaks.minimumUsers,
            maximumUsers: breaks.maximumUsers,
            base: nil
        )
        return try write { db in
            guard let analysis = try row.insert(db) else { return false }
            let point = try db.cachedStatement(
                sql: """
                    INSERT INTO breaking_points (analysis_id, position, name, users, binds_at_minimum, monotone,
                        demand, capacity, unit, effect, total_usd_before, total_usd_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for (position, p) in breaks.points.enumerated() {
                try point.execute(arguments: [
                    analysis, position, p.limit, p.users, p.bindsAtMinimum, p.monotone, p.atPoint.demand,
                    p.atPoint.capacity, p.atPoint.unit, p.atPoint.effect, p.totalUSDBefore, p.totalUSDAt,
                ])
            }
            return true
        }
    }

    /// Stores one `fanout sensitivity` report of `inputs` (varied by `ranges`) in one
    /// transaction; one already stored under its configuration hash is left as it is.
    @discardableResult
    public func store(
        _ report: SensitivityReport,
        of inputs: PlanningInputs,
        ranges: AssumptionRanges,
        createdAt: Date = Date()
    ) throws(InputError) -> Bool {
        let spans = ranges.ranges.keys.sorted().map { "\($0)=\(ranges.ranges[$0]!.span)|\(ranges.ranges[$0]!.reason)" }
        let search = report.search
        let hash = Self.analysisHash(
            kind: "sensitivity",
            inputs,
            parameters: "users=\(report.users);min=\(search.minimumUsers);max=\(search.maximumUsers);"
                + "precision=\(search.relativePrecision);ranges=\(spans.joined(separator: ";"))"
        )
        let row = AnalysisRow(
            kind: "sensitivity",
            hash: hash,
            inputs,
            createdAt: createdAt,
            users: report.users,
            minimumUsers: search.minimumUsers,
            maximumUsers: search.maximumUsers,
            base: (report.baseTotalUSD, report.baseFirstBinding)
        )
        return try write { db in
            guard let analysis = try row.insert(db) else { return false }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO sensitivity_rows (analysis_id, position, key, label, unit, kind, reason,
                        default_value, low_value, high_value, low_total_usd, high_total_usd, swing_usd,
                        low_first_binding_users, low_first_binding_status, high_first_binding_users,
                        high_first_binding_status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for (position, r) in report.rows.enumerated() {
                try statement.execute(arguments: [
                    analysis, position, r.key, r.label, r.unit, r.kind.rawValue, r.reason, r.defaultValue,
                    r.lowValue, r.highValue, r.lowTotalUSD, r.highTotalUSD, r.swingUSD, r.lowFirstBinding.users,
                    r.lowFirstBinding.status.rawValue, r.highFirstBinding.users, r.highFirstBinding.status.rawValue,
                ])
            }
            return true
        }
    }

    /// SHA-256 of the kind, the inputs' canonical JSON (as a bill's) and the analysis' own parameters.
    static func analysisHash(kind: String, _ inputs: PlanningInputs, parameters: String) -> String {
        var data = Data("\(kind)\n".utf8)
        data += RunSpec.bill(inputs).canonicalJSON()
        data += Data("\n\(parameters)".utf8)
        return RunSpec.sha256Hex(data)
    }
}

/// The `analyses` row of one breaks or sensitivity report.
struct AnalysisRow {
    var hash: String
    var arguments: StatementArguments

    init(
        kind: String,
        hash: String,
        _ inputs: PlanningInputs,
        createdAt: Date,
        users: Double?,
        minimumUsers: Double,
        maximumUsers: Double,
        base: (totalUSD: Double, firstBinding: FirstBindingUsers)?
    ) {
        self.hash = hash
        let spec = RunSpec.bill(inputs)
        let prices = RunSpec.canonicalJSON(of: inputs.prices)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let text = { (data: Data) in String(decoding: data, as: UTF8.self) }
        let values: [(any DatabaseValueConvertible)?] = [
            hash, kind, formatter.string(from: createdAt), FanoutVersion.string,
            ProcessInfo.processInfo.environment["FANOUT_GIT_COMMIT"], inputs.scenario.name,
            text(RunSpec.canonicalJSON(of: inputs.scenario)), inputs.architectureName, text(spec.architectureJSON),
            inputs.prices.name, RunRow.latestDate(in: prices), RunSpec.sha256Hex(prices),
            RunSpec.sha256Hex(RunSpec.canonicalJSON(of: inputs.calibration)), users, minimumUsers, maximumUsers,
            base?.totalUSD, base?.firstBinding.users, base?.firstBinding.status.rawValue,
        ]
        arguments = StatementArguments(values)
    }

    /// Inserts the row; its new id, or nil when its configuration hash is already stored.
    func insert(_ db: Database) throws -> Int64? {
        guard try !RunStore.isStored(hash, in: "analyses", db) else { return nil }
        try db.execute(
            sql: """
                INSERT INTO analyses (configuration_hash, kind, created_at, fanout_version, git_commit,
                    scenario_name, scenario_json, architecture, architecture_json, price_sheet, price_sheet_date,
                    price_sheet_hash, calibration_hash, users, minimum_users, maximum_users, base_total_usd,
                    base_first_binding_users, base_first_binding_status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (configuration_hash) DO NOTHING
                """,
            arguments: arguments
        )
        return db.changesCount == 1 ? db.lastInsertedRowID : nil
    }
}
