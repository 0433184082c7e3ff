/// Mean and variance of a stream of values in one pass (Welford's algorithm).
public struct RunningStatistics: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var m2 = 0.0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    public init() {}

    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
        minimum = min(minimum, value)
        maximum = max(maximum, value)
    }

    /// Sample variance (n − 1 denominator); 0 with fewer than two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }

    /// Half-width of the 95 % confidence interval of the mean (Student's t).
    public var confidenceHalfWidth95: Double {
        guard count > 1 else { return 0 }
        return studentT975(degreesOfFreedom: count - 1) * standardDeviation / Double(count).squareRoot()
    }
}

/// The 0.975 quantile of Student's t distribution (two-sided 95 %).
public func studentT975(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    precondition(df >= 1)
    if df <= table.count { return table[df - 1] }
    if df <= 60 { return 2.042 - (2.042 - 2.000) * Double(df - 30) / 30 }
    if df <= 120 { return 2.000 - (2.000 - 1.980) * Double(df - 60) / 60 }
    return 1.960
}

/// Exact percentiles of a finite sample (nearest-rank on the sorted values).
public struct Percentiles: Sendable {
    private var values: [Double] = []
    private var sorted = true

    public init() {}

    public mutating func add(_ value: Double) {
        if let last = values.last, value < last { sorted = false }
        values.append(value)
    }

    public var count: Int { values.count }

    /// The `p`-th percentile (0 < p ≤ 100), or nil without values.
    public mutating func percentile(_ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        if !sorted {
            values.sort()
            sorted = true
        }
        let rank = Int((p / 100 * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
