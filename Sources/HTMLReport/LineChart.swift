/// One line of a ``LineChart``: its points in x order, each with an optional 95 % half-width.
public struct LineSeries: Sendable {
    public var name: String
    /// (x, y, 95 % half-width or nil), sorted by x.
    public var points: [(x: Double, y: Double, ci95: Double?)]

    /// A line named `name` through `points` (sorted by x here).
    public init(name: String, points: [(x: Double, y: Double, ci95: Double?)]) {
        self.name = name
        self.points = points.sorted { $0.x < $1.x }
    }
}

/// A marked point on a chart (a crossover).
public struct ChartMarker: Sendable {
    public var x: Double
    public var y: Double
    public var label: String

    /// A marker at (`x`, `y`) whose tooltip reads `label`.
    public init(x: Double, y: Double, label: String) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// Lines against a shared x axis, with confidence bands where points carry a half-width, and
/// marked points; one `<g data-series="…">` per line.
public struct LineChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var xTitle: String
    public var yTitle: String
    public var xKind: Scale.Kind = .linear
    public var xFormat: ValueFormat = .count
    public var yFormat: ValueFormat
    /// The lines, drawn and coloured in this order.
    public var series: [LineSeries]
    /// Points marked on top of the lines (crossovers).
    public var markers: [ChartMarker] = []
    /// Whether the y axis starts at zero (else it starts near the lowest value).
    public var yFromZero = true
    public var width: Double = 760
    public var height: Double = 380

    /// A chart of `series` with linear axes and no markers (set ``xKind`` and ``markers`` after).
    public init(
        id: String,
        title: String,
        description: String,
        xTitle: String,
        yTitle: String,
        yFormat: ValueFormat,
        series: [LineSeries]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.yFormat = yFormat
        self.series = series
    }

    /// The chart's x and y domains after rounding outward to tick values.
    public func domains() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let points = series.flatMap(\.points)
        let xs = points.map(\.x) + markers.map(\.x)
        let lows = points.map { $0.y - ($0.ci95 ?? 0) }
        let highs = points.map { $0.y + ($0.ci95 ?? 0) }
        let xLow = xs.min() ?? 0
        let xHigh = xs.max() ?? 1
        let x = xKind == .log ? Ticks.niceLogDomain(xLow, xHigh) : Ticks.niceDomain(xLow, xHigh)
        var yLow = lows.min() ?? 0
        let yHigh = highs.max() ?? 1
        if yFromZero { yLow = min(0, yLow) }
        if yFormat == .ratio, yHigh <= 1 {
            // A share never passes one: the axis ends there, a tenth below the lowest value at least.
            return (x, Ticks.niceDomain(min(yLow, 0.9), 1, count: 6))
        }
        return (x, Ticks.niceDomain(yLow, yHigh, count: 6))
    }

    /// The chart as an inline SVG element.
    public func svg() -> String {
        var frame = ChartFrame(width: width, height: height)
        let names = series.map(\.name) + (markers.isEmpty ? [] : ["crossover"])
        frame.fitLegend(names)
        let (xDomain, yDomain) = domains()
        let x = Scale(xKind, domain: xDomain, lower: frame.plotLeft, upper: frame.plotRight)
        let y = Scale(.linear, domain: yDomain, lower: frame.plotBottom, upper: frame.plotTop)
        var colours = series.indices.map(Palette.colour)
        if !markers.isEmpty { colours.append("#333333") }
        var out = SVG.open(id: id, width: width, height: height, title: title, description: description)
        out += frame.yAxis(y, ticks: y.ticks(count: 6), label: yFormat.tick, title: yTitle)
        out += frame.xAxis(x, ticks: x.ticks(count: 8), label: xFormat.tick, title: xTitle)
        for (index, line) in series.enumerated() {
            out += "<g data-series=\"\(SVG.escape(line.name))\" class=\"series\">"
            let colour = colours[index]
            if line.points.contains(where: { $0.ci95 != nil }) {
                let upper = line.points.map { (x.position($0.x), y.position($0.y + ($0.ci95 ?? 0))) }
                let lower = line.points.reversed().map { (x.position($0.x), y.position($0.y - ($0.ci95 ?? 0))) }
                out += "<path class=\"band\" d=\"\(SVG.path(upper + lower, closed: true))\" fill=\"\(colour)\"/>"
            }
            let path = line.points.map { (x.position($0.x), y.position($0.y)) }
            out += "<path class=\"line\" d=\"\(SVG.path(path))\" stroke=\"\(colour)\"/>"
            for point in line.points {
                let ci = point.ci95.map { " ± \(yFormat.cell($0))" } ?? ""
                out +=
                    "<circle cx=\"\(SVG.c(x.position(point.x)))\" cy=\"\(SVG.c(y.position(point.y)))\" r=\"3\" "
                    + "fill=\"\(colour)\"><title>\(SVG.escape(line.name)): \(xFormat.cell(point.x)) → "
                    + "\(SVG.escape(yFormat.cell(point.y) + ci))</title></circle>"
            }
            out += "</g>"
        }
        if !markers.isEmpty {
            out += "<g data-markers=\"crossover\" class=\"markers\">"
            let texts = markers.map { xFormat.tick($0.x) }
            let keep = LabelLayout.thinned(
                centres: markers.map { x.position($0.x) },
                widths: texts.map { LabelLayout.width(of: $0, fontSize: 11) }
            )
            for (index, marker) in markers.enumerated() {
                let (mx, my) = (x.position(marker.x), y.position(marker.y))
                out +=
                    "<circle class=\"crossover\" cx=\"\(SVG.c(mx))\" cy=\"\(SVG.c(my))\" r=\"6\">"
                    + "<title>\(SVG.escape(marker.label))</title></circle>"
                if keep[index] {
                    out += SVG.text(mx, my - 10, texts[index], anchor: "middle", attributes: "class=\"marker-label\"")
                }
            }
            out += "</g>"
        }
        out += frame.legend(names, colours: colours)
        return out + "</svg>"
    }
}
