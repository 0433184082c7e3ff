import Foundation
import TextOutput

/// How the report writes numbers: locale-free, the same value always the same characters.
public enum NumberText {
    /// A tick label: `0`, `2.5`, `20k`, `1.5M`, `0.995` (up to three significant decimals).
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        for (threshold, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= threshold {
            return sign + trimmed(magnitude / threshold) + suffix
        }
        return sign + trimmed(magnitude)
    }

    /// A money tick label: `$0`, `$500`, `$1.2k`, `$25k`, `$1M`.
    public static func compactMoney(_ usd: Double) -> String {
        (usd < 0 ? "-$" : "$") + compact(abs(usd))
    }

    /// A table's money figure: `$1,234.56`.
    public static func money(_ usd: Double) -> String { TextOutput.money(usd) }

    /// A table's count: `20,000`; fractions keep up to four significant digits.
    public static func count(_ value: Double) -> String { grouped(value) }

    /// A share as a percentage with two decimals: `99.50 %`.
    public static func percent(_ share: Double) -> String { String(format: "%.2f %%", share * 100) }

    /// An SVG coordinate with one decimal.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// At most three decimals, trailing zeros dropped.
    static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
