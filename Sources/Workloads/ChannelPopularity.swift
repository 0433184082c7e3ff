import Foundation
import Synchronization

/// Topic-channel popularity: Zipf weights over `count` channels and the membership they imply
/// when each connection joins `joins` distinct channels.
///
/// A connection draws its channels as the simulator does: by popularity wᵢ ∝ i^−s, a channel it
/// already has drawn again (successive sampling). The chance πᵢ that it is in channel *i* is
/// computed by ``SuccessiveSampling`` (exact up to a stated quadrature error); the chance is not
/// min(1, k·wᵢ), which overstates the popular channels as soon as popularity is skewed.
///
/// Ranks past ``individualRanks`` are grouped so that the weights inside a group differ by less
/// than ``groupedWeightSpread``; each group gets the probability of its mean weight.
public struct ChannelPopularity: Sendable, Equatable {
    /// Ranks computed one by one; beyond them, ranks of near-equal weight share a group.
    public static let individualRanks = 1_000
    /// Largest ratio − 1 between the heaviest and lightest weight of a group.
    public static let groupedWeightSpread = 1e-4

    public let count: Int
    public let joins: Int
    public let zipfExponent: Double
    /// The inclusion probabilities behind every figure below.
    public let sampling: SuccessiveSampling

    /// Probability that a connection is subscribed to the most popular channel (π₁).
    public var topMembership: Double { count > 0 ? sampling.groups[0].inclusion : 0 }

    /// Share of connections in a channel drawn by popularity: Σ wᵢ πᵢ (a `popular` broadcast).
    public var popularMembership: Double { sampling.sum { $0 * $1 } }

    /// Share of the other connections in a channel the sender picks among its own, uniformly:
    /// Σ (πᵢ / k) · πᵢ, since the sender is in channel *i* with probability πᵢ and picks it with
    /// 1 / k (a `popular` user message; the others' membership is independent of the sender's).
    public var ownChannelMembership: Double {
        joins > 0 ? sampling.sum { _, inclusion in inclusion * inclusion } / Double(joins) : 0
    }

    /// Membership probability of the channel of 1-based popularity `rank`.
    public func membership(rank: Int) -> Double { sampling.group(ofRank: rank - 1).inclusion }

    public init(count: Int, joins: Int, zipfExponent: Double) {
        self.count = count
        self.joins = joins
        self.zipfExponent = zipfExponent
        sampling = Self.sampling(count: count, joins: min(joins, count), exponent: zipfExponent)
    }

    private struct Key: Hashable {
        var count: Int
        var joins: Int
        var exponent: Double
    }

    /// Computed once per (count, joins, exponent) in a process: sweeps and curves rebuild the
    /// workload for every user count, and the membership does not depend on users.
    private static let cache = Mutex<[Key: SuccessiveSampling]>([:])

    private static func sampling(count: Int, joins: Int, exponent: Double) -> SuccessiveSampling {
        let key = Key(count: count, joins: joins, exponent: exponent)
        if let known = cache.withLock({ $0[key] }) { return known }
        let computed = SuccessiveSampling(groups: zipfGroups(count: count, exponent: exponent), draws: joins)
        cache.withLock { $0[key] = computed }
        return computed
    }

    /// Zipf weights i^−s, heaviest first: ranks one by one up to ``individualRanks``, then groups
    /// whose mean weight is the integral of x^−s over the group's span (each rank a unit interval).
    static func zipfGroups(count: Int, exponent s: Double) -> [(weight: Double, count: Int)] {
        guard count > 0 else { return [] }
        if s == 0 { return [(1, count)] }
        let individual = min(count, individualRanks)
        var groups = (1...individual).map { (weight: 1 / Foundation.pow(Double($0), s), count: 1) }
        var first = individual + 1
        let spanRatio = Foundation.pow(1 + groupedWeightSpread, 1 / s)
        while first <= count {
            let last = min(count, max(first, Int((Double(first) * spanRatio).rounded(.down))))
            let members = last - first + 1
            let low = Double(first) - 0.5
            let high = Double(last) + 0.5
            let integral =
                abs(s - 1) < 1e-12
                ? Foundation.log(high / low)
                : (Foundation.pow(high, 1 - s) - Foundation.pow(low, 1 - s)) / (1 - s)
            groups.append((weight: integral / Double(members), count: members))
            first = last + 1
        }
        return groups
    }
}
