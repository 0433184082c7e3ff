public import FanoutInput
import GRDB

/// One stored `fanout breaks` or `fanout sensitivity` result as the report reads it back.
public struct StoredAnalysis: Sendable, Equatable {
    /// One row of `breaking_points`.
    public struct BreakingPoint: Sendable, Equatable {
        public var name: String
        public var users: Double
        public var bindsAtMinimum: Bool
        public var monotone: Bool
        public var demand: Double
        public var capacity: Double
        public var unit: String
        public var totalUSDBefore: Double?
        public var totalUSDAt: Double
    }

    /// One row of `sensitivity_rows`.
    public struct SensitivityRow: Sendable, Equatable {
        public var key: String
        public var label: String
        public var unit: String
        public var defaultValue: Double
        public var lowValue: Double
        public var highValue: Double
        public var lowTotalUSD: Double
        public var highTotalUSD: Double
        public var swingUSD: Double
    }

    public var id: Int64
    /// `breaks` or `sensitivity`.
    public var kind: String
    public var createdAt: String
    public var fanoutVersion: String
    public var scenarioName: String
    public var architecture: String
    public var priceSheet: String
    public var priceSheetDate: String?
    /// The user count a sensitivity report bills at (nil for breaks).
    public var users: Double?
    public var minimumUsers: Double
    public var maximumUsers: Double
    /// The sensitivity report's total with every assumption at its model value.
    public var baseTotalUSD: Double?
    /// In the order they bind (breaks only).
    public var points: [BreakingPoint] = []
    /// Largest swing first (sensitivity only).
    public var rows: [SensitivityRow] = []
}

/// Where the stored runs came from, for a report's header: one entry per scenario, price sheet
/// and Fanout version, with the span of the times they were stored.
public struct StoredProvenance: Sendable, Equatable {
    public var scenarioName: String
    public var priceSheet: String
    public var priceSheetDate: String?
    public var fanoutVersion: String
    public var mode: String
    public var runs: Int
    public var firstCreatedAt: String
    public var lastCreatedAt: String
}

/// One stored hour of a simulated run: the hour and each of ``RunStore/hourlyColumns`` by name.
public struct StoredHour: Sendable, Equatable {
    public var hour: Int
    /// Each hourly column by name.
    public var values: [String: Double]
}

extension RunStore {
    /// The hourly columns a stored time series has, in table order.
    public static var timeseriesColumns: [String] { hourlyColumns }

    /// Every stored analysis with its points or rows, by kind, architecture and id.
    public func analyses() throws(InputError) -> [StoredAnalysis] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analyses ORDER BY kind, architecture, id").map { row in
                var analysis = StoredAnalysis(
                    id: row["id"],
                    kind: row["kind"],
                    createdAt: row["created_at"],
                    fanoutVersion: row["fanout_version"],
                    scenarioName: row["scenario_name"],
                    architecture: row["architecture"],
                    priceSheet: row["price_sheet"],
                    priceSheetDate: row["price_sheet_date"],
                    users: row["users"],
                    minimumUsers: row["minimum_users"],
                    maximumUsers: row["maximum_users"],
                    baseTotalUSD: row["base_total_usd"]
                )
                analysis.points = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM breaking_points WHERE analysis_id = ? ORDER BY position",
                    arguments: [analysis.id]
                ).map {
                    StoredAnalysis.BreakingPoint(
                        name: $0["name"],
                        users: $0["users"],
                        bindsAtMinimum: $0["binds_at_minimum"],
                        monotone: $0["monotone"],
                        demand: $0["demand"],
                        capacity: $0["capacity"],
                        unit: $0["unit"],
                        totalUSDBefore: $0["total_usd_before"],
                        totalUSDAt: $0["total_usd_at"]
                    )
                }
                analysis.rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM sensitivity_rows WHERE analysis_id = ? ORDER BY position",
                    arguments: [analysis.id]
                ).map {
                    StoredAnalysis.SensitivityRow(
                        key: $0["key"],
                        label: $0["label"],
                        unit: $0["unit"],
                        defaultValue: $0["default_value"],
                        lowValue: $0["low_value"],
                        highValue: $0["high_value"],
                        lowTotalUSD: $0["low_total_usd"],
                        highTotalUSD: $0["high_total_usd"],
                        swingUSD: $0["swing_usd"]
                    )
                }
                return analysis
            }
        }
    }

    /// The stored hours of run `id`, by hour (empty when it has none).
    public func timeseries(runID id: Int64) throws(InputError) -> [StoredHour] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM timeseries WHERE run_id = ? ORDER BY hour", arguments: [id])
                .map { row in
                    var values: [String: Double] = [:]
                    for column in Self.hourlyColumns { values[column] = row[column] }
                    return StoredHour(hour: row["hour"], values: values)
                }
        }
    }

    /// The scenarios, price sheets and Fanout versions of the stored runs, in a stable order.
    public func provenance() throws(InputError) -> [StoredProvenance] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT scenario_name, price_sheet, price_sheet_date, fanout_version, mode, count(*) AS runs,
                        min(created_at) AS first_created_at, max(created_at) AS last_created_at
                    FROM runs GROUP BY scenario_name, price_sheet, price_sheet_date, fanout_version, mode
                    ORDER BY scenario_name, price_sheet, price_sheet_date, fanout_version, mode
                    """
            ).map {
                StoredProvenance(
                    scenarioName: $0["scenario_name"],
                    priceSheet: $0["price_sheet"],
                    priceSheetDate: $0["price_sheet_date"],
                    fanoutVersion: $0["fanout_version"],
                    mode: $0["mode"],
                    runs: $0["runs"],
                    firstCreatedAt: $0["first_created_at"],
                    lastCreatedAt: $0["last_created_at"]
                )
            }
        }
    }
}
