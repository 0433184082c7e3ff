import RunStore

/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts or
/// images from elsewhere; the same data always gives the same bytes.
public enum ReportDocument {
    /// The page for `data`; `command` is how the store is named in the commands it suggests.
    public static func html(_ data: ReportData, databaseArgument: String) -> String {
        let sections = ReportSections(data: data, db: databaseArgument)
        var body = header(data)
        body += sections.totalCost()
        body += sections.costByService()
        body += sections.delivered()
        body += sections.breakingPoints()
        body += sections.timeseries()
        body += sections.sensitivity()
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Fanout report: \(SVG.escape(data.databaseName))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func header(_ data: ReportData) -> String {
        var out = "<header>\n<h1>Fanout report</h1>\n"
        out += "<p>From the run store <code>\(SVG.escape(data.databaseName))</code>: \(data.runs.count) "
        out += "run\(data.runs.count == 1 ? "" : "s") and \(data.analyses.count) "
        out += "analys\(data.analyses.count == 1 ? "is" : "es") (breaking points, sensitivity). "
        out += "Every figure is read from it; times are when each was stored.</p>\n"
        out += HTMLTable(
            caption: "What was run",
            header: ["scenario", "price sheet", "price sheet date", "Fanout version", "mode", "runs", "stored"],
            rows: data.provenance.map { p in
                [
                    p.scenarioName, p.priceSheet, p.priceSheetDate ?? "—", p.fanoutVersion, p.mode, String(p.runs),
                    p.firstCreatedAt == p.lastCreatedAt ? p.firstCreatedAt : "\(p.firstCreatedAt) – \(p.lastCreatedAt)",
                ]
            },
            textColumns: [0, 1, 2, 3, 4, 6]
        ).html()
        if !data.analyses.isEmpty {
            out += HTMLTable(
                caption: "Analyses stored",
                header: [
                    "kind", "architecture", "scenario", "price sheet", "price sheet date", "Fanout version", "stored",
                ],
                rows: data.analyses.map { a in
                    [
                        a.kind, a.architecture, a.scenarioName, a.priceSheet, a.priceSheetDate ?? "—", a.fanoutVersion,
                        a.createdAt,
                    ]
                },
                textColumns: [0, 1, 2, 3, 4, 5, 6]
            ).html()
        }
        out += "<nav><ul>"
        for (anchor, title) in ReportSections.titles {
            out += "<li><a href=\"#\(anchor)\">\(SVG.escape(title))</a></li>"
        }
        return out + "</ul></nav>\n</header>\n"
    }

    static let css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
          color: #222; background: #fff; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.4; }
        h1 { font-size: 1.7em; margin: 0 0 .3em; } h2 { font-size: 1.3em; margin: 1.6em 0 .3em; border-bottom: 1px solid #ddd; }
        h3 { font-size: 1.05em; margin: 1.2em 0 .2em; }
        table { border-collapse: collapse; margin: .6em 0 1em; font-size: 13px; display: block; max-width: 100%; overflow-x: auto; }
        caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
        th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; } .num { text-align: right; font-variant-numeric: tabular-nums; }
        code { background: #f4f4f4; padding: 1px 4px; border-radius: 3px; font-size: 90%; }
        .missing { border-left: 4px solid #e69f00; background: #fff8e6; padding: 8px 12px; }
        .note { color: #555; font-size: 14px; }
        figure { margin: .4em 0; } svg { max-width: 100%; height: auto; }
        svg text { font-family: inherit; font-size: 12px; fill: #222; }
        svg .axis-title { font-size: 12px; fill: #444; } svg .marker-label { font-size: 11px; fill: #333; }
        svg .axis-line { stroke: #333; } svg .tick { stroke: #333; } svg .grid { stroke: #e6e6e6; }
        svg .line { fill: none; stroke-width: 2; } svg .band { opacity: .18; stroke: none; }
        svg .area { stroke: #fff; stroke-width: .5; } svg .crossover { fill: #fff; stroke: #222; stroke-width: 2; }
        svg .row-line { stroke: #bbb; } svg .leader { stroke-width: 1; opacity: .7; }
        svg .base-line { stroke: #222; stroke-dasharray: 4 3; } svg .row-label { font-weight: 600; }
        .panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 8px; }
        details summary { cursor: pointer; color: #0b5394; margin: .4em 0; }
        @media print { body { margin: 0; max-width: none; } section, figure { break-inside: avoid; }
          nav { display: none; } a { color: inherit; text-decoration: none; } }
        """
}
