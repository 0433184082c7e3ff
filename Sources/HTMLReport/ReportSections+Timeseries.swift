import RunStore

extension ReportSections {
    /// The hourly panels drawn for each simulated run: title, y format and the columns drawn.
    static let panels: [(title: String, format: ValueFormat, columns: [String], fromZero: Bool)] = [
        ("Table rows and stale rows", .count, ["table_rows", "stale_rows"], true),
        (
            "DynamoDB capacity units, consumed vs provisioned", .count,
            ["consumed_rcu", "provisioned_rcu", "consumed_wcu", "provisioned_wcu"], true
        ),
        ("Lambda concurrency", .count, ["lambda_concurrency"], true),
        ("Delivered ratio", .ratio, ["delivered_ratio"], false),
    ]

    /// Chart 5: for every simulated run with stored hours, four panels against simulated hours.
    func timeseries() -> String {
        var out = open(4, "Hourly means of simulated runs (with replications, the mean over them), by simulated hour.")
        let runs = data.runs.filter { data.timeseries[$0.id] != nil }
        guard !runs.isEmpty else {
            out += missing(
                "No simulated run with a time series is stored.",
                command: "fanout sweep --users 2000 --architecture \(data.runs.first?.architecture ?? "indexed") "
                    + "--mode simulate --days 1 --db \(db)"
            )
            return out + "</section>\n"
        }
        for run in runs {
            let hours = data.timeseries[run.id]!
            let heading =
                "\(run.architecture) at \(NumberText.count(run.users)) users, \(NumberText.count(run.days)) "
                + "simulated day\(run.days == 1 ? "" : "s") (run \(run.id))"
            out += "<h3>\(SVG.escape(heading))</h3>\n<div class=\"panels\">\n"
            for (index, panel) in Self.panels.enumerated() {
                var chart = LineChart(
                    id: "chart-timeseries-\(run.id)-\(index + 1)",
                    title: "\(panel.title): \(heading)",
                    description: "\(panel.columns.joined(separator: ", ")) against simulated hours.",
                    xTitle: "simulated hour",
                    yTitle: panel.format == .ratio ? "delivered ratio" : "count",
                    yFormat: panel.format,
                    series: panel.columns.map { column in
                        LineSeries(name: column, points: hours.map { (Double($0.hour), $0.values[column] ?? 0, nil) })
                    }
                )
                chart.width = 420
                chart.height = 260
                chart.yFromZero = panel.fromZero
                out += "<figure><figcaption>\(SVG.escape(panel.title))</figcaption>\(chart.svg())</figure>\n"
            }
            out += "</div>\n"
            let columns = Self.panels.flatMap(\.columns)
            out += HTMLTable(
                caption: "\(heading): hourly values",
                header: ["hour"] + columns,
                rows: hours.map { hour in
                    [String(hour.hour)]
                        + columns.map { column in
                            column == "delivered_ratio"
                                ? NumberText.percent(hour.values[column] ?? 0)
                                : NumberText.count(hour.values[column] ?? 0)
                        }
                }
            ).html(foldAbove: 30)
        }
        return out + "</section>\n"
    }
}
