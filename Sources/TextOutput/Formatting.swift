import Foundation

// Number and table formatting shared by every report Fanout prints. Deterministic and
// locale-free: the same value always prints the same characters.

/// Rounds to 6 decimals so float noise (219.00000000000003) never reaches output.
public func round6(_ value: Double) -> Double {
    guard value.isFinite, abs(value) < 1e12 else { return value }
    return (value * 1e6).rounded() / 1e6
}

/// `$1,234.56`, rounded to cents. Total: a non-finite value prints as Swift prints it (reports
/// check their figures are finite before rendering, see ``nonFiniteFigure(in:)``).
public func money(_ usd: Double) -> String {
    guard usd.isFinite else { return "\(usd)" }
    let sign = usd < 0 ? "-" : ""
    let cents = (abs(usd) * 100).rounded()
    let whole = grouped((cents / 100).rounded(.down))
    let fraction = Int(cents.truncatingRemainder(dividingBy: 100))
    return "\(sign)$\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// A number with thousands separators; small fractions keep up to 4 significant digits.
/// Total over finite values, including those beyond `Int64` (quantities can reach 10²⁰).
public func grouped(_ value: Double) -> String {
    if !value.isFinite { return "\(value)" }
    let magnitude = abs(value)
    if magnitude < 1000, magnitude != magnitude.rounded() {
        return String(format: magnitude < 1 ? "%.4g" : "%.2f", value)
    }
    let digits = magnitude < 9e18 ? String(Int64(magnitude.rounded())) : String(format: "%.0f", magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out += "," }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// A plain decimal for CSV: integers without a point, others in their shortest round-trip form,
/// never scientific notation (small prices such as 0.00000025 are written out).
public func plainNumber(_ value: Double) -> String {
    if !value.isFinite { return "\(value)" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    if abs(value) >= 1e-4, abs(value) < 1e15 { return "\(value)" }
    var text = String(format: "%.12f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// Quotes a CSV field when it holds a comma or a quote.
public func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

/// An aligned text table; columns in `rightAligned` are padded on the left.
public func textTable(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        var text = cells.enumerated().map { index, cell in
            let pad = String(repeating: " ", count: widths[index] - cell.count)
            return rightAligned.contains(index) ? pad + cell : cell + pad
        }.joined(separator: "  ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
}

/// The coding path (`line_items[2].usd`) and value of the first number in `value` that is not
/// finite, or `nil` when every number is: the check a report passes before it is printed.
public func nonFiniteFigure<T: Encodable>(in value: T) -> (path: String, value: Double)? {
    do {
        _ = try JSONEncoder().encode(value)  // the default strategy throws at a non-finite number
        return nil
    } catch EncodingError.invalidValue(let bad, let context) {
        var path = ""
        for key in context.codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return (path, (bad as? Double) ?? (bad as? Float).map(Double.init) ?? .nan)
    } catch {
        return ("", .nan)
    }
}

/// Pretty-printed JSON with sorted keys and a final newline: the same value always gives the same bytes.
public func stableJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
        preconditionFailure("a Fanout report always encodes: \(error)")
    }
}

/// `count` and `noun`, plural unless the count is exactly one ("1 day", "0.5 days", "7 days").
public func counted(_ count: Double, _ noun: String) -> String {
    "\(plainNumber(count)) \(noun)\(count == 1 ? "" : "s")"
}

/// `demand` and `capacity` as ``grouped(_:)`` prints them, with as many more significant digits
/// as it takes for a demand just above its capacity not to print as equal to it.
public func exceeding(_ demand: Double, _ capacity: Double) -> (demand: String, capacity: String) {
    var pair = (grouped(demand), grouped(capacity))
    /// Whether the printed demand reads as no more than the printed capacity.
    func readsAsEqual() -> Bool {
        guard let shown = Double(pair.0.filter { $0 != "," }), let limit = Double(pair.1.filter { $0 != "," })
        else { return false }
        return shown <= limit
    }
    var digits = 6
    while readsAsEqual(), demand > capacity, digits <= 17 {
        pair = (String(format: "%.\(digits)g", demand), String(format: "%.\(digits)g", capacity))
        digits += 1
    }
    return pair
}
