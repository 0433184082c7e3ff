public import FanoutInput
import Foundation
import GRDB
public import Planning
import Pricing
import Scenarios
import Simulator

extension RunStore {
    /// Stores one finished run and everything it reported in one transaction; a run whose
    /// configuration hash is already stored is left as it is. Returns whether it was inserted.
    @discardableResult
    public func store(_ spec: RunSpec, _ result: RunResult, createdAt: Date = Date()) throws(InputError) -> Bool {
        let row = RunRow(spec, result, createdAt: createdAt)
        return try write { db in
            // Looked up first: an upsert that does nothing still takes an AUTOINCREMENT id.
            guard try !Self.isStored(spec.configurationHash, in: "runs", db) else { return false }
            try db.execute(
                sql: """
                    INSERT INTO runs (configuration_hash, created_at, fanout_version, git_commit, mode, scenario_name,
                        scenario_json, architecture, architecture_json, price_sheet, price_sheet_date, price_sheet_hash,
                        calibration_hash, users, days, replications, seed, wall_seconds, total_usd, total_usd_ci95,
                        delivered_ratio)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (configuration_hash) DO NOTHING
                    """,
                arguments: row.arguments
            )
            guard db.changesCount == 1 else { return false }
            let run = db.lastInsertedRowID
            let line = try db.cachedStatement(
                sql: """
                    INSERT INTO line_items (run_id, service, item, quantity, unit, unit_usd, usd, usd_ci95)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for item in result.lineItems {
                try line.execute(arguments: [
                    run, item.service, item.item, item.quantity, item.unit, item.unitUSD, item.usd, item.usdCI95,
                ])
            }
            let limit = try db.cachedStatement(
                sql: """
                    INSERT INTO limits (run_id, name, demand, capacity, unit, first_hour, count)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for item in result.limits {
                try limit.execute(arguments: [
                    run, item.name, item.demand, item.capacity, item.unit, item.firstHour, item.count,
                ])
            }
            let metric = try db.cachedStatement(
                sql: "INSERT INTO metrics (run_id, name, value, unit, ci95) VALUES (?, ?, ?, ?, ?)"
            )
            for item in result.metrics {
                try metric.execute(arguments: [run, item.name, item.value, item.unit, item.ci95])
            }
            let columns = Self.hourlyColumns.flatMap { [$0, "\($0)_ci95"] }
            let hour = try db.cachedStatement(
                sql: """
                    INSERT INTO timeseries (run_id, hour, \(columns.joined(separator: ", ")))
                    VALUES (?, ?, \(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                    """
            )
            let ci = result.timeseriesCI95
            for (index, sample) in result.timeseries.enumerated() {
                let halves = ci.flatMap { index < $0.count ? Self.hourlyValues($0[index]) : nil }
                var values: [(any DatabaseValueConvertible)?] = [run, sample.hour]
                for (column, value) in Self.hourlyValues(sample).enumerated() { values += [value, halves?[column]] }
                try hour.execute(arguments: StatementArguments(values))
            }
            return true
        }
    }

    /// Whether `table` holds a row with configuration hash `hash`.
    static func isStored(_ hash: String, in table: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE configuration_hash = ?)",
            arguments: [hash]
        ) ?? false
    }

    /// A sample's values in ``hourlyColumns`` order.
    static func hourlyValues(_ t: HourlySample) -> [Double] {
        [
            t.connections, t.tableRows, t.tableBytes, t.staleRows, t.consumedRCU, t.provisionedRCU, t.consumedWCU,
            t.provisionedWCU, t.throttledCalls, t.lambdaConcurrency, t.deliveries, t.deliveredRatio,
        ]
    }
}

/// The `runs` row of one spec and its result.
struct RunRow {
    var arguments: StatementArguments

    init(_ spec: RunSpec, _ result: RunResult, createdAt: Date) {
        let prices = RunSpec.canonicalJSON(of: spec.inputs.prices)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let text = { (data: Data) in String(decoding: data, as: UTF8.self) }
        let values: [(any DatabaseValueConvertible)?] = [
            spec.configurationHash, formatter.string(from: createdAt), FanoutVersion.string,
            ProcessInfo.processInfo.environment["FANOUT_GIT_COMMIT"], spec.mode.rawValue, spec.inputs.scenario.name,
            text(RunSpec.canonicalJSON(of: spec.inputs.scenario)), spec.inputs.architectureName,
            text(spec.architectureJSON), spec.inputs.prices.name, Self.latestDate(in: prices),
            RunSpec.sha256Hex(prices), RunSpec.sha256Hex(RunSpec.canonicalJSON(of: spec.inputs.calibration)),
            spec.users, spec.days, spec.replications, Int64(bitPattern: spec.seed), result.wallSeconds,
            result.totalUSD, result.totalUSDCI95, result.deliveredRatio,
        ]
        arguments = StatementArguments(values)
    }

    /// The latest `"date"` a cited price was read on (the sheet's date), if any.
    static func latestDate(in json: Data) -> String? {
        func dates(_ value: Any) -> [String] {
            if let object = value as? [String: Any] {
                return object.flatMap { key, value in
                    key == "date" ? [value as? String].compactMap { $0 } : dates(value)
                }
            }
            if let array = value as? [Any] { return array.flatMap(dates) }
            return []
        }
        return (try? JSONSerialization.jsonObject(with: json)).flatMap { dates($0).max() }
    }
}
