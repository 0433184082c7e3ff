/// An HTML table of a chart's numbers: a header row and body rows, numbers right-aligned.
struct HTMLTable {
    var caption: String
    var header: [String]
    var rows: [[String]]
    /// Columns (by index) holding text, left-aligned; the others are numbers.
    var textColumns: Set<Int> = [0]

    func html() -> String {
        var out = "<table>\n<caption>\(SVG.escape(caption))</caption>\n<thead><tr>"
        for (index, cell) in header.enumerated() {
            out += "<th\(textColumns.contains(index) ? "" : " class=\"num\"")>\(SVG.escape(cell))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                out += "<td\(textColumns.contains(index) ? "" : " class=\"num\"")>\(SVG.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// The table, folded in a `<details>` element when it has more than `foldAbove` rows.
    func html(foldAbove: Int) -> String {
        guard rows.count > foldAbove else { return html() }
        return "<details><summary>\(SVG.escape(caption)) (\(rows.count) rows)</summary>\n\(html())</details>\n"
    }
}

/// A section's note that its chart has no data, and the command that stores what it needs.
func missing(_ what: String, command: String) -> String {
    "<p class=\"missing\" data-missing=\"true\">\(SVG.escape(what)) To store it: <code>\(SVG.escape(command))</code></p>\n"
}
