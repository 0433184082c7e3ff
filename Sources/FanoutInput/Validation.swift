/// Range checks for model values, each failure naming the key path it came from.
///
/// Decoding checks types and unknown keys; validation checks meaning (finite, positive, not absurd).
/// The same checks run on values given on the command line, so a bad `--users` and a bad
/// `"users"` in a file fail the same way.
public struct Validator: Sendable {
    /// Where the values came from (file path or option), used in error messages.
    public var source: String?
    /// Key path prefix of the object being checked.
    public var path: String

    public init(source: String?, path: String = "") {
        self.source = source
        self.path = path
    }

    /// A validator for a nested object or array element.
    public func nested(_ key: String) -> Validator {
        Validator(source: source, path: path.isEmpty ? key : (key.hasPrefix("[") ? path + key : "\(path).\(key)"))
    }

    /// Fails with a message at `key`.
    public func fail(_ key: String, _ message: String) -> InputError {
        InputError(source: source, keyPath: nested(key).path, message: message)
    }

    /// Checks that `value` is finite and inside `range`; `unit` is used in the message.
    public func check(
        _ key: String,
        _ value: Double,
        in range: ClosedRange<Double>,
        _ what: String = ""
    ) throws(InputError) {
        guard value.isFinite else { throw fail(key, "must be a finite number (got \(value))") }
        guard range.contains(value) else {
            let suffix = what.isEmpty ? "" : " \(what)"
            throw fail(
                key,
                "must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))\(suffix) (got \(Self.format(value)))"
            )
        }
    }

    /// Checks an integer against a range.
    public func check(_ key: String, _ value: Int, in range: ClosedRange<Int>, _ what: String = "") throws(InputError) {
        guard range.contains(value) else {
            let suffix = what.isEmpty ? "" : " \(what)"
            throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound)\(suffix) (got \(value))")
        }
    }

    /// A number as error messages show it: whole numbers without a point, others in their shortest form.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) <= 1e18 { return String(Int64(value)) }
        return "\(value)"
    }
}
