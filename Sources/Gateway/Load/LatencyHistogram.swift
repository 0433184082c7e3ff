/// Durations in log-linear buckets, HdrHistogram-style: 128 sub-buckets per power of two, so any
/// percentile is within 1 % of the recorded value, in fixed memory whatever the count.
public struct LatencyHistogram: Sendable, Equatable {
    private static let subBucketBits = 7
    private var counts = [Int](repeating: 0, count: 64 << LatencyHistogram.subBucketBits)
    /// Values recorded.
    public private(set) var count = 0
    /// Largest value recorded, in nanoseconds.
    public private(set) var maxNanoseconds: UInt64 = 0

    /// An empty histogram.
    public init() {}

    private static func index(of value: UInt64) -> Int {
        let v = max(value, 1)
        let exponent = 63 - v.leadingZeroBitCount
        if exponent < subBucketBits { return Int(v) }
        let shift = exponent - subBucketBits
        let sub = Int((v >> UInt64(shift)) & UInt64((1 << subBucketBits) - 1))
        return ((shift + 1) << subBucketBits) | sub
    }

    private static func value(at index: Int) -> UInt64 {
        let shiftPlusOne = index >> subBucketBits
        let sub = UInt64(index & ((1 << subBucketBits) - 1))
        if shiftPlusOne == 0 { return sub }
        let shift = UInt64(shiftPlusOne - 1)
        // The bucket's midpoint.
        return ((UInt64(1) << UInt64(subBucketBits)) | sub) << shift + (UInt64(1) << shift) / 2
    }

    /// Adds one duration.
    public mutating func record(nanoseconds: UInt64) {
        counts[Self.index(of: nanoseconds)] += 1
        count += 1
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices where other.counts[index] > 0 { counts[index] += other.counts[index] }
        count += other.count
        maxNanoseconds = max(maxNanoseconds, other.maxNanoseconds)
    }

    /// The value at `quantile` (0.5 for the median), in nanoseconds; 0 when empty.
    public func nanoseconds(atQuantile quantile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        if quantile >= 1 { return maxNanoseconds }
        let rank = max(1, Int((quantile * Double(count)).rounded(.up)))
        var seen = 0
        for (index, n) in counts.enumerated() where n > 0 {
            seen += n
            if seen >= rank { return min(Self.value(at: index), maxNanoseconds) }
        }
        return maxNanoseconds
    }

    /// The value at `quantile`, in milliseconds.
    public func milliseconds(atQuantile quantile: Double) -> Double {
        Double(nanoseconds(atQuantile: quantile)) / 1e6
    }
}
