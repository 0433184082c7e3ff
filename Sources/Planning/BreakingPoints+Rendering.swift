import Architectures
import TextOutput

extension BreakingPoints {
    /// Pretty-printed JSON with sorted keys and money rounded to micro-dollars (byte-identical
    /// for identical inputs); several architectures make an array.
    public static func jsonText(_ reports: [BreakingPoints]) -> String {
        let rounded = reports.map { report in
            var copy = report
            copy.points = report.points.map { point in
                var point = point
                point.totalUSDBefore = point.totalUSDBefore.map(round6)
                point.totalUSDAt = round6(point.totalUSDAt)
                return point
            }
            copy.confirmation?.checks =
                report.confirmation?.checks.map { check in
                    var check = check
                    func rounded(_ seen: BreakingPointCheck.Observation?) -> BreakingPointCheck.Observation? {
                        guard var seen else { return nil }
                        seen.demand = seen.demand.map(round6)
                        seen.capacity = seen.capacity.map(round6)
                        seen.firstHour = seen.firstHour.map(round6)
                        return seen
                    }
                    check.below = rounded(check.below)
                    check.above = rounded(check.above)
                    return check
                } ?? []
            return copy
        }
        return stableJSON(rounded)
    }

    /// One row per breaking point of every architecture (with `--confirm`, the simulator's check
    /// of it in ``checkColumns``).
    public static func csvText(_ reports: [BreakingPoints]) -> String {
        let checked = reports.contains { $0.confirmation != nil }
        var out =
            "architecture,scenario,price_sheet,users,limit,binds_at_minimum,monotone,demand,capacity,unit,total_usd_before,total_usd_at,effect"
            + (checked ? "," + checkColumns.joined(separator: ",") : "") + "\n"
        for report in reports {
            for (index, point) in report.points.enumerated() {
                let cells = [
                    report.architecture, report.scenario, report.priceSheet, plainNumber(point.users), point.limit,
                    "\(point.bindsAtMinimum)", "\(point.monotone)", plainNumber(point.atPoint.demand),
                    plainNumber(point.atPoint.capacity), point.atPoint.unit,
                    point.totalUSDBefore.map { plainNumber(round6($0)) } ?? "",
                    plainNumber(round6(point.totalUSDAt)), point.atPoint.effect,
                ]
                out += (cells + (checked ? report.checkCells(index) : [])).map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The limits in the order they bind, with demand against capacity at each point and the
    /// month's total one user before and at it.
    public func tableText() -> String {
        var out =
            "what breaks first: \(architecture) architecture, scenario \(scenario), prices \(priceSheet), \(grouped(minimumUsers))…\(grouped(maximumUsers)) users, each point to one user\n\n"
        guard !points.isEmpty else {
            return out + "no limit binds up to \(grouped(maximumUsers)) users\n"
                + (confirmation == nil ? "" : "\nsimulator check (--confirm): no breaking point to check\n")
        }
        let rows = points.map { point -> [String] in
            let shown = exceeding(point.atPoint.demand, point.atPoint.capacity)
            return [
                (point.bindsAtMinimum ? "≤ " : "") + grouped(point.users) + (point.monotone ? "" : " *"),
                point.limit, shown.demand, shown.capacity, point.atPoint.unit,
                point.totalUSDBefore.map(money) ?? "", money(point.totalUSDAt),
            ]
        }
        out += textTable(
            header: ["users", "limit", "demand", "capacity", "unit", "total before", "total at"],
            rows: rows,
            rightAligned: [0, 2, 3, 5, 6]
        )
        if points.contains(where: { !$0.monotone }) {
            out += "\n* binds at this count, then no longer at a larger one (not monotone in users)\n"
        }
        out += "\neffects:\n"
        for point in points { out += "  \(point.limit): \(point.atPoint.effect)\n" }
        if let confirmation { out += "\n" + confirmation.tableText() }
        return out
    }
}
