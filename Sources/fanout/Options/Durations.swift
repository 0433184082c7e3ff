import FanoutInput

/// Durations on the command line: a number of seconds, or a number with `s`, `m`, `h` or `d`.
enum Durations {
    /// Seconds in `text` (`90`, `90s`, `10m`, `1h`, `1.5d`).
    ///
    /// - Throws: ``InputError`` naming `option` if `text` is not a non-negative finite duration.
    static func seconds(_ text: String, option: String) throws(InputError) -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            number = number.dropLast()
            scale = unit
        }
        guard let value = Double(number), value.isFinite, value >= 0 else {
            throw InputError(
                source: option,
                keyPath: "",
                message: "'\(text)' is not a duration (seconds, or a number with s, m, h or d)"
            )
        }
        return value * scale
    }
}
