import Foundation

/// A tornado: for each assumption (largest swing first) a bar from the base total to the total
/// at its low value and one to the total at its high value; `data-series` "low" and "high".
public struct TornadoChart: Sendable {
    /// One assumption: its label and the totals at its low and high values.
    public struct Bar: Sendable {
        public var label: String
        public var lowUSD: Double
        public var highUSD: Double

        /// A bar labelled `label` from the base to `lowUSD` and to `highUSD`.
        public init(label: String, lowUSD: Double, highUSD: Double) {
            self.label = label
            self.lowUSD = lowUSD
            self.highUSD = highUSD
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var baseUSD: Double
    /// Largest swing first, top to bottom.
    public var bars: [Bar]
    public var width: Double = 760

    /// A tornado of `bars` around the base total `baseUSD`.
    public init(id: String, title: String, description: String, baseUSD: Double, bars: [Bar]) {
        self.id = id
        self.title = title
        self.description = description
        self.baseUSD = baseUSD
        self.bars = bars
    }

    static let barHeight = 20.0
    static let maximumLabelCharacters = 42

    /// A bar's label cut to fit the left margin, with an ellipsis when cut.
    public static func shortLabel(_ label: String) -> String {
        label.count <= maximumLabelCharacters ? label : String(label.prefix(maximumLabelCharacters - 1)) + "…"
    }

    /// The chart as an inline SVG element.
    public func svg() -> String {
        let names = ["assumption at its low value", "assumption at its high value"]
        var frame = ChartFrame(width: width, height: 0)
        let labels = bars.map { Self.shortLabel($0.label) }
        frame.left = min(
            320,
            12 + (labels.map { LabelLayout.width(of: $0, fontSize: ChartFrame.fontSize) }.max() ?? 40)
        )
        frame.fitLegend(names)
        frame.height = frame.top + Double(max(1, bars.count)) * Self.barHeight + 8 + frame.bottom
        let values = bars.flatMap { [$0.lowUSD, $0.highUSD] } + [baseUSD]
        let scale = Scale(
            .linear,
            domain: Ticks.niceDomain(values.min()!, values.max()!),
            lower: frame.plotLeft,
            upper: frame.plotRight
        )
        let colours = ["#0072b2", "#d55e00"]
        var out = SVG.open(id: id, width: frame.width, height: frame.height, title: title, description: description)
        out += frame.xAxis(scale, ticks: scale.ticks(count: 6), label: ValueFormat.money.tick, title: "USD per month")
        for tick in scale.ticks(count: 6) {
            out += SVG.line(
                scale.position(tick),
                frame.plotTop,
                scale.position(tick),
                frame.plotBottom,
                "class=\"grid\""
            )
        }
        let base = scale.position(baseUSD)
        for (end, name) in names.enumerated() {
            out += "<g data-series=\"\(end == 0 ? "low" : "high")\" class=\"series\">"
            for (index, bar) in bars.enumerated() {
                let value = end == 0 ? bar.lowUSD : bar.highUSD
                let x = scale.position(value)
                let y = frame.top + 4 + Double(index) * Self.barHeight + (end == 0 ? 1 : 9)
                out += SVG.rect(min(x, base), y, abs(x - base), 8, "fill=\"\(colours[end])\"")
                    .replacingOccurrences(
                        of: "/>",
                        with: "><title>\(SVG.escape(bar.label)), \(name): "
                            + "\(NumberText.money(value))</title></rect>"
                    )
            }
            out += "</g>"
        }
        for (index, label) in labels.enumerated() {
            let y = frame.top + 4 + Double(index) * Self.barHeight + 13
            out += SVG.text(frame.plotLeft - 6, y, label, anchor: "end")
        }
        out += SVG.line(base, frame.plotTop, base, frame.plotBottom, "class=\"base-line\"")
        out += SVG.text(
            base + 4,
            frame.plotBottom - 4,
            "base \(NumberText.money(baseUSD))",
            attributes: "class=\"marker-label\""
        )
        out += frame.legend(names, colours: colours, filled: true)
        return out + "</svg>"
    }
}
