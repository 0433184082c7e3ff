import Foundation

/// A DynamoDB token bucket short of capacity: which requests it serves and how long a served one
/// waits, under the simulator's admission rule.
///
/// The rule (`Simulator/TokenBucket.swift`, MODEL.md §4): a request is admitted while the
/// balance is positive and then charged what it consumes; a request that finds the balance
/// negative waits for it and is served after that wait if the wait fits its budget B (the SDK's
/// retry budget or the function's timeout, whichever is shorter); otherwise it fails after B.
///
/// Below capacity the 300 s burst absorbs fluctuations: everything is served at once
/// (**assumption**: no queueing below capacity). Above it the bucket stays near B of deficit.
/// Call the *slack* S = B − (the wait a request would have): a request is served iff S ≥ 0, and
/// its charge lowers S by units ÷ capacity. Requests that come with followers at the same instant
/// (a client's joins right after its `$connect` succeeds) are served while the slack lasts. Between
/// arrivals the slack grows at 1 s/s; while it is negative every arrival is refused. So at the
/// served leads it follows the chain S′ = max(0, S − J(S)) + X, X ~ Exp(Λ) (Poisson arrivals of
/// rate Λ), J(S) the charges S allows. Its stationary distribution is found on a grid; from it,
/// each follower's chance, the units per served lead E[U], the lead's chance
/// capacity ÷ (Λ·E[U]) (every unit of capacity is used), and the mean wait E[max(0, B − S)].
public struct OverloadedBucket: Sendable, Equatable {
    /// Requests that arrive independently, each perhaps followed at once by others.
    public struct Arrivals: Sendable, Equatable {
        /// Lead requests per second.
        public var perSecond: Double
        /// Units one lead request consumes.
        public var leadUnits: Double
        /// Units of each follower, in the order they arrive (sent only when the lead succeeds).
        public var followerUnits: [Double]

        public init(perSecond: Double, leadUnits: Double, followerUnits: [Double] = []) {
            self.perSecond = perSecond
            self.leadUnits = leadUnits
            self.followerUnits = followerUnits
        }
    }

    /// Units per second the bucket refills (provisioned capacity or the on-demand quota).
    public let capacity: Double
    public let arrivals: [Arrivals]
    /// Lead requests per second (Λ).
    public let requestsPerSecond: Double
    /// Units per second asked for: every lead's, and the followers of the leads served.
    public let demand: Double
    /// Whether every lead and follower together ask for more than the capacity (equal is not more).
    public let isOverloaded: Bool
    /// Chance that a lead request is served.
    public let leadServedShare: Double
    /// Slack at served leads: grid step (s) and probability of each grid point.
    private let slackStep: Double
    private let slack: [Double]

    public init(capacity: Double, arrivals: [Arrivals]) {
        self.capacity = capacity
        self.arrivals = arrivals.filter { $0.perSecond > 0 }
        let lambda = self.arrivals.reduce(0) { $0 + $1.perSecond }
        requestsPerSecond = lambda
        let leads = self.arrivals.reduce(0) { $0 + $1.perSecond * $1.leadUnits }
        let followers = self.arrivals.reduce(0) { $0 + $1.perSecond * $1.followerUnits.reduce(0, +) }
        // Served in full if it can carry every lead and every follower.
        isOverloaded = leads + followers > capacity
        guard isOverloaded, lambda > 0, capacity > 0 else {
            leadServedShare = isOverloaded ? 0 : 1
            demand = leads + leadServedShare * followers
            slackStep = 1
            slack = [1]
            return
        }
        let (step, distribution) = Self.stationarySlack(self.arrivals, capacity: capacity, lambda: lambda)
        slackStep = step
        slack = distribution
        var unitsPerServedLead = 0.0
        for (g, group) in self.arrivals.enumerated() {
            var units = group.leadUnits
            for (i, follower) in group.followerUnits.enumerated() {
                units += follower * Self.followerShare(group, index: i, capacity: capacity, step: step, slack: slack)
            }
            unitsPerServedLead += group.perSecond / lambda * units
            _ = g
        }
        leadServedShare = unitsPerServedLead > 0 ? min(1, capacity / (lambda * unitsPerServedLead)) : 1
        demand = leads + leadServedShare * followers
    }

    /// Chance that follower `index` of arrivals group `group` is served, given its lead was.
    public func followerServedShare(group: Int, index: Int) -> Double {
        guard isOverloaded else { return 1 }
        return Self.followerShare(arrivals[group], index: index, capacity: capacity, step: slackStep, slack: slack)
    }

