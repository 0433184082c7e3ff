import Foundation

/// Topic-channel popularity: Zipf weights over `count` channels and what they imply for membership.
///
/// Each connection joins `joins` distinct channels; the chance it is in channel *i* is taken as
/// `min(1, joins × wᵢ)`, exact for uniform popularity and a close approximation for skewed
/// popularity when `joins × wᵢ ≤ 1`.
public struct ChannelPopularity: Sendable, Equatable {
    public let count: Int
    public let joins: Int
    public let zipfExponent: Double
    /// Probability that a connection is subscribed to the most popular channel.
    public let topMembership: Double
    /// Expected membership probability of a channel drawn by popularity: Σ wᵢ · min(1, joins · wᵢ).
    public let popularMembership: Double

    public init(count: Int, joins: Int, zipfExponent: Double) {
        self.count = count
        self.joins = joins
        self.zipfExponent = zipfExponent
        guard count > 0, joins > 0 else {
            topMembership = 0
            popularMembership = 0
            return
        }
        let k = Double(joins)
        if zipfExponent == 0 {
            let p = min(1, k / Double(count))
            topMembership = p
            popularMembership = p
            return
        }
        var norm = 0.0
        for i in 1...count { norm += Self.weight(rank: i, exponent: zipfExponent) }
        var sum = 0.0
        for i in 1...count {
            let w = Self.weight(rank: i, exponent: zipfExponent) / norm
            sum += w * min(1, k * w)
        }
        topMembership = min(1, k / norm)
        popularMembership = sum
    }

    private static func weight(rank: Int, exponent: Double) -> Double {
        1 / Foundation.pow(Double(rank), exponent)
    }
}
