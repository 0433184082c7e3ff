/// Decimal numbers as a person types them on a command line or in a CSV file.
///
/// `Double(String)` also reads hexadecimal (`0x10`, `0x1p2`), `nan` and `inf`, none of which a
/// user means as a count of users or days; this accepts only `[+-]digits[.digits][e[+-]digits]`,
/// with `_` allowed between digits (`20_000`), and finite results.
public enum DecimalText {
    /// The value of `text`, or `nil` when it is not a plain finite decimal.
    public static func parse(_ text: some StringProtocol) -> Double? {
        var digits = ""
        var previous: Character = " "
        var seenDigit = false
        var seenPoint = false
        var seenExponent = false
        for (offset, character) in text.enumerated() {
            switch character {
            case "0"..."9":
                seenDigit = true
                digits.append(character)
            case "_":
                guard previous.isASCII, previous.isNumber else { return nil }
            case "+", "-":
                guard offset == 0 || previous == "e" || previous == "E" else { return nil }
                digits.append(character)
            case ".":
                guard !seenPoint, !seenExponent else { return nil }
                seenPoint = true
                digits.append(character)
            case "e", "E":
                guard seenDigit, !seenExponent, previous != "_" else { return nil }
                seenExponent = true
                digits.append("e")
            default:
                return nil
            }
            if character == "_", let next = text.dropFirst(offset + 1).first, !(next.isASCII && next.isNumber) {
                return nil
            }
            previous = character
        }
        guard seenDigit, previous != "_", let value = Double(digits), value.isFinite else { return nil }
        return value
    }

    /// `value` as a person would write it back: whole numbers without a fraction (`20000`), others
    /// as Swift prints them (`0.25`).
    public static func describe(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Parses a command-line option's value; the error names the option.
    public static func option(_ text: String, _ option: String) throws(InputError) -> Double {
        guard let value = parse(text) else {
            throw InputError(
                source: option,
                keyPath: "",
                message: "'\(text)' is not a decimal number (hexadecimal, nan and inf are not accepted)"
            )
        }
        return value
    }
}