    /// Mean wait (ms) of a served request whose budget is `budgetMs`: E[max(0, B − S)].
    public func servedWaitMs(budgetMs: Double) -> Double {
        guard isOverloaded, budgetMs > 0 else { return 0 }
        var wait = 0.0
        for j in slack.indices {
            wait += slack[j] * max(0, budgetMs / 1000 - Double(j) * slackStep)
        }
        return wait * 1000
    }

    private static func followerShare(_ group: Arrivals, index: Int, capacity: Double, step: Double, slack: [Double])
        -> Double
    {
        // Served iff the slack covers the lead's and the earlier followers' charges.
        let added = (group.leadUnits + group.followerUnits.prefix(index).reduce(0, +)) / capacity
        // P(S ≥ added), the grid point at the threshold counted in proportion.
        let position = added / step
        let first = Int(position.rounded(.up))
        guard first < slack.count else { return 0 }
        var above = 0.0
        for j in first..<slack.count { above += slack[j] }
        let partial = first > 0 ? slack[first - 1] * (Double(first) - position) : 0
        return min(1, above + partial)
    }

    /// The stationary slack at served leads, on a grid: S′ = max(0, S − J(S)) + X.
    private static func stationarySlack(_ arrivals: [Arrivals], capacity: Double, lambda: Double) -> (
        Double, [Double]
    ) {
        // The chain is stable above capacity (each serve takes more slack than the mean gap adds),
        // so S stays within tens of mean gaps: a grid of 1/20 gap (finer, to 1/50, for small
        // charges) up to 40 gaps, beyond which lies e^(−40) of X.
        let charges = arrivals.flatMap { [$0.leadUnits] + $0.followerUnits }.map { $0 / capacity }.filter { $0 > 0 }
        let gap = 1 / lambda
        let step = max(gap / 50, min(gap / 20, (charges.min() ?? gap) / 10))
        let count = Int((40 * gap / step).rounded(.up)) + 1
        // X rounded to the grid: k with chance P((k − ½)h ≤ X < (k + ½)h), unbiased to O(h²).
        let rho = Foundation.exp(-lambda * step)
        let atZero = -Foundation.expm1(-lambda * step / 2)
        let beyond = Foundation.exp(-lambda * step / 2) * (1 - rho)
        var slack = (0..<count).map { $0 == 0 ? atZero : beyond * Foundation.pow(rho, Double($0 - 1)) }
        slack[count - 1] += max(0, 1 - slack.reduce(0, +))
        // Where each grid point's slack goes after a serve of each group: S − J(S), J(S) the
        // lead's charge and those of the followers the slack still covers. Split between the two
        // grid points around it, so the result moves smoothly with the inputs.
        var targets: [(weight: Double, index: [Int], upper: [Double])] = []
        for group in arrivals {
            var index = [Int](repeating: 0, count: count)
            var upper = [Double](repeating: 0, count: count)
            for j in 0..<count {
                var s = Double(j) * step - group.leadUnits / capacity
                for follower in group.followerUnits where s >= -1e-12 { s -= follower / capacity }
                let position = min(Double(count - 2), max(0, s / step))
                index[j] = Int(position.rounded(.down))
                upper[j] = position - Double(index[j])
            }
            targets.append((group.perSecond / lambda, index, upper))
        }
        var remaining = [Double](repeating: 0, count: count)
        for _ in 0..<500 {
            remaining.withUnsafeMutableBufferPointer { remaining in
                for j in 0..<count { remaining[j] = 0 }
                for target in targets {
                    target.index.withUnsafeBufferPointer { index in
                        target.upper.withUnsafeBufferPointer { upper in
                            for j in 0..<count {
                                let mass = target.weight * slack[j]
                                remaining[index[j]] += mass * (1 - upper[j])
                                remaining[index[j] + 1] += mass * upper[j]
                            }
                        }
                    }
                }
            }
            // Add X ~ Exp(λ): a geometric convolution, one pass.
            var next = [Double](repeating: 0, count: count)
            var earlier = 0.0  // Σ_{k ≥ 1} remaining[j − k] · ρ^(k − 1)
            for j in 0..<count {
                if j > 0 { earlier = earlier * rho + remaining[j - 1] }
                next[j] = atZero * remaining[j] + beyond * earlier
            }
            // Plain loops, summed left to right as reduce would: generic iterators cost a
            // metadata lookup per element in debug builds, which the tests run.
            var total = 0.0
            for j in 0..<count { total += next[j] }
            next[count - 1] += 1 - total
            var change = 0.0
            for j in 0..<count { change += abs(next[j] - slack[j]) }
            slack = next
            if change < 1e-9 { break }
        }
        return (step, slack)
    }
}
