import RunStore

/// The report's six sections, each a chart (or a note saying what is missing and the command
/// that stores it) with a table of the numbers it draws.
struct ReportSections {
    var data: ReportData
    /// The store as the suggested commands name it.
    var db: String

    static let titles = [
        ("total-cost", "1. Total cost per month against users"),
        ("cost-by-service", "2. Cost by service"),
        ("delivered", "3. Delivered ratio"),
        ("breaking-points", "4. Breaking points"),
        ("timeseries", "5. Simulated hours"),
        ("sensitivity", "6. Sensitivity"),
    ]

    func open(_ index: Int, _ lead: String) -> String {
        "<section id=\"\(Self.titles[index].0)\">\n<h2>\(SVG.escape(Self.titles[index].1))</h2>\n<p class=\"note\">\(SVG.escape(lead))</p>\n"
    }

    /// Crossings between curves of the same mode and scenario variant, by pair in curve order.
    func crossovers(_ curves: [Curve]) -> [Crossover] {
        var found: [Crossover] = []
        for (i, a) in curves.enumerated() {
            for b in curves[(i + 1)...] where b.context == a.context && b.architecture != a.architecture {
                found += Crossovers.between(
                    (a.name, a.runs.map { ($0.users, $0.totalUSD) }),
                    (b.name, b.runs.map { ($0.users, $0.totalUSD) })
                )
            }
        }
        return found.sorted {
            ($0.users, $0.cheaperBelow, $0.cheaperAbove) < ($1.users, $1.cheaperBelow, $1.cheaperAbove)
        }
    }

    /// Chart 1: total per curve, CI bands where runs have replications, crossovers marked.
    func totalCost() -> String {
        let curves = data.curves()
        let crossings = crossovers(curves)
        let users = Array(Set(data.runs.map(\.users))).sorted()
        let span = (users.last ?? 1) / max(users.first ?? 1, 1)
        var chart = LineChart(
            id: "chart-total-cost",
            title: "Total cost per month against users",
            description: "One line per architecture (\(curves.map(\.name).joined(separator: ", "))): the month's total "
                + "in USD at each stored user count, with 95 % confidence bands where runs have replications; "
                + "\(crossings.count) crossover\(crossings.count == 1 ? "" : "s") marked.",
            xTitle: span >= 50 ? "users (log scale)" : "users",
            yTitle: "total, USD per month",
            yFormat: .money,
            series: curves.map { curve in
                LineSeries(
                    name: curve.name,
                    points: curve.runs.map { ($0.users, $0.totalUSD, $0.replications > 1 ? $0.totalUSDCI95 : nil) }
                )
            }
        )
        if span >= 50 { chart.xKind = .log }
        chart.markers = crossings.map {
            ChartMarker(
                x: $0.users,
                y: $0.totalUSD,
                label: "\($0.cheaperBelow) is cheaper below ≈ \(NumberText.count($0.users.rounded())) users, "
                    + "\($0.cheaperAbove) above"
            )
        }
        var out = open(
            0,
            "Crossover points are interpolated linearly between the stored user counts on either side "
                + "(the totals between stored points are not computed); their users are therefore approximate."
        )
        out += "<figure>\(chart.svg())</figure>\n"
        out += HTMLTable(
            caption: "Total, USD per month",
            header: ["users"] + curves.map(\.name),
            rows: users.map { count in
                [NumberText.count(count)]
                    + curves.map { curve in
                        guard let run = curve.runs.first(where: { $0.users == count }) else { return "—" }
                        let ci = run.replications > 1 ? run.totalUSDCI95.map { " ± \(NumberText.money($0))" } ?? "" : ""
                        return NumberText.money(run.totalUSD) + ci
                    }
            }
        ).html(foldAbove: 40)
        if crossings.isEmpty {
            out += "<p>No two architectures' totals cross between the stored user counts.</p>\n"
        } else {
            out += HTMLTable(
                caption: "Crossovers (linear interpolation between stored points)",
                header: [
                    "cheaper below", "cheaper above", "≈ users", "≈ total, USD per month", "between stored users",
                ],
                rows: crossings.map {
                    [
                        $0.cheaperBelow, $0.cheaperAbove, NumberText.count($0.users.rounded()),
                        NumberText.money($0.totalUSD),
                        "\(NumberText.count($0.fromUsers)) – \(NumberText.count($0.toUsers))",
                    ]
                },
                textColumns: [0, 1]
            ).html()
        }
        return out + "</section>\n"
    }

    /// Chart 2: per curve, its services' subtotals stacked against users.
    func costByService() -> String {
        var out = open(1, "For each architecture, the month's line items summed by service and stacked.")
        for (index, curve) in data.curves().enumerated() {
            var services: [String] = []
            for run in curve.runs {
                for line in run.lineItems where !services.contains(line.service) { services.append(line.service) }
            }
            let subtotal = { (run: StoredRun, service: String) in
                run.lineItems.filter { $0.service == service }.reduce(0) { $0 + $1.usd }
            }
            let chart = StackedAreaChart(
                id: "chart-cost-by-service-\(index + 1)",
                title: "Cost by service: \(curve.name)",
                description: "\(curve.name): \(services.joined(separator: ", ")) stacked, USD per month against users.",
                xTitle: "users",
                yTitle: "USD per month",
                xs: curve.runs.map(\.users),
                layers: services.map { service in (service, curve.runs.map { subtotal($0, service) }) }
            )
            out += "<h3>\(SVG.escape(curve.name))</h3>\n<figure>\(chart.svg())</figure>\n"
            out += HTMLTable(
                caption: "\(curve.name): USD per month by service",
                header: ["users"] + services + ["total"],
                rows: curve.runs.map { run in
                    [NumberText.count(run.users)] + services.map { NumberText.money(subtotal(run, $0)) }
                        + [NumberText.money(run.totalUSD)]
                }
            ).html(foldAbove: 40)
        }
        return out + "</section>\n"
    }

    /// Chart 3: delivered ratio per curve.
    func delivered() -> String {
        let curves = data.curves()
        var chart = LineChart(
            id: "chart-delivered",
            title: "Delivered ratio against users",
            description: "The share of messages delivered, per architecture, at each stored user count.",
            xTitle: "users",
            yTitle: "delivered ratio",
            yFormat: .ratio,
            series: curves.map { curve in
                LineSeries(name: curve.name, points: curve.runs.map { ($0.users, $0.deliveredRatio, nil) })
            }
        )
        chart.yFromZero = false
        var out = open(
            2,
            "A bill (analytic) run delivers what its limits allow in steady state; a simulated run counts deliveries."
        )
        out += "<figure>\(chart.svg())</figure>\n"
        let users = Array(Set(data.runs.map(\.users))).sorted()
        out += HTMLTable(
            caption: "Delivered ratio",
            header: ["users"] + curves.map(\.name),
            rows: users.map { count in
                [NumberText.count(count)]
                    + curves.map { curve in
                        curve.runs.first { $0.users == count }.map { NumberText.percent($0.deliveredRatio) } ?? "—"
                    }
            }
        ).html(foldAbove: 40)
        return out + "</section>\n"
    }
}
