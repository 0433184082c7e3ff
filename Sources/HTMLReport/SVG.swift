/// Text escaping and small element writers for inline SVG and HTML.
public enum SVG {
    /// `text` with `&`, `<`, `>` and `"` escaped for element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func c(_ value: Double) -> String { NumberText.coordinate(value) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: String) -> String {
        "<line x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\" \(attributes)/>"
    }

    static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ attributes: String) -> String {
        "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(max(0, width)))\" height=\"\(c(max(0, height)))\" \(attributes)/>"
    }

    static func text(
        _ x: Double,
        _ y: Double,
        _ content: String,
        anchor: String = "start",
        attributes: String = ""
    ) -> String {
        let extra = attributes.isEmpty ? "" : " " + attributes
        return "<text x=\"\(c(x))\" y=\"\(c(y))\" text-anchor=\"\(anchor)\"\(extra)>\(escape(content))</text>"
    }

    /// A path through `points` (`M x y L x y …`).
    static func path(_ points: [(Double, Double)], closed: Bool = false) -> String {
        var out = ""
        for (index, point) in points.enumerated() {
            out += (index == 0 ? "M" : " L") + "\(c(point.0)) \(c(point.1))"
        }
        return closed && !points.isEmpty ? out + " Z" : out
    }

    /// The opening `<svg>` tag with `<title>` and `<desc>`, labelled for screen readers.
    static func open(id: String, width: Double, height: Double, title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" id="\(escape(id))" data-chart="\(escape(id))" \
        viewBox="0 0 \(c(width)) \(c(height))" width="\(c(width))" height="\(c(height))" role="img" \
        aria-labelledby="\(escape(id))-title \(escape(id))-desc">
        <title id="\(escape(id))-title">\(escape(title))</title>
        <desc id="\(escape(id))-desc">\(escape(description))</desc>
        """
    }
}

/// The fixed colours of the report's series, by position (colour-blind-safe, Okabe–Ito order).
public enum Palette {
    /// The colours in the order series take them.
    public static let colours = [
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c564b", "#f0e442",
        "#7f7f7f",
    ]

    /// The colour of series `index` (cycling past the end).
    public static func colour(_ index: Int) -> String { colours[index % colours.count] }
}
