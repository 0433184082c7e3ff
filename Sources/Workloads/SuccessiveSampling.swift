import Foundation

/// Inclusion probabilities of `draws` distinct items drawn one at a time with probability
/// proportional to weight, a drawn item being drawn again skipped (successive sampling).
///
/// This is how a connection picks its channels in the simulator: it samples channels by
/// popularity and redraws a channel it already has. Successive sampling is the order of the
/// exponential race Tᵢ = Eᵢ / wᵢ (Eᵢ ~ Exp(1) independent), so item *i* is drawn iff Tᵢ is among
/// the `draws` smallest:
///
///     πᵢ = ∫₀^∞ wᵢ e^(−wᵢ t) · P(fewer than k of the others have Tⱼ < t) dt,
///
/// where the count of others is Poisson-binomial with pⱼ(t) = 1 − e^(−wⱼ t). Items come in groups
/// of equal weight; the count within a group is binomial. For each t the count's distribution,
/// truncated at k, is built from prefix and suffix products over the groups (additions of
/// positive terms only, so it is stable for every pⱼ), and the integral is taken over ln t by
/// Simpson's rule, halving the step until the estimates agree.
///
/// Error bound (``quadratureError`` plus 2·10⁻¹⁴): below t₀ = (10⁻¹⁴ · k!)^(1/k) the count of
/// others reaches k with probability at most t₀ᵏ / k! ≤ 10⁻¹⁴ (Σⱼ pⱼ ≤ t for weights summing
/// to 1), so that part is integrated in closed form; above t₁, chosen so that all items but k
/// have arrived with probability ≥ 1 − 10⁻¹⁴, the integrand's mass is below 10⁻¹⁴. Σᵢ πᵢ = k is
/// an identity the tests check. Work grows as groups × k × points; above
/// ``exactWorkBudget`` the fixed-point approximation πᵢ = 1 − e^(−wᵢ τ), Σ πᵢ = k, is used
/// instead (Rosén's approximation; its error against the exact value shrinks as k grows, see
/// MODEL.md §1).
public struct SuccessiveSampling: Sendable, Equatable {
    /// Items of one weight.
    public struct Group: Sendable, Equatable {
        /// Weight of each item, normalised so that Σ count × weight = 1.
        public var weight: Double
        public var count: Int
        /// Chance that a given item of the group is among the draws.
        public var inclusion: Double
    }

    /// How the probabilities were computed.
    public enum Method: String, Sendable, Equatable {
        /// Every item is drawn, none is, or all weights are equal (k / n).
        case closedForm = "closed form"
        /// The exponential-race integral, by quadrature with the stated error bound.
        case exponentialRace = "exponential-race integral"
        /// 1 − e^(−wᵢ τ) with Σ = k (work beyond ``exactWorkBudget``).
        case fixedPoint = "fixed-point approximation"
    }

    /// Groups × (draws + 1) above which the fixed-point approximation replaces the integral.
    public static let exactWorkBudget = 300_000

    public let groups: [Group]
    public let draws: Int
    public let method: Method
    /// Largest change of any group's probability between the last two quadrature refinements.
    public let quadratureError: Double

    /// Computes the inclusion probabilities of `draws` distinct draws from items of the given
    /// (weight, count) groups, heaviest first. Weights need not be normalised. `approximate`
    /// asks for the fixed-point approximation whatever the work (to measure its error).
    public init(groups input: [(weight: Double, count: Int)], draws: Int, approximate: Bool = false) {
        precondition(
            input.allSatisfy { $0.weight > 0 && $0.weight.isFinite && $0.count > 0 },
            "weights must be positive"
        )
        precondition(zip(input, input.dropFirst()).allSatisfy { $0.weight >= $1.weight }, "groups heaviest first")
        let items = input.reduce(0) { $0 + $1.count }
        precondition(draws >= 0 && draws <= items, "draws must be within 0...items")
        let total = input.reduce(0.0) { $0 + $1.weight * Double($1.count) }
        var groups = input.map { Group(weight: $0.weight / total, count: $0.count, inclusion: 0) }
        self.draws = draws

        let k = draws
        if k == 0 || k == items || groups.count == 1 {
            let p = items == 0 ? 0 : Double(k) / Double(items)
            for g in groups.indices { groups[g].inclusion = p }
            self.groups = groups
            method = .closedForm
            quadratureError = 0
            return
        }
        if approximate || groups.count * (k + 1) > Self.exactWorkBudget {
            let tau = Self.fixedPointTime(groups, draws: k)
            for g in groups.indices { groups[g].inclusion = -Foundation.expm1(-groups[g].weight * tau) }
            self.groups = groups
            method = .fixedPoint
            quadratureError = 0
            return
        }
        let (inclusion, error) = ExponentialRace(groups: groups, draws: k).integrate()
        for g in groups.indices { groups[g].inclusion = min(1, max(0, inclusion[g])) }
        self.groups = groups
        method = .exponentialRace
        quadratureError = error
    }

