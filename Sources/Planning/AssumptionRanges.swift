public import FanoutInput
import Foundation

/// The low and high value of every registered assumption, with the reason for each
/// (`models/assumptions/ranges.json`, or a file given with `--ranges`).
///
/// Decoded strictly (unknown keys and unknown assumptions are errors) and checked against the
/// registry: every assumption needs a range, every bound its field's physical range.
public struct AssumptionRanges: Decodable, Sendable, Equatable {
    /// One assumption's range: absolute values, multiples of the model file's value, or off/on.
    public enum Span: Sendable, Equatable {
        case values(low: Double, high: Double)
        case factors(low: Double, high: Double)
        case toggle(low: Bool, high: Bool)
    }

    /// One entry of the file.
    public struct Range: Sendable, Equatable {
        public var span: Span
        /// Why the range is where it is (a source, or what the ASSUMPTION rests on).
        public var reason: String

        public init(span: Span, reason: String) {
            self.span = span
            self.reason = reason
        }
    }

    /// Ranges by assumption key.
    public var ranges: [String: Range]
    /// Where the ranges came from, for error messages.
    public var source: String = EmbeddedAssumptionRanges.ranges.path

    enum CodingKeys: String, CodingKey, CaseIterable {
        case notes, assumptions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        _ = try c.decodeIfPresent([String: String].self, forKey: .notes)
        ranges = try c.decode([String: Entry].self, forKey: .assumptions).mapValues(\.range)
    }

    /// The compiled-in ranges (`models/assumptions/ranges.json`).
    public static var builtIn: AssumptionRanges {
        ModelFile.builtIn(AssumptionRanges.self, EmbeddedAssumptionRanges.ranges)
    }

    /// Loads and checks a ranges file.
    public static func load(path: String) throws(InputError) -> AssumptionRanges {
        var ranges = try ModelFile.load(AssumptionRanges.self, path: path)
        ranges.source = path
        try ranges.validate()
        return ranges
    }

    /// Checks the file against the registry: no unknown key, a range for every assumption, the
    /// right form for its kind, low below high, and absolute bounds inside the field's physical range.
    public func validate() throws(InputError) {
        let v = Validator(source: source, path: "assumptions")
        let known = Set(Assumption.registry.map(\.key))
        for key in ranges.keys.sorted() where !known.contains(key) {
            throw v.fail(key, "unknown assumption (expected one of: \(known.sorted().joined(separator: ", ")))")
        }
        for assumption in Assumption.registry {
            guard let range = ranges[assumption.key] else {
                throw v.fail(assumption.key, "missing: every assumption needs a low, a high and a reason")
            }
            try range.check(assumption, v.nested(assumption.key))
        }
    }

    /// The low and high value of `assumption` around its value in `inputs`.
    public func bounds(of assumption: Assumption, in inputs: PlanningInputs) -> (low: Double, high: Double)? {
        guard let range = ranges[assumption.key] else { return nil }
        switch range.span {
        case .values(let low, let high): return (low, high)
        case .factors(let low, let high):
            let base = assumption.value(in: inputs)
            return (base * low, base * high)
        case .toggle(let low, let high): return (low ? 1 : 0, high ? 1 : 0)
        }
    }
}

extension AssumptionRanges.Range {
    /// Checks the form suits the assumption's kind and the bounds are ordered and physical.
    func check(_ assumption: Assumption, _ v: Validator) throws(InputError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw v.fail("reason", "must say why the range is where it is")
        }
        switch (span, assumption.kind) {
        case (.toggle(let low, let high), .toggle):
            guard low != high else { throw v.fail("high", "must differ from low (a switch is varied off and on)") }
        case (.toggle, .quantity):
            throw v.fail("low", "must be a number (or use low_factor and high_factor): \(assumption.key) is a quantity")
        case (.values, .toggle), (.factors, .toggle):
            throw v.fail("low", "must be false or true: \(assumption.key) is a switch")
        case (.values(let low, let high), .quantity):
            if let bounds = assumption.bounds {
                try v.check("low", low, bounds)
                try v.check("high", high, bounds)
            }
            guard low < high else { throw v.fail("high", "must be above low (got \(low) and \(high))") }
        case (.factors(let low, let high), .quantity):
            let factors = PhysicalRange("factors", 0.01...100, "", why: "")
            try v.check("low_factor", low, factors)
            try v.check("high_factor", high, factors)
            guard low < high else {
                throw v.fail("high_factor", "must be above low_factor (got \(low) and \(high))")
            }
        }
    }
}

/// One entry as written: `low`/`high` (numbers or booleans) or `low_factor`/`high_factor`, and `reason`.
private struct Entry: Decodable {
    var range: AssumptionRanges.Range

    enum CodingKeys: String, CodingKey, CaseIterable {
        case low, high
        case lowFactor = "low_factor"
        case highFactor = "high_factor"
        case reason
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let reason = try c.decode(String.self, forKey: .reason)
        let span: AssumptionRanges.Span
        switch (c.contains(.low) || c.contains(.high), c.contains(.lowFactor) || c.contains(.highFactor)) {
        case (true, true):
            throw DecodingError.dataCorruptedError(
                forKey: .lowFactor,
                in: c,
                debugDescription: "give low and high, or low_factor and high_factor, not both"
            )
        case (false, true):
            span = .factors(
                low: try c.decode(Double.self, forKey: .lowFactor),
                high: try c.decode(Double.self, forKey: .highFactor)
            )
        default:
            if let low = try? c.decode(Bool.self, forKey: .low) {
                span = .toggle(low: low, high: try c.decode(Bool.self, forKey: .high))
            } else {
                span = .values(
                    low: try c.decode(Double.self, forKey: .low),
                    high: try c.decode(Double.self, forKey: .high)
                )
            }
        }
        range = AssumptionRanges.Range(span: span, reason: reason)
    }
}
