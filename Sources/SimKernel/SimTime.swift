/// An instant in simulated time, in integer nanoseconds since the start of the run.
///
/// Integer time makes ordering exact and runs reproducible: two events scheduled for the same
/// instant compare equal in time and fall back to insertion order.
public struct SimTime: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: SimTime { SimTime(nanoseconds: 0) }

    /// The instant `seconds` after the start (rounded to the nearest nanosecond).
    @inlinable public static func seconds(_ seconds: Double) -> SimTime {
        SimTime(nanoseconds: roundedNanoseconds(seconds * 1e9))
    }

    /// Seconds since the start, as a `Double`.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanoseconds < b.nanoseconds }

    @inlinable public static func + (a: SimTime, b: SimDuration) -> SimTime {
        SimTime(nanoseconds: a.nanoseconds + b.nanoseconds)
    }

    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds)
    }

    public var description: String { "\(seconds)s" }
}

/// A span of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: SimDuration { SimDuration(nanoseconds: 0) }

    /// A duration of `seconds` (rounded to the nearest nanosecond; negative values are a programmer error).
    @inlinable public static func seconds(_ seconds: Double) -> SimDuration {
        SimDuration(nanoseconds: roundedNanoseconds(seconds * 1e9))
    }

    /// A duration of `milliseconds`.
    @inlinable public static func milliseconds(_ milliseconds: Double) -> SimDuration {
        SimDuration(nanoseconds: roundedNanoseconds(milliseconds * 1e6))
    }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    public var description: String { "\(seconds)s" }
}

/// Rounds half away from zero without a libm call (this sits on the hot path of every schedule).
@inlinable func roundedNanoseconds(_ value: Double) -> Int64 {
    value >= 0 ? Int64(value + 0.5) : Int64(value - 0.5)
}
