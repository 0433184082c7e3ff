import HTMLReport
import Testing

@Suite struct ChartTests {
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func lineChartHasTitleDescLegendAndOneGroupPerSeries() {
        var chart = LineChart(
            id: "c",
            title: "Total <cost>",
            description: "d & e",
            xTitle: "users",
            yTitle: "USD per month",
            yFormat: .money,
            series: [
                LineSeries(name: "seed", points: [(1, 10, 2), (2, 20, 3)]),
                LineSeries(name: "engine", points: [(1, 15, nil), (2, 12, nil)]),
            ]
        )
        chart.markers = [ChartMarker(x: 1.4, y: 14, label: "cross")]
        let svg = chart.svg()
        #expect(svg.contains("<title id=\"c-title\">Total &lt;cost&gt;</title>"))
        #expect(svg.contains("<desc id=\"c-desc\">d &amp; e</desc>"))
        #expect(count("data-series=", in: svg) == 2)
        #expect(count("class=\"band\"", in: svg) == 1)
        #expect(count("class=\"crossover\"", in: svg) == 1)
        #expect(count("data-legend=", in: svg) == 3)
        #expect(svg.contains(">USD per month</text>") && svg.contains(">users</text>"))
        #expect(svg == chart.svg())
    }

    @Test func stackedLayersSumToTheTotal() {
        let chart = StackedAreaChart(
            id: "s",
            title: "t",
            description: "d",
            xTitle: "users",
            yTitle: "USD",
            xs: [1, 2],
            layers: [("a", [1, 2]), ("b", [3, 4])]
        )
        #expect(chart.stacks() == [[1, 2], [4, 6]])
        #expect(count("data-series=", in: chart.svg()) == 2)
    }

    @Test func timelineAndTornadoDrawEveryRow() {
        let timeline = TimelineChart(
            id: "t",
            title: "t",
            description: "d",
            rows: [
                .init(name: "seed", points: [(1380, "dynamodb.provisioned_rcu"), (1400, "dynamodb.provisioned_wcu")]),
                .init(name: "engine", points: []),
            ],
            users: 100...1_000_000
        )
        let svg = timeline.svg()
        #expect(count("data-series=", in: svg) == 2)
        #expect(count("data-point=", in: svg) == 2)
        #expect(svg.contains("no limit binds"))
        let tornado = TornadoChart(
            id: "n",
            title: "t",
            description: "d",
            baseUSD: 100,
            bars: [.init(label: String(repeating: "x", count: 80), lowUSD: 80, highUSD: 130)]
        )
        let tsvg = tornado.svg()
        #expect(count("data-series=", in: tsvg) == 2)
        #expect(tsvg.contains("…"))
    }
}
