import Billing
import FanoutInput

/// Where one design's monthly total crosses another's: the fewest whole users, between two
/// compared user counts, at which the design that cost less below no longer does.
///
/// Found by bisection on the analytic bills (not by interpolating between the compared counts):
/// at ``usersBefore`` ``cheaperBelow``'s total is below ``cheaperAbove``'s, at ``users`` it is not.
/// Bisection finds one crossing where the order differs at the two compared counts; totals that
/// cross and cross back between them are not seen.
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
    /// at the two (neither equal): bisection on whole user counts, each bill computed once.
    static func bisect(_ a: BillMemo, _ b: BillMemo, from low: Double, to high: Double) throws(InputError)
        -> CostCrossover
    {
        func difference(_ users: Double) throws(InputError) -> Double {
            try a.bill(users).totalUSD - b.bill(users).totalUSD
        }
        let aCheaperBelow = try difference(low) < 0
        /// Whether the design cheaper at `low` still costs strictly less at `users`.
        func stillCheaper(_ users: Double) throws(InputError) -> Bool {
            let d = try difference(users)
            return aCheaperBelow ? d < 0 : d > 0
        }
        var clear = low
        var crossed = high
        while true {
            let middle = ((clear + crossed) / 2).rounded(.down)
            guard middle > clear, middle < crossed else { break }
            if try stillCheaper(middle) { clear = middle } else { crossed = middle }
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
