import Foundation

/// A map from data values to positions on one axis: linear, or logarithmic for values that span
/// factors of ten (user counts from 100 to 1,000,000).
public struct Scale: Sendable, Equatable {
    /// How values are spaced.
    public enum Kind: Sendable, Equatable {
        case linear
        case log
    }

    public var kind: Kind
    /// The data interval, low to high (both > 0 on a log scale).
    public var domain: ClosedRange<Double>
    /// The positions the domain's ends map to (`lower` for `domain.lowerBound`; may be reversed).
    public var lower: Double
    public var upper: Double

    /// A scale from `domain` onto `lower…upper`; a zero-width domain is widened so it maps.
    public init(_ kind: Kind, domain: ClosedRange<Double>, lower: Double, upper: Double) {
        var low = domain.lowerBound
        var high = domain.upperBound
        if kind == .log {
            low = max(low, 1e-12)
            high = max(high, low)
            if high == low { (low, high) = (low / 10, high * 10) }
        } else if high == low {
            (low, high) = low == 0 ? (0, 1) : (low - abs(low) / 2, high + abs(high) / 2)
        }
        self.kind = kind
        self.domain = low...high
        self.lower = lower
        self.upper = upper
    }

    /// The position of `value` (values outside the domain extrapolate).
    public func position(_ value: Double) -> Double {
        let share: Double
        switch kind {
        case .linear: share = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log:
            share =
                (Foundation.log10(max(value, 1e-12)) - Foundation.log10(domain.lowerBound))
                / (Foundation.log10(domain.upperBound) - Foundation.log10(domain.lowerBound))
        }
        return lower + share * (upper - lower)
    }

    /// Round tick values inside the domain: 1-2-5 steps when linear, powers of ten (with 2 and 5
    /// between when fewer than three decades) when logarithmic.
    public func ticks(count: Int = 6) -> [Double] {
        switch kind {
        case .linear: Ticks.linear(domain.lowerBound, domain.upperBound, count: count)
        case .log: Ticks.log(domain.lowerBound, domain.upperBound)
        }
    }
}

/// Tick values at round numbers.
public enum Ticks {
    /// The smallest 1, 2 or 5 × 10ⁿ step at least `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw * (1 - 1e-12) { return factor * power }
        return 10 * power
    }

    /// The step of at most `count` ticks between `low` and `high`.
    public static func linearStep(_ low: Double, _ high: Double, count: Int) -> Double {
        niceStep((high - low) / Double(max(1, count - 1)))
    }

    /// Multiples of one 1-2-5 step between `low` and `high`, at most about `count` of them.
    public static func linear(_ low: Double, _ high: Double, count: Int = 6) -> [Double] {
        guard high > low else { return [low] }
        let step = linearStep(low, high, count: count)
        let first = (low / step - 1e-9).rounded(.up)
        let last = (high / step + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { clean($0 * step) }
    }

    /// `low…high` widened outward to multiples of the step its ticks use.
    public static func niceDomain(_ low: Double, _ high: Double, count: Int = 6) -> ClosedRange<Double> {
        guard high > low else { return niceDomain(low - max(abs(low), 1) / 2, high + max(abs(high), 1) / 2) }
        let step = linearStep(low, high, count: count)
        return clean((low / step + 1e-9).rounded(.down) * step)...clean((high / step - 1e-9).rounded(.up) * step)
    }

    /// Powers of ten between `low` and `high`; with 2× and 5× multiples when that gives fewer than three.
    public static func log(_ low: Double, _ high: Double) -> [Double] {
        guard low > 0, high >= low else { return [] }
        let first = Int((Foundation.log10(low) - 1e-9).rounded(.up))
        let last = Int((Foundation.log10(high) + 1e-9).rounded(.down))
        let powers = first <= last ? (first...last).map { Foundation.pow(10, Double($0)) } : []
        if powers.count >= 3 { return powers }
        let from = Int(Foundation.log10(low).rounded(.down))
        var values: [Double] = []
        for exponent in from...max(from, last + 1) {
            for factor in [1.0, 2, 5] {
                let value = clean(factor * Foundation.pow(10, Double(exponent)))
                if value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) { values.append(value) }
            }
        }
        return values
    }

    /// `low…high` widened outward to powers of ten, or to 1-2-5 multiples within a factor of 100.
    public static func niceLogDomain(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        let low = max(low, 1e-12)
        let high = max(high, low)
        let candidates = (-12...15).flatMap { e in [1.0, 2, 5].map { clean($0 * Foundation.pow(10, Double(e))) } }
        let below = candidates.last { $0 <= low * (1 + 1e-9) } ?? low
        let above = candidates.first { $0 >= high * (1 - 1e-9) && $0 > below } ?? high
        return below...above
    }

    /// Removes float noise from a tick value (0.30000000000000004 → 0.3).
    static func clean(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let digits = 12 - Int(Foundation.log10(abs(value)).rounded(.down))
        let factor = Foundation.pow(10, Double(min(max(digits, 0), 15)))
        return (value * factor).rounded() / factor
    }
}
