/// A chart's canvas: its size, the plot area inside the margins, the axes with their ticks and
/// unit labels, and the legend above the plot.
struct ChartFrame {
    var width: Double = 760
    var height: Double = 380
    var left: Double = 78
    var right: Double = 24
    var top: Double = 40
    var bottom: Double = 52
    static let fontSize = 12.0

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// The top margin that fits `entries` in legend rows across the width.
    mutating func fitLegend(_ entries: [String]) {
        top = 18 + Double(legendRows(entries).count) * 18 + 8
    }

    /// Legend entries packed into rows that fit the width.
    func legendRows(_ entries: [String]) -> [[(Int, String, Double)]] {
        var rows: [[(Int, String, Double)]] = [[]]
        var x = left
        for (index, entry) in entries.enumerated() {
            let itemWidth = 22 + LabelLayout.width(of: entry, fontSize: Self.fontSize) + 18
            if x + itemWidth > width - right, !rows[rows.count - 1].isEmpty {
                rows.append([])
                x = left
            }
            rows[rows.count - 1].append((index, entry, x))
            x += itemWidth
        }
        return rows
    }

    /// The legend: a swatch (a line, or a filled square with `filled`) and the name of each entry.
    func legend(_ entries: [String], colours: [String], filled: Bool = false) -> String {
        var out = "<g class=\"legend\">"
        for (row, items) in legendRows(entries).enumerated() {
            let y = 18 + Double(row) * 18
            for (index, entry, x) in items {
                out += "<g data-legend=\"\(SVG.escape(entry))\">"
                out +=
                    filled
                    ? SVG.rect(x, y - 9, 14, 10, "fill=\"\(colours[index])\"")
                    : SVG.line(x, y - 4, x + 16, y - 4, "stroke=\"\(colours[index])\" stroke-width=\"3\"")
                out += SVG.text(x + 22, y, entry) + "</g>"
            }
        }
        return out + "</g>"
    }

    /// The x axis along the bottom with labelled ticks (thinned so labels never overlap) and its title.
    func xAxis(_ scale: Scale, ticks: [Double], label: (Double) -> String, title: String) -> String {
        var out = "<g class=\"axis x-axis\">"
        out += SVG.line(plotLeft, plotBottom, plotRight, plotBottom, "class=\"axis-line\"")
        let texts = ticks.map(label)
        let keep = LabelLayout.thinned(
            centres: ticks.map(scale.position),
            widths: texts.map { LabelLayout.width(of: $0, fontSize: Self.fontSize) }
        )
        for (index, tick) in ticks.enumerated() {
            let x = scale.position(tick)
            out += SVG.line(x, plotBottom, x, plotBottom + 5, "class=\"tick\"")
            if keep[index] { out += SVG.text(x, plotBottom + 19, texts[index], anchor: "middle") }
        }
        out += SVG.text(
            (plotLeft + plotRight) / 2,
            height - 10,
            title,
            anchor: "middle",
            attributes: "class=\"axis-title\""
        )
        return out + "</g>"
    }

    /// The y axis on the left with gridlines at labelled ticks and its title, written vertically.
    func yAxis(_ scale: Scale, ticks: [Double], label: (Double) -> String, title: String) -> String {
        var out = "<g class=\"axis y-axis\">"
        out += SVG.line(plotLeft, plotTop, plotLeft, plotBottom, "class=\"axis-line\"")
        let keep = LabelLayout.thinned(
            centres: ticks.map { -scale.position($0) },
            widths: ticks.map { _ in Self.fontSize + 2 },
            gap: 2
        )
        for (index, tick) in ticks.enumerated() {
            let y = scale.position(tick)
            out += SVG.line(plotLeft, y, plotRight, y, "class=\"grid\"")
            if keep[index] { out += SVG.text(plotLeft - 6, y + 4, label(tick), anchor: "end") }
        }
        let middle = (plotTop + plotBottom) / 2
        out += SVG.text(
            16,
            middle,
            title,
            anchor: "middle",
            attributes: "class=\"axis-title\" transform=\"rotate(-90 16 \(SVG.c(middle)))\""
        )
        return out + "</g>"
    }
}
