/// An instant in simulated time, in integer nanoseconds since the start of the run.
///
/// Integer time makes ordering exact and runs reproducible: two events scheduled for the same
/// instant compare equal in time and fall back to insertion order.
public struct SimTime: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: SimTime { SimTime(nanoseconds: 0) }

    /// The instant `seconds` after the start (rounded to the nearest nanosecond; saturating like
    /// ``SimDuration/seconds(_:)``).
    @inlinable public static func seconds(_ seconds: Double) -> SimTime {
        SimTime(nanoseconds: roundedNanoseconds(seconds * 1e9))
    }

    /// Seconds since the start, as a `Double`.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Saturates at `Int64`'s ends instead of trapping (one "never" plus another is still never).
    @inlinable public static func + (a: SimTime, b: SimDuration) -> SimTime {
        let (sum, overflow) = a.nanoseconds.addingReportingOverflow(b.nanoseconds)
        return SimTime(nanoseconds: overflow ? (b.nanoseconds > 0 ? .max : .min) : sum)
    }

    /// Saturates at `Int64`'s ends instead of trapping.
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        let (difference, overflow) = a.nanoseconds.subtractingReportingOverflow(b.nanoseconds)
        return SimDuration(nanoseconds: overflow ? (b.nanoseconds < 0 ? .max : .min) : difference)
    }

    public var description: String { "\(seconds)s" }
}

/// A span of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: SimDuration { SimDuration(nanoseconds: 0) }

    /// A duration of `seconds` (rounded to the nearest nanosecond; negative values are a programmer
    /// error). Beyond ±``SimDuration/never`` (73 years) or not finite, it is ``SimDuration/never``.
    @inlinable public static func seconds(_ seconds: Double) -> SimDuration {
        SimDuration(nanoseconds: roundedNanoseconds(seconds * 1e9))
    }

    /// A duration of `milliseconds`.
    @inlinable public static func milliseconds(_ milliseconds: Double) -> SimDuration {
        SimDuration(nanoseconds: roundedNanoseconds(milliseconds * 1e6))
    }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// 2⁶¹ ns (73 years): what a conversion of more seconds than that gives, far beyond any run
    /// (at most 62 days), so an event that far out never happens and nothing overflows.
    public static let never = SimDuration(nanoseconds: neverNanoseconds)

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    public var description: String { "\(seconds)s" }
}

/// 2⁶¹: the nanoseconds of ``SimDuration/never``.
@usableFromInline let neverNanoseconds: Int64 = 1 << 61

/// Rounds half away from zero without a libm call (this sits on the hot path of every schedule);
/// saturates at ±2⁶¹ and maps NaN to 2⁶¹ ("never") instead of trapping in the conversion.
@inlinable func roundedNanoseconds(_ value: Double) -> Int64 {
    if value >= 0 { return value < Double(neverNanoseconds) ? Int64(value + 0.5) : neverNanoseconds }
    if value < 0 { return value > -Double(neverNanoseconds) ? Int64(value - 0.5) : -neverNanoseconds }
    return neverNanoseconds
}