    /// The group an item of 0-based `rank` (heaviest first) belongs to.
    public func group(ofRank rank: Int) -> Group {
        var remaining = rank
        for group in groups {
            if remaining < group.count { return group }
            remaining -= group.count
        }
        preconditionFailure("rank \(rank) is beyond the items")
    }

    /// Σ over items of `f(weight, inclusion)`.
    public func sum(_ f: (_ weight: Double, _ inclusion: Double) -> Double) -> Double {
        groups.reduce(0) { $0 + Double($1.count) * f($1.weight, $1.inclusion) }
    }

    /// τ with Σ count × (1 − e^(−w τ)) = k, by bisection on a doubling bracket.
    static func fixedPointTime(_ groups: [Group], draws k: Int) -> Double {
        func expected(_ t: Double) -> Double {
            groups.reduce(0) { $0 + Double($1.count) * -Foundation.expm1(-$1.weight * t) }
        }
        var high = Double(k)
        while expected(high) < Double(k) { high *= 2 }
        var low = 0.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if expected(mid) < Double(k) { low = mid } else { high = mid }
            if high - low <= high * 1e-15 { break }
        }
        return (low + high) / 2
    }
}

/// The exponential-race integral of ``SuccessiveSampling``: the count of arrivals by time t,
/// truncated at k, and its quadrature over ln t.
private struct ExponentialRace {
    /// Largest change between the last two Simpson estimates at which the quadrature stops; the
    /// last estimate's error is about a fifteenth of it (Simpson's error falls as h⁴).
    static let tolerance = 1e-10

    let weights: [Double]
    let counts: [Int]
    let k: Int
    init(groups: [SuccessiveSampling.Group], draws: Int) {
        weights = groups.map(\.weight)
        counts = groups.map(\.count)
        k = draws
    }

    /// Per group, ∫ w e^(−w t) P(others < k) dt, and the last refinement's largest change.
    func integrate() -> ([Double], Double) {
        let tail = 1e-14
        var logFactorial = 0.0
        for i in 1...k { logFactorial += Foundation.log(Double(i)) }
        let t0 = Foundation.exp((Foundation.log(tail) + logFactorial) / Double(k))
        var t1 = max(2 * t0, Double(k))
        while atMostK(at: t1) > tail { t1 *= 2 }

        let a = Foundation.log(t0)
        let b = Foundation.log(t1)
        let n = weights.count
        // Simpson's rule from trapezoid sums of f(u) = w t e^(−w t) P(others < k), t = eᵘ, over
        // N and 2N intervals: S₂ₙ = (4 T₂ₙ − Tₙ) / 3; the step halves until S stops changing.
        var intervals = 64
        var trapezoid = [Double](repeating: 0, count: n)
        for i in 0...intervals {
            add(&trapezoid, at: a + (b - a) * Double(i) / Double(intervals), scale: i == 0 || i == intervals ? 0.5 : 1)
        }
        var coarse = trapezoid.map { $0 * (b - a) / Double(intervals) }
        var previous: [Double]? = nil
        var simpson = coarse
        var change = Double.infinity
        while true {
            let h = (b - a) / Double(2 * intervals)
            for i in 0..<intervals { add(&trapezoid, at: a + h * Double(2 * i + 1), scale: 1) }
            intervals *= 2
            let fine = trapezoid.map { $0 * h }
            simpson = zip(fine, coarse).map { (4 * $0 - $1) / 3 }
            coarse = fine
            if let previous { change = zip(simpson, previous).reduce(0) { max($0, abs($1.0 - $1.1)) } }
            if change < Self.tolerance || intervals >= 1 << 14 { break }
            previous = simpson
        }
        let result = (0..<n).map { -Foundation.expm1(-weights[$0] * t0) + simpson[$0] }
        return (result, change)
    }

