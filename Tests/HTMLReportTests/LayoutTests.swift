import HTMLReport
import Testing

@Suite struct LayoutTests {
    @Test func thinnedLabelsNeverOverlap() {
        let centres = stride(from: 0.0, through: 200, by: 10).map { $0 }
        let widths = Array(repeating: 24.0, count: centres.count)
        let keep = LabelLayout.thinned(centres: centres, widths: widths, gap: 4)
        #expect(keep.first == true)
        let kept = zip(centres, keep).filter(\.1).map(\.0)
        for (a, b) in zip(kept, kept.dropFirst()) { #expect(b - a >= 24 + 4) }
        #expect(kept.count >= 6)
        #expect(LabelLayout.thinned(centres: [0, 100], widths: [20, 20]) == [true, true])
    }

    @Test func labelsOnOneLineDoNotOverlapAndLinesAreFew() {
        let starts = [0.0, 10, 20, 200, 210, 400]
        let widths = [50.0, 50, 50, 30, 30, 30]
        let lines = LabelLayout.lines(starts: starts, widths: widths, gap: 6)
        for i in starts.indices {
            for j in starts.indices where i < j && lines[i] == lines[j] {
                let (a, b) = starts[i] < starts[j] ? (i, j) : (j, i)
                #expect(starts[a] + widths[a] + 6 <= starts[b], "labels \(a) and \(b) overlap on line \(lines[i])")
            }
        }
        #expect(lines == [0, 1, 2, 0, 1, 0])
    }

    @Test func spreadKeepsSpacingOrderAndBounds() {
        let placed = LabelLayout.spread([50, 52, 51, 200], spacing: 14, low: 0, high: 300)
        let sorted = placed.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(b - a >= 14 - 1e-9) }
        #expect(placed[0] < placed[2] && placed[2] < placed[1])
        #expect(placed[3] == 200)
        let atTop = LabelLayout.spread([295, 298, 299], spacing: 10, low: 0, high: 300)
        #expect(atTop.allSatisfy { $0 <= 300 && $0 >= 0 })
    }

    @Test func crossoversAreInterpolatedBetweenSharedPoints() {
        let a = (name: "seed", points: [(x: 10.0, y: 100.0), (x: 20.0, y: 200.0), (x: 30.0, y: 300.0)])
        let b = (name: "engine", points: [(x: 10.0, y: 150.0), (x: 20.0, y: 150.0), (x: 30.0, y: 150.0)])
        let found = Crossovers.between(a, b)
        #expect(found.count == 1)
        #expect(found[0].cheaperBelow == "seed")
        #expect(found[0].cheaperAbove == "engine")
        #expect(abs(found[0].users - 15) < 1e-9)
        #expect(abs(found[0].totalUSD - 150) < 1e-9)
        #expect(found[0].fromUsers == 10 && found[0].toUsers == 20)
        let never = (name: "x", points: [(x: 10.0, y: 1.0), (x: 20.0, y: 2.0)])
        #expect(Crossovers.between(never, (name: "y", points: [(x: 10.0, y: 5.0), (x: 20.0, y: 6.0)])).isEmpty)
        let touching = (name: "t", points: [(x: 10.0, y: 150.0), (x: 20.0, y: 140.0), (x: 30.0, y: 150.0)])
        #expect(Crossovers.between(touching, b).isEmpty, "touching without crossing")
        let through = (name: "u", points: [(x: 10.0, y: 140.0), (x: 20.0, y: 150.0), (x: 30.0, y: 160.0)])
        let atPoint = Crossovers.between(through, b)
        #expect(atPoint.count == 1)
        #expect(atPoint.first?.users == 20 && atPoint.first?.cheaperBelow == "u")
    }
}
