import Foundation

/// Draws from an exponential distribution with the given rate (mean 1 / rate).
@inlinable public func exponential(rate: Double, using rng: inout Xoshiro256) -> Double {
    -Foundation.log(rng.nextOpenUnit()) / rate
}

/// Draws a standard normal variate (Box–Muller, one of the pair).
@inlinable public func standardNormal(using rng: inout Xoshiro256) -> Double {
    let u1 = rng.nextOpenUnit()
    let u2 = rng.nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
}

/// A log-normal distribution given by the mean and standard deviation of the variate itself.
public struct LogNormal: Sendable, Equatable {
    public let mu: Double
    public let sigma: Double

    /// The log-normal with this mean and standard deviation (both > 0).
    public init(mean: Double, standardDeviation: Double) {
        precondition(mean > 0 && standardDeviation >= 0)
        let variance = standardDeviation * standardDeviation
        sigma = Foundation.log(1 + variance / (mean * mean)).squareRoot()
        mu = Foundation.log(mean) - sigma * sigma / 2
    }

    public func sample(using rng: inout Xoshiro256) -> Double {
        Foundation.exp(mu + sigma * standardNormal(using: &rng))
    }
}

/// Draws a uniform double in [low, high).
@inlinable public func uniform(_ low: Double, _ high: Double, using rng: inout Xoshiro256) -> Double {
    low + (high - low) * rng.nextUnit()
}

/// A discrete distribution over 0..<n given by weights, sampled in O(1) by Walker's alias method.
public struct AliasTable: Sendable {
    @usableFromInline let probability: [Double]
    @usableFromInline let alias: [Int]
    /// Every outcome equally likely: a sample is the drawn column (the same draw and result as
    /// the general rule, whose coin always lands on the column).
    @usableFromInline let isUniform: Bool

    public init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite })
        let n = weights.count
        let total = weights.reduce(0, +)
        precondition(total > 0)
        var scaled = weights.map { $0 * Double(n) / total }
        var probability = [Double](repeating: 1, count: n)
        var alias = Array(0..<n)
        var small = scaled.indices.filter { scaled[$0] < 1 }
        var large = scaled.indices.filter { scaled[$0] >= 1 }
        while let s = small.popLast(), let l = large.popLast() {
            probability[s] = scaled[s]
            alias[s] = l
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        self.probability = probability
        self.alias = alias
        isUniform = probability.allSatisfy { $0 >= 1 }
    }

    /// Number of outcomes.
    public var count: Int { probability.count }

    @inlinable public func sample(using rng: inout Xoshiro256) -> Int {
        let u = rng.nextUnit() * Double(probability.count)
        let index = min(Int(u), probability.count - 1)
        if isUniform { return index }
        return u - Double(index) < probability[index] ? index : alias[index]
    }

    /// Zipf weights over ranks 1…n with exponent `s` (0 is uniform).
    public static func zipf(count: Int, exponent: Double) -> AliasTable {
        AliasTable(weights: (1...count).map { 1 / Foundation.pow(Double($0), exponent) })
    }
}

/// A distribution given by points of its cumulative distribution function, interpolated
/// linearly (an empirical distribution from a data set).
public struct EmpiricalDistribution: Sendable, Equatable {
    /// (value, cumulative probability) pairs, increasing in both, ending at probability 1.
    public let points: [(value: Double, probability: Double)]

    public static func == (a: EmpiricalDistribution, b: EmpiricalDistribution) -> Bool {
        a.points.elementsEqual(b.points) { $0.value == $1.value && $0.probability == $1.probability }
    }

    /// Builds the distribution; returns nil when the points do not form a CDF.
    public init?(points: [(value: Double, probability: Double)]) {
        guard let last = points.last, abs(last.probability - 1) < 1e-9, points.count >= 2 else { return nil }
        for (a, b) in zip(points, points.dropFirst()) where !(b.value >= a.value && b.probability >= a.probability) {
            return nil
        }
        self.points = points
    }

    /// Inverse-CDF sample.
    public func sample(using rng: inout Xoshiro256) -> Double {
        let u = rng.nextUnit()
        var low = 0
        var high = points.count - 1
        while low < high {
            let mid = (low + high) / 2
            if points[mid].probability < u { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return points[0].value }
        let a = points[low - 1]
        let b = points[low]
        let span = b.probability - a.probability
        return span > 0 ? a.value + (b.value - a.value) * (u - a.probability) / span : b.value
    }

    /// The mean of the piecewise-linear distribution.
    public var mean: Double {
        zip(points, points.dropFirst()).reduce(points[0].value * points[0].probability) {
            $0 + ($1.1.probability - $1.0.probability) * ($1.0.value + $1.1.value) / 2
        }
    }
}
