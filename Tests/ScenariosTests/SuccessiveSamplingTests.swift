import Foundation
import Testing
import Workloads

/// Inclusion probabilities of distinct draws by weight, against references computed apart from
/// the code under test: a hand formula, full enumeration of draw orders, and identities.
struct SuccessiveSamplingTests {
    /// Exact reference: the sum over every ordered sequence of distinct draws of
    /// Π w(iⱼ) / (1 − Σ earlier weights), by recursion over the draws.
    func enumerated(_ weights: [Double], draws: Int) -> [Double] {
        let total = weights.reduce(0, +)
        let w = weights.map { $0 / total }
        var inclusion = [Double](repeating: 0, count: w.count)
        func visit(_ taken: [Int], _ probability: Double, _ remaining: Double) {
            if taken.count == draws {
                for i in taken { inclusion[i] += probability }
                return
            }
            for i in w.indices where !taken.contains(i) {
                visit(taken + [i], probability * w[i] / remaining, remaining - w[i])
            }
        }
        visit([], 1, 1)
        return inclusion
    }

    /// Three channels of Zipf weights 1, 1/2, 1/3 and two joins: πᵢ = wᵢ + Σ_{j≠i} wⱼ wᵢ / (1 − wⱼ).
    @Test func threeChannelsTwoJoinsMatchTheHandFormula() {
        let popularity = ChannelPopularity(count: 3, joins: 2, zipfExponent: 1)
        let w = [1.0, 0.5, 1.0 / 3].map { $0 / (1 + 0.5 + 1.0 / 3) }
        for i in 0..<3 {
            var expected = w[i]
            for j in 0..<3 where j != i { expected += w[j] * w[i] / (1 - w[j]) }
            #expect(abs(popularity.membership(rank: i + 1) - expected) < 1e-9, "rank \(i + 1)")
        }
        // By hand: w = (6/11, 3/11, 2/11) gives π₁ = 6/11 + (3/11)(6/11)/(8/11) + (2/11)(6/11)/(9/11).
        #expect(abs(popularity.topMembership - (6.0 / 11 + 18.0 / 88 + 12.0 / 99)) < 1e-9)
        #expect(popularity.sampling.method == .exponentialRace)
    }

    /// Property: on random weights (seeded), the integral agrees with full enumeration.
    @Test(arguments: 1...12)
    func agreesWithEnumerationOnRandomWeights(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let count = 2 + seed % 5
        let draws = 1 + seed % (count - 1)
        // Spread over three orders of magnitude, heaviest first.
        let weights = (0..<count).map { _ in Foundation.pow(10, 3 * next()) }.sorted(by: >)
        let sampling = SuccessiveSampling(groups: weights.map { ($0, 1) }, draws: draws)
        let reference = enumerated(weights, draws: draws)
        for i in 0..<count {
            #expect(abs(sampling.groups[i].inclusion - reference[i]) < 1e-9, "item \(i) of \(weights), k \(draws)")
        }
    }

    /// Equal weights in one group of m give the same answer as m single items.
    @Test func groupsOfEqualWeightMatchSingleItems() {
        let single = SuccessiveSampling(groups: [(4, 1), (2, 1), (2, 1), (2, 1), (1, 1), (1, 1)], draws: 3)
        let grouped = SuccessiveSampling(groups: [(4, 1), (2, 3), (1, 2)], draws: 3)
        #expect(abs(grouped.groups[0].inclusion - single.groups[0].inclusion) < 1e-9)
        #expect(abs(grouped.groups[1].inclusion - single.groups[1].inclusion) < 1e-9)
        #expect(abs(grouped.groups[2].inclusion - single.groups[4].inclusion) < 1e-9)
    }

    /// Σ πᵢ = k, π decreases with rank, and skew concentrates members, at the sizes planners use
    /// (including ranks past the ones computed one by one).
    @Test(arguments: [(400, 5, 1.0), (5_000, 2, 0.1), (100, 20, 1.5)])
    func inclusionsSumToTheJoins(count: Int, joins: Int, exponent: Double) {
        let popularity = ChannelPopularity(count: count, joins: joins, zipfExponent: exponent)
        let total = popularity.sampling.sum { _, inclusion in inclusion }
        #expect(abs(total - Double(joins)) < 1e-8, "Σπ = \(total)")
        let inclusions = popularity.sampling.groups.map(\.inclusion)
        #expect(zip(inclusions, inclusions.dropFirst()).allSatisfy { $0 >= $1 - 1e-12 })
        #expect(popularity.sampling.quadratureError < 1e-9)
        let uniform = Double(joins) / Double(count)
        #expect(popularity.popularMembership > uniform)
        #expect(popularity.ownChannelMembership > uniform)
        #expect(popularity.topMembership >= popularity.popularMembership)
    }

    /// The case the old approximation got wrong: 1,000 channels, Zipf 1, 5 joins. min(1, k·w₁)
    /// gives 0.668; distinct draws give 0.522 (a Monte Carlo of 20,000 connections: 0.523).
    @Test func skewedTopChannelIsBelowTheLinearApproximation() {
        let popularity = ChannelPopularity(count: 1000, joins: 5, zipfExponent: 1)
        var harmonic = 0.0
        for i in 1...1000 { harmonic += 1 / Double(i) }
        let linear = 5 / harmonic
        #expect(abs(linear - 0.668) < 0.001)
        #expect(abs(popularity.topMembership - 0.52196) < 1e-4)
    }

    /// Uniform popularity, all channels joined, none joined: closed forms.
    @Test func closedForms() {
        #expect(ChannelPopularity(count: 100, joins: 5, zipfExponent: 0).topMembership == 0.05)
        #expect(ChannelPopularity(count: 4, joins: 4, zipfExponent: 1.2).membership(rank: 4) == 1)
        #expect(ChannelPopularity(count: 4, joins: 0, zipfExponent: 1.2).popularMembership == 0)
    }

    /// The fixed-point approximation that replaces the integral beyond its work budget converges
    /// to it as the draws grow: within 2 % of π₁ at k = 5 and 0.3 % at k = 40 (MODEL.md §1).
    @Test func fixedPointApproximationErrorShrinksWithDraws() {
        for (draws, bound) in [(5, 0.02), (40, 0.003)] {
            let exact = ChannelPopularity(count: 300, joins: draws, zipfExponent: 1).sampling
            let approximate = SuccessiveSampling(
                groups: exact.groups.map { ($0.weight, $0.count) },
                draws: draws,
                approximate: true
            )
            #expect(approximate.method == .fixedPoint)
            let worst = zip(exact.groups, approximate.groups).reduce(0.0) {
                max($0, abs($1.0.inclusion - $1.1.inclusion))
            }
            #expect(worst < bound, "k \(draws): worst absolute error \(worst)")
        }
    }
}
