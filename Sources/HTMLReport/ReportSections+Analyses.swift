import Foundation
import RunStore

extension ReportSections {
    /// Chart 4: each architecture's limits in the order they bind, from stored `fanout breaks`
    /// results, else from the first stored run in which each limit appears.
    func breakingPoints() -> String {
        let breaks = data.analyses.filter { $0.kind == "breaks" }
        let command = "fanout breaks --architecture \(architectures) --db \(db)"
        var out = open(3, "Each limit at the fewest users at which it binds, in the order they bind.")
        if !breaks.isEmpty {
            let many = Set(breaks.map(\.architecture)).count < breaks.count
            let name = { (a: StoredAnalysis) in
                many ? "\(a.architecture) (\(a.scenarioName), #\(a.id))" : a.architecture
            }
            let chart = TimelineChart(
                id: "chart-breaking-points",
                title: "Breaking points on a users axis",
                description: "From fanout breaks: for \(breaks.map(name).joined(separator: ", ")), every limit at "
                    + "the users where it first binds (bisection to one user).",
                rows: breaks.map { a in
                    TimelineChart.Row(name: name(a), points: a.points.map { ($0.users, $0.name) })
                },
                users: (breaks.map(\.minimumUsers).min() ?? 100)...(breaks.map(\.maximumUsers).max() ?? 1e6)
            )
            out += "<figure>\(chart.svg())</figure>\n"
            out += HTMLTable(
                caption: "Breaking points (fanout breaks)",
                header: [
                    "architecture", "limit", "binds from users", "demand", "capacity", "unit",
                    "total before, USD/month", "total at, USD/month",
                ],
                rows: breaks.flatMap { a in
                    a.points.map { p in
                        [
                            name(a), p.name,
                            (p.bindsAtMinimum ? "≤ " : "") + NumberText.count(p.users)
                                + (p.monotone ? "" : " (not monotone)"),
                            NumberText.count(p.demand), NumberText.count(p.capacity), p.unit,
                            p.totalUSDBefore.map(NumberText.money) ?? "—", NumberText.money(p.totalUSDAt),
                        ]
                    }
                },
                textColumns: [0, 1, 5]
            ).html(foldAbove: 60)
            return out + "</section>\n"
        }
        let curves = data.curves()
        let rows = curves.map { curve in
            var first: [(users: Double, label: String)] = []
            for run in curve.runs {
                for limit in run.limits where !first.contains(where: { $0.label == limit.name }) {
                    first.append((run.users, limit.name))
                }
            }
            return TimelineChart.Row(name: curve.name, points: first)
        }
        guard rows.contains(where: { !$0.points.isEmpty }) else {
            out += missing("No breaking points are stored and no stored run reports a limit.", command: command)
            return out + "</section>\n"
        }
        out += missing(
            "No fanout breaks results are stored: these points are the first stored user count at which each limit "
                + "appears in a run, so they are only as fine as the sweep's grid.",
            command: command
        )
        let users = data.runs.map(\.users)
        let chart = TimelineChart(
            id: "chart-breaking-points",
            title: "Limits on a users axis, from the stored runs",
            description: "For each architecture, each limit at the first stored user count whose run reports it.",
            rows: rows,
            users: (users.min() ?? 100)...(users.max() ?? 1e6)
        )
        out += "<figure>\(chart.svg())</figure>\n"
        out += HTMLTable(
            caption: "First stored user count reporting each limit",
            header: ["architecture", "limit", "first stored users"],
            rows: rows.flatMap { row in row.points.map { [row.name, $0.label, NumberText.count($0.users)] } },
            textColumns: [0, 1]
        ).html(foldAbove: 60)
        return out + "</section>\n"
    }

    /// The stored runs' architectures as a `--architecture` list (the four built-ins when none).
    var architectures: String {
        var names: [String] = []
        for run in data.runs where !names.contains(run.architecture) { names.append(run.architecture) }
        return names.isEmpty ? "seed,scan,indexed,engine" : names.joined(separator: ",")
    }

    /// Chart 6: one tornado per stored sensitivity report.
    func sensitivity() -> String {
        let reports = data.analyses.filter { $0.kind == "sensitivity" }
        var out = open(5, "Each assumption varied alone from its low to its high value, largest swing first.")
        guard !reports.isEmpty else {
            let users =
                data.runs.map(\.users).sorted().first.map {
                    NumberText.count($0).replacingOccurrences(of: ",", with: "")
                } ?? "20000"
            out += missing(
                "No sensitivity report is stored.",
                command:
                    "fanout sensitivity --users \(users) --architecture \(data.runs.first?.architecture ?? "indexed") --db \(db)"
            )
            return out + "</section>\n"
        }
        for (index, report) in reports.enumerated() {
            let users = report.users.map { NumberText.count($0) } ?? "?"
            let heading = "\(report.architecture) at \(users) users (\(report.scenarioName))"
            let chart = TornadoChart(
                id: "chart-sensitivity-\(index + 1)",
                title: "Sensitivity: \(heading)",
                description: "The month's total with each assumption at its low and its high value, against the "
                    + "base total \(NumberText.money(report.baseTotalUSD ?? 0)).",
                baseUSD: report.baseTotalUSD ?? 0,
                bars: report.rows.map {
                    TornadoChart.Bar(label: $0.label, lowUSD: $0.lowTotalUSD, highUSD: $0.highTotalUSD)
                }
            )
            out += "<h3>\(SVG.escape(heading))</h3>\n<figure>\(chart.svg())</figure>\n"
            out += HTMLTable(
                caption: "\(heading): total at each end, USD per month",
                header: ["assumption", "key", "low", "high", "total at low", "total at high", "swing"],
                rows: report.rows.map { r in
                    [
                        r.label, r.key, NumberText.count(r.lowValue) + (r.unit.isEmpty ? "" : " \(r.unit)"),
                        NumberText.count(r.highValue) + (r.unit.isEmpty ? "" : " \(r.unit)"),
                        NumberText.money(r.lowTotalUSD), NumberText.money(r.highTotalUSD), NumberText.money(r.swingUSD),
                    ]
                },
                textColumns: [0, 1]
            ).html(foldAbove: 40)
        }
        return out + "</section>\n"
    }
}
