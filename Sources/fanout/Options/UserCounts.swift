import FanoutInput
import Foundation

/// Parses `--users`: `20000`, `20000,40000`, or `20000...100000` with `--step`.
enum UserCounts {
    static let maximumPoints = 10_000

    static func parse(_ text: String?, step stepText: String?) throws(InputError) -> [Double]? {
        let step = try stepText.map { (text) throws(InputError) in try DecimalText.option(text, "--step") }
        func fail(_ message: String) -> InputError { InputError(source: "--users", keyPath: "", message: message) }
        func number(_ s: Substring) throws(InputError) -> Double {
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            guard let value = DecimalText.parse(trimmed) else {
                throw fail("'\(trimmed)' is not a decimal number (hexadecimal, nan and inf are not accepted)")
            }
            return value
        }
        guard let text else {
            if step != nil {
                throw InputError(source: "--step", keyPath: "", message: "needs --users with a range (a...b)")
            }
            return nil
        }
        if let range = text.range(of: "...") {
            let low = try number(text[..<range.lowerBound])
            let high = try number(text[range.upperBound...])
            guard let step else {
                throw InputError(source: "--step", keyPath: "", message: "a range of users needs --step")
            }
            guard step.isFinite, step > 0 else {
                throw InputError(source: "--step", keyPath: "", message: "must be a positive number (got \(step))")
            }
            guard high >= low else {
                throw fail("range end \(DecimalText.describe(high)) is below its start \(DecimalText.describe(low))")
            }
            guard (high - low) / step < Double(maximumPoints) else {
                throw fail("range has more than \(maximumPoints) points; use a larger --step")
            }
            var values: [Double] = []
            var index = 0.0
            while low + index * step <= high + step * 1e-9 {
                values.append(low + index * step)
                index += 1
            }
            // A step that does not divide the range still ends at its end.
            if let last = values.last, high - last > step * 1e-9 { values.append(high) }
            return values
        }
        if step != nil { throw InputError(source: "--step", keyPath: "", message: "only applies to a range (a...b)") }
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { (s) throws(InputError) in
            try number(s)
        }
        guard values.count <= maximumPoints else { throw fail("more than \(maximumPoints) user counts") }
        return values
    }
}
