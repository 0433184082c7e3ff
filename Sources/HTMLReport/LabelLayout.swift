/// Placing text so labels do not overlap; widths are estimates from the character count, since
/// the report measures nothing (no fonts are loaded, no script runs).
public enum LabelLayout {
    /// Estimated width of `text` in the report's sans-serif at `fontSize` pixels.
    public static func width(of text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.58
    }

    /// Which labels centred at `centres`, each as wide as `widths`, to draw so that none overlaps
    /// another by less than `gap`: the first is kept, then each one clear of the last kept.
    public static func thinned(centres: [Double], widths: [Double], gap: Double = 4) -> [Bool] {
        var keep: [Bool] = []
        var lastEnd = -Double.infinity
        for (centre, width) in zip(centres, widths) {
            let start = centre - width / 2
            if start >= lastEnd + gap {
                keep.append(true)
                lastEnd = centre + width / 2
            } else {
                keep.append(false)
            }
        }
        return keep
    }

    /// Lines (0, 1, 2, …) for labels starting at `starts` with `widths`, so that labels on one
    /// line are at least `gap` apart: each label takes the lowest line where it fits.
    public static func lines(starts: [Double], widths: [Double], gap: Double = 6) -> [Int] {
        var lineEnds: [Double] = []
        var result = Array(repeating: 0, count: starts.count)
        for index in starts.indices.sorted(by: { (starts[$0], $0) < (starts[$1], $1) }) {
            let start = starts[index]
            if let line = lineEnds.firstIndex(where: { $0 + gap <= start }) {
                result[index] = line
                lineEnds[line] = start + widths[index]
            } else {
                result[index] = lineEnds.count
                lineEnds.append(start + widths[index])
            }
        }
        return result
    }

    /// Positions near `wanted` (any order) at least `spacing` apart, kept within `low…high`
    /// when they fit: labels pushed apart in order, then shifted back inside.
    public static func spread(_ wanted: [Double], spacing: Double, low: Double, high: Double) -> [Double] {
        let order = wanted.indices.sorted { (wanted[$0], $0) < (wanted[$1], $1) }
        var placed = order.map { wanted[$0] }
        for i in placed.indices.dropFirst() where placed[i] < placed[i - 1] + spacing {
            placed[i] = placed[i - 1] + spacing
        }
        if let last = placed.last, last > high {
            let shift = last - high
            for i in placed.indices { placed[i] -= shift }
            for i in placed.indices.reversed().dropFirst() where placed[i] > placed[i + 1] - spacing {
                placed[i] = placed[i + 1] - spacing
            }
        }
        if let first = placed.first, first < low {
            let shift = low - first
            for i in placed.indices { placed[i] += shift }
        }
        var result = wanted
        for (slot, index) in order.enumerated() { result[index] = placed[slot] }
        return result
    }
}
