import Billing
import FanoutInput

/// Where one design's monthly total crosses another's: the fewest whole users, between two
/// compared user counts, at which the design that cost less below no longer does.
///
/// Found on the analytic bills, not by interpolating between the compared counts: at
/// ``usersBefore`` ``cheaperBelow``'s total is below ``cheaperAbove``'s, at ``users`` it is not.
/// The search (bisection, guided by interpolation) finds one crossing where the order differs at
/// the two compared counts; totals that cross and cross back between them are not seen.
public struct CostCrossover: Codable, Sendable, Equatable {
    /// The design with the lower total below the crossing, and the one with the lower (or equal) total from it.
    public var cheaperBelow: String
    public var cheaperAbove: String
    /// The fewest users at which ``cheaperAbove`` costs no more than ``cheaperBelow``.
    public var users: Double
    /// The most users at which ``cheaperBelow`` still costs less (one below ``users`` for whole counts).
    public var usersBefore: Double
    /// The compared user counts the crossing lies between.
    public var fromUsers: Double
    public var toUsers: Double
    /// Both totals at ``usersBefore`` and at ``users``, USD per month.
    public var cheaperBelowUSDBefore: Double
    public var cheaperAboveUSDBefore: Double
    public var cheaperBelowUSDAt: Double
    public var cheaperAboveUSDAt: Double

    enum CodingKeys: String, CodingKey {
        case users
        case cheaperBelow = "cheaper_below"
        case cheaperAbove = "cheaper_above"
        case usersBefore = "users_before"
        case fromUsers = "from_users"
        case toUsers = "to_users"
        case cheaperBelowUSDBefore = "cheaper_below_usd_before"
        case cheaperAboveUSDBefore = "cheaper_above_usd_before"
        case cheaperBelowUSDAt = "cheaper_below_usd_at"
        case cheaperAboveUSDAt = "cheaper_above_usd_at"
    }

    /// The crossing of `a`'s and `b`'s totals between `low` and `high` users, whose order differs
    /// at the two (neither equal), closed to one whole user. Each step bills the count where the
    /// straight line between the bracket's ends crosses zero, and its neighbour on the other side
    /// when the line was close (totals near linear close in a few bills); it bisects when that
    /// did not halve the bracket. Each bill is computed once.
    static func locate(_ a: BillMemo, _ b: BillMemo, from low: Double, to high: Double) throws(InputError)
        -> CostCrossover
    {
        func difference(_ users: Double) throws(InputError) -> Double {
            try a.bill(users).totalUSD - b.bill(users).totalUSD
        }
        var clear = low
        var crossed = high
        var clearDifference = try difference(low)
        var crossedDifference = try difference(high)
        let aCheaperBelow = clearDifference < 0
        /// Bills `users` and moves the end of the bracket it belongs to.
        func probe(_ users: Double) throws(InputError) {
            let d = try difference(users)
            if aCheaperBelow ? d < 0 : d > 0 {
                (clear, clearDifference) = (users, d)
            } else {
                (crossed, crossedDifference) = (users, d)
            }
        }
        /// The whole count nearest `users` strictly inside the bracket, if there is one.
        func inside(_ users: Double) -> Double? {
            let first = clear.rounded(.down) + 1
            let last = crossed.rounded(.up) - 1
            guard first <= last else { return nil }
            return min(max(users.rounded(), first), last)
        }
        /// Where the straight line between the bracket's ends crosses zero (its middle if that is not a number).
        func interpolated() -> Double {
            let line = clear + (crossed - clear) * clearDifference / (clearDifference - crossedDifference)
            return line.isFinite ? line : (clear + crossed) / 2
        }
        while let guess = inside(interpolated()) {
            let width = crossed - clear
            let spread = abs(clearDifference) + abs(crossedDifference)
            try probe(guess)
            // The line was close (the totals nearly linear here): the crossing is likely next to the guess.
            let neighbour = guess == clear ? guess + 1 : guess - 1
            let close = abs(guess == clear ? clearDifference : crossedDifference) <= spread / 100
            if close, neighbour > clear, neighbour < crossed { try probe(neighbour) }
            if crossed - clear > width / 2, let middle = inside((clear + crossed) / 2) { try probe(middle) }
        }
        let (below, above) = aCheaperBelow ? (a, b) : (b, a)
        return CostCrossover(
            cheaperBelow: below.inputs.architectureName,
            cheaperAbove: above.inputs.architectureName,
            users: crossed,
            usersBefore: clear,
            fromUsers: low,
            toUsers: high,
            cheaperBelowUSDBefore: try below.bill(clear).totalUSD,
            cheaperAboveUSDBefore: try above.bill(clear).totalUSD,
            cheaperBelowUSDAt: try below.bill(crossed).totalUSD,
            cheaperAboveUSDAt: try above.bill(crossed).totalUSD
        )
    }
}
