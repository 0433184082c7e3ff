/// Layers stacked on each other against a shared x axis (cost by service against users);
/// one `<g data-series="…">` per layer, the first at the bottom.
public struct StackedAreaChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var xTitle: String
    public var yTitle: String
    /// The x values, increasing.
    public var xs: [Double]
    /// Each layer's name and its value at every x.
    public var layers: [(name: String, values: [Double])]
    public var width: Double = 760
    public var height: Double = 340

    /// A chart of `layers` (bottom first) over `xs`.
    public init(
        id: String,
        title: String,
        description: String,
        xTitle: String,
        yTitle: String,
        xs: [Double],
        layers: [(name: String, values: [Double])]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xs = xs
        self.layers = layers
    }

    /// The running sums: `stacks()[k][i]` is the top of layer k at `xs[i]`.
    public func stacks() -> [[Double]] {
        var running = Array(repeating: 0.0, count: xs.count)
        return layers.map { layer in
            for i in running.indices { running[i] += i < layer.values.count ? max(0, layer.values[i]) : 0 }
            return running
        }
    }

    /// The chart as an inline SVG element.
    public func svg() -> String {
        var frame = ChartFrame(width: width, height: height)
        frame.fitLegend(layers.map(\.name))
        let tops = stacks()
        let x = Scale(
            .linear,
            domain: Ticks.niceDomain(xs.first ?? 0, xs.last ?? 1),
            lower: frame.plotLeft,
            upper: frame.plotRight
        )
        let y = Scale(
            .linear,
            domain: Ticks.niceDomain(0, tops.last?.max() ?? 1),
            lower: frame.plotBottom,
            upper: frame.plotTop
        )
        let colours = layers.indices.map(Palette.colour)
        var out = SVG.open(id: id, width: width, height: height, title: title, description: description)
        out += frame.yAxis(y, ticks: y.ticks(count: 6), label: ValueFormat.money.tick, title: yTitle)
        out += frame.xAxis(x, ticks: x.ticks(count: 8), label: ValueFormat.count.tick, title: xTitle)
        for (k, layer) in layers.enumerated() {
            let top = xs.indices.map { (x.position(xs[$0]), y.position(tops[k][$0])) }
            let base = xs.indices.reversed().map { (x.position(xs[$0]), y.position(k == 0 ? 0 : tops[k - 1][$0])) }
            let shape: String
            if xs.count == 1 {
                let centre = x.position(xs[0])
                shape = SVG.rect(
                    centre - 12,
                    y.position(tops[k][0]),
                    24,
                    y.position(k == 0 ? 0 : tops[k - 1][0]) - y.position(tops[k][0]),
                    "fill=\"\(colours[k])\""
                )
            } else {
                shape = "<path class=\"area\" d=\"\(SVG.path(top + base, closed: true))\" fill=\"\(colours[k])\"/>"
            }
            out += "<g data-series=\"\(SVG.escape(layer.name))\" class=\"series\">\(shape)"
            out += "<title>\(SVG.escape(layer.name))</title></g>"
        }
        out += frame.legend(layers.map(\.name), colours: colours, filled: true)
        return out + "</svg>"
    }
}
