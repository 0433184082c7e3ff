/// Breaking points on a users axis: one row per architecture, each limit a mark at the users
/// where it binds, labelled; labels that would overlap go on further lines above the row.
public struct TimelineChart: Sendable {
    /// One architecture: its name and its limits at the users where they bind.
    public struct Row: Sendable {
        public var name: String
        /// (users, limit name), in the order they bind.
        public var points: [(users: Double, label: String)]

        /// A row named `name` with `points`.
        public init(name: String, points: [(users: Double, label: String)]) {
            self.name = name
            self.points = points
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var xTitle = "users (log scale)"
    /// One row per architecture, top to bottom.
    public var rows: [Row]
    /// The users axis' interval before rounding (the search's minimum and maximum).
    public var users: ClosedRange<Double>
    public var width: Double = 760

    /// A timeline of `rows` over the users interval `users` (rounded outward to ticks).
    public init(id: String, title: String, description: String, rows: [Row], users: ClosedRange<Double>) {
        self.id = id
        self.title = title
        self.description = description
        self.rows = rows
        self.users = users
    }

    static let lineHeight = 15.0
    static let fontSize = 11.0

    /// Each row's label lines and where each label starts, given the users scale.
    func layout(_ scale: Scale) -> [(starts: [Double], lines: [Int])] {
        rows.map { row in
            let widths = row.points.map { LabelLayout.width(of: $0.label, fontSize: Self.fontSize) }
            let starts = zip(row.points, widths).map { point, width in
                let x = scale.position(point.users)
                return x + width > scale.upper ? x - width : x
            }
            return (starts, LabelLayout.lines(starts: starts, widths: widths, gap: 8))
        }
    }

    /// The chart as an inline SVG element.
    public func svg() -> String {
        var frame = ChartFrame(width: width, height: 0)
        frame.left = 96
        frame.fitLegend(rows.map(\.name))
        let scale = Scale(
            .log,
            domain: Ticks.niceLogDomain(users.lowerBound, users.upperBound),
            lower: frame.plotLeft,
            upper: frame.plotRight
        )
        let layouts = layout(scale)
        let heights = layouts.map { 30 + Double(($0.lines.max() ?? -1) + 1) * Self.lineHeight }
        frame.height = frame.top + heights.reduce(0, +) + frame.bottom
        var out = SVG.open(id: id, width: frame.width, height: frame.height, title: title, description: description)
        out += frame.xAxis(scale, ticks: scale.ticks(), label: ValueFormat.count.tick, title: xTitle)
        for tick in scale.ticks() {
            out += SVG.line(
                scale.position(tick),
                frame.plotTop,
                scale.position(tick),
                frame.plotBottom,
                "class=\"grid\""
            )
        }
        var top = frame.top
        for (index, row) in rows.enumerated() {
            let colour = Palette.colour(index)
            let baseline = top + heights[index] - 12
            out += "<g data-series=\"\(SVG.escape(row.name))\" class=\"series\">"
            out += SVG.text(
                frame.plotLeft - 8,
                baseline + 4,
                row.name,
                anchor: "end",
                attributes: "class=\"row-label\""
            )
            out += SVG.line(frame.plotLeft, baseline, frame.plotRight, baseline, "class=\"row-line\"")
            if row.points.isEmpty {
                out += SVG.text(frame.plotLeft + 6, baseline - 4, "no limit binds in the searched range")
            }
            for (p, point) in row.points.enumerated() {
                let x = scale.position(point.users)
                let labelY = baseline - 10 - Double(layouts[index].lines[p]) * Self.lineHeight
                out += SVG.line(x, baseline, x, labelY + 2, "stroke=\"\(colour)\" class=\"leader\"")
                out +=
                    "<circle data-point=\"\(SVG.escape(point.label))\" cx=\"\(SVG.c(x))\" cy=\"\(SVG.c(baseline))\" "
                    + "r=\"4.5\" fill=\"\(colour)\"><title>\(SVG.escape(row.name)): \(SVG.escape(point.label)) "
                    + "at \(NumberText.count(point.users)) users</title></circle>"
                out += SVG.text(
                    layouts[index].starts[p],
                    labelY,
                    point.label,
                    attributes: "class=\"point-label\" font-size=\"\(Int(Self.fontSize))\""
                )
            }
            out += "</g>"
            top += heights[index]
        }
        out += frame.legend(rows.map(\.name), colours: rows.indices.map(Palette.colour))
        return out + "</svg>"
    }
}