    /// Adds `scale` × f(u) to each group's trapezoid sum.
    private func add(_ sums: inout [Double], at u: Double, scale: Double) {
        let t = Foundation.exp(u)
        let arrived = weights.map { -Foundation.expm1(-$0 * t) }
        let below = othersBelowK(arrived)
        for g in 0..<weights.count { sums[g] += scale * weights[g] * t * (1 - arrived[g]) * below[g] }
    }

    /// P(N(t) ≤ k) over all items.
    private func atMostK(at t: Double) -> Double {
        var distribution = [Double](repeating: 0, count: k + 1)
        distribution[0] = 1
        distribution.withUnsafeMutableBufferPointer { d in
            for g in 0..<weights.count {
                Self.convolve(d, members: counts[g], p: -Foundation.expm1(-weights[g] * t), k: k)
            }
        }
        return distribution.reduce(0, +)
    }

    /// For each group, P(fewer than k of the other items have arrived), for one of its items,
    /// given each group's chance `arrived[g]` that one of its items has.
    private func othersBelowK(_ arrived: [Double]) -> [Double] {
        let n = weights.count
        let k = self.k
        let width = k + 1
        var suffix = [Double](repeating: 0, count: (n + 1) * width)
        var prefix = [Double](repeating: 0, count: width)
        var others = [Double](repeating: 0, count: width)
        var below = [Double](repeating: 0, count: n)
        suffix.withUnsafeMutableBufferPointer { suffixBuffer in
            prefix.withUnsafeMutableBufferPointer { prefix in
                others.withUnsafeMutableBufferPointer { others in
                    let suffix = suffixBuffer.baseAddress!
                    // suffix + g·width is the distribution of groups g..<n.
                    suffix[n * width] = 1
                    for g in stride(from: n - 1, through: 0, by: -1) {
                        let row = suffix + g * width
                        row.update(from: row + width, count: width)
                        Self.convolve(
                            UnsafeMutableBufferPointer(start: row, count: width),
                            members: counts[g],
                            p: arrived[g],
                            k: k
                        )
                    }
                    prefix[0] = 1
                    for g in 0..<n {
                        let p = arrived[g]
                        // The other items: groups before g, g's other members, groups after g.
                        var mine = prefix
                        if counts[g] > 1 {
                            for j in 0..<width { others[j] = prefix[j] }
                            Self.convolve(others, members: counts[g] - 1, p: p, k: k)
                            mine = others
                        }
                        // Σ_{a + b ≤ k − 1} mine[a] · after[b], with after's running sums.
                        var sum = 0.0
                        var cumulativeAfter = 0.0
                        let after = suffix + (g + 1) * width
                        for b in 0..<k {
                            cumulativeAfter += after[b]
                            sum += mine[k - 1 - b] * cumulativeAfter
                        }
                        below[g] = min(1, sum)
                        Self.convolve(prefix, members: counts[g], p: p, k: k)
                    }
                }
            }
        }
        return below
    }

    /// Convolves `distribution` (truncated at k) with the count of `members` items, each arrived with chance p.
    private static func convolve(_ distribution: UnsafeMutableBufferPointer<Double>, members: Int, p: Double, k: Int) {
        if members == 1 {
            let q = 1 - p
            for j in stride(from: k, through: 1, by: -1) {
                distribution[j] = distribution[j] * q + distribution[j - 1] * p
            }
            distribution[0] *= q
            return
        }
        let binomial = Self.binomial(members: members, p: p, upTo: k)
        for j in stride(from: k, through: 0, by: -1) {
            var sum = 0.0
            for c in 0...min(j, binomial.count - 1) { sum += distribution[j - c] * binomial[c] }
            distribution[j] = sum
        }
    }

    /// P(X = c) for X ~ Binomial(members, p), c = 0...min(members, k), in log space (no underflow trap).
    static func binomial(members m: Int, p: Double, upTo k: Int) -> [Double] {
        let top = min(m, k)
        if p <= 0 { return (0...top).map { $0 == 0 ? 1.0 : 0.0 } }
        if p >= 1 { return (0...top).map { $0 == m ? 1.0 : 0.0 } }
        let logP = Foundation.log(p)
        let logQ = Foundation.log1p(-p)
        // log C(m, c), built up term by term: c ≤ k is small.
        var logChoose = 0.0
        var result = [Double](repeating: 0, count: top + 1)
        for c in 0...top {
            if c > 0 { logChoose += Foundation.log(Double(m - c + 1)) - Foundation.log(Double(c)) }
            let logProbability = logChoose + Double(c) * logP + Double(m - c) * logQ
            result[c] = Foundation.exp(logProbability)
        }
        return result
    }
}
