import Foundation
import Simulator
import TextOutput

extension BreakingPoints.Confirmation {
    /// The header the table prints above the checks.
    public var summary: String {
        "simulator check (--confirm): \(counted(days, "simulated day")), \(counted(Double(replications), "replication")) from seed \(seed)"
            + (reconnects == .cohorts ? ", retries in cohorts" : "") + "; "
            + "each point simulated \(plainNumber(share * 100)) % below and above it (at least \(counted(minimumStepUsers, "user"))), "
            + "up to \(grouped(maximumUsers)) users"
    }

    /// One row per breaking point: the users simulated below and above it, what each run
    /// reported for the limit, and the verdict; then a count of each verdict.
    public func tableText() -> String {
        var out = summary + "\n\n"
        let rows = checks.map { check -> [String] in
            [
                grouped(check.users), check.limit,
                check.below.map { grouped($0.users) } ?? "", check.below.map(Self.describe) ?? "",
                check.above.map { grouped($0.users) } ?? "", check.above.map(Self.describe) ?? "",
                check.verdict.text,
            ]
        }
        out += textTable(
            header: ["users", "limit", "below", "simulated below", "above", "simulated above", "verdict"],
            rows: rows,
            rightAligned: [0, 2, 4]
        )
        let tally = BreakingPointCheck.Verdict.allCases.compactMap { verdict -> String? in
            let count = checks.filter { $0.verdict == verdict }.count
            return count == 0 ? nil : "\(count) \(verdict.text)"
        }
        out += "\n" + (tally.isEmpty ? "no breaking point to check" : tally.joined(separator: ", ")) + "\n"
        if checks.contains(where: { $0.verdict == .notSimulated }) {
            out +=
                "not simulated: the simulator has no counterpart of the limit (see MODEL.md, \"fanout breaks --confirm\")\n"
        }
        return out
    }

    /// `clear`, `26.68 > 5, from h 3.2`, or `bound 14×, from h 7.0` when the run reports the
    /// limit only at instants (no hourly demand above capacity).
    static func describe(_ seen: BreakingPointCheck.Observation) -> String {
        guard seen.exceeded else { return "clear" }
        var text: String
        if let demand = seen.demand, let capacity = seen.capacity {
            let shown = exceeding(demand, capacity)
            text = "\(shown.demand) > \(shown.capacity)"
        } else {
            text = "bound \(grouped(seen.count ?? 0))×"
        }
        if let hour = seen.firstHour { text += ", from h " + String(format: "%.1f", hour) }
        return text
    }
}

extension BreakingPoints {
    /// The columns ``csvText(_:)`` adds when the reports carry a ``confirmation``.
    static let checkColumns = [
        "check_below_users", "check_below_exceeded", "check_below_demand", "check_below_capacity",
        "check_above_users", "check_above_exceeded", "check_above_demand", "check_above_capacity", "verdict",
    ]

    /// The ``checkColumns`` cells of the point at `index` (empty cells where nothing was run).
    func checkCells(_ index: Int) -> [String] {
        guard let check = confirmation?.checks[index] else {
            return Array(repeating: "", count: Self.checkColumns.count)
        }
        func cells(_ seen: BreakingPointCheck.Observation?) -> [String] {
            guard let seen else { return ["", "", "", ""] }
            return [
                plainNumber(seen.users), "\(seen.exceeded)", seen.demand.map { plainNumber(round6($0)) } ?? "",
                seen.capacity.map { plainNumber(round6($0)) } ?? "",
            ]
        }
        return cells(check.below) + cells(check.above) + [check.verdict.rawValue]
    }
}
