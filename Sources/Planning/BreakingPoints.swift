public import Architectures
import Billing
public import FanoutInput
import Foundation
import Pricing
import Scenarios

/// What breaks first, and at how many users: for every limit a stack's bill reports somewhere
/// between two user counts, the fewest users at which it binds.
///
/// A log-spaced grid of bills finds each limit's bracket; bisection on whole user counts then
/// closes it to one user. A limit that binds on the grid and no longer binds at a larger count
/// is marked not monotone (its point is the first crossing).
public struct BreakingPoints: Codable, Sendable, Equatable {
    /// One limit's breaking point.
    public struct Point: Codable, Sendable, Equatable {
        public var limit: String
        /// The fewest users at which the limit binds (the search's minimum when it binds there).
        public var users: Double
        /// Whether it binds already at the search's minimum.
        public var bindsAtMinimum: Bool
        /// Whether it stays bound at every larger grid count.
        public var monotone: Bool
        /// The limit as the bill at ``users`` reports it.
        public var atPoint: ExceededLimit
        /// The month's total one user below the point (nil at the minimum) and at it.
        public var totalUSDBefore: Double?
        public var totalUSDAt: Double

        enum CodingKeys: String, CodingKey {
            case limit, users, monotone
            case bindsAtMinimum = "binds_at_minimum"
            case atPoint = "at_point"
            case totalUSDBefore = "total_usd_before"
            case totalUSDAt = "total_usd_at"
        }
    }

    public var architecture: String
    public var scenario: String
    public var priceSheet: String
    public var minimumUsers: Double
    public var maximumUsers: Double
    /// In the order they bind (fewest users first; ties by name).
    public var points: [Point]
    /// The simulator's check of each point (`fanout breaks --confirm`; nil without it).
    public var confirmation: Confirmation? = nil

    enum CodingKeys: String, CodingKey {
        case architecture, scenario, points, confirmation
        case priceSheet = "price_sheet"
        case minimumUsers = "minimum_users"
        case maximumUsers = "maximum_users"
    }

    /// Grid points per factor of ten between the minimum and the maximum.
    public static let gridPointsPerDecade = 6

    /// Searches `inputs` between `minimumUsers` and `maximumUsers` (whole users), billing on
    /// up to `concurrency` cores.
    public static func search(
        _ inputs: PlanningInputs,
        minimumUsers: Double = 100,
        maximumUsers: Double = 1_000_000,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(InputError) -> BreakingPoints {
        let bills = BillMemo(inputs)
        let decades = Foundation.log10(maximumUsers / minimumUsers)
        let steps = max(1, Int((decades * Double(gridPointsPerDecade)).rounded(.up)))
        var grid = (0...steps).map {
            (minimumUsers * Foundation.pow(maximumUsers / minimumUsers, Double($0) / Double(steps))).rounded()
        }
        grid = Array(Set(grid)).sorted()
        try bills.prefetch(grid, concurrency: concurrency)
        var names: [String] = []
        for users in grid {
            for limit in try bills.bill(users).limits where !names.contains(limit.name) { names.append(limit.name) }
        }
        names.sort()
        // Each limit's bracket on the grid: the first count where it binds and the one before.
        var brackets: [Int: [String]] = [:]
        var monotone: [String: Bool] = [:]
        for name in names {
            let binds = try grid.map { (users) throws(InputError) in
                try bills.bill(users).limits.contains { $0.name == name }
            }
            let first = binds.firstIndex(of: true)!
            brackets[first, default: []].append(name)
            monotone[name] = !binds[first...].contains(false)
        }
        // Limits in one bracket share every bill of the bisection until their answers part.
        let groups = brackets.keys.sorted()
        let pointsByGroup = try concurrentMap(groups, concurrency: concurrency) {
            (first) throws(InputError) -> [(String, Double)] in
            guard first > 0 else { return brackets[first]!.map { ($0, grid[0]) } }
            return try Self.bisect(brackets[first]!, clear: grid[first - 1], binds: grid[first], bills: bills)
        }
        var found: [Point] = []
        for (group, points) in zip(groups, pointsByGroup) {
            for (name, users) in points {
                let at = try bills.bill(users)
                found.append(
                    Point(
                        limit: name,
                        users: users,
                        bindsAtMinimum: group == 0,
                        monotone: monotone[name]!,
                        atPoint: at.limits.first { $0.name == name }!.rounded(),
                        totalUSDBefore: group == 0 ? nil : try bills.bill(users - 1).totalUSD,
                        totalUSDAt: at.totalUSD
                    )
                )
            }
        }
        let sorted = found.sorted { ($0.users, $0.limit) < ($1.users, $1.limit) }
        return BreakingPoints(
            architecture: inputs.architectureName,
            scenario: inputs.scenario.name,
            priceSheet: inputs.prices.name,
            minimumUsers: minimumUsers,
            maximumUsers: maximumUsers,
            points: sorted
        )
    }
}

extension BreakingPoints {
    /// The first whole user count at which each of `names` binds, knowing each is clear at
    /// `clear` and binds at `binds`: one bill per midpoint for all the limits still sharing a bracket.
    fileprivate static func bisect(
        _ names: [String],
        clear: Double,
        binds: Double,
        bills: BillMemo
    ) throws(InputError) -> [(String, Double)] {
        guard binds - clear > 1, !names.isEmpty else { return names.map { ($0, binds) } }
        let middle = ((clear + binds) / 2).rounded(.down)
        let bound = Set(try bills.bill(middle).limits.map(\.name))
        let below = names.filter { bound.contains($0) }
        let above = names.filter { !bound.contains($0) }
        return try bisect(below, clear: clear, binds: middle, bills: bills)
            + bisect(above, clear: middle, binds: binds, bills: bills)
    }
}

/// Bills by user count, each computed once, from several threads.
final class BillMemo: @unchecked Sendable {
    let inputs: PlanningInputs
    private let lock = NSLock()
    private var bills: [Double: Bill] = [:]

    init(_ inputs: PlanningInputs) { self.inputs = inputs }

    func bill(_ users: Double) throws(InputError) -> Bill {
        if let known = lock.withLock({ bills[users] }) { return known }
        let bill = try inputs.bill(users: users)
        lock.withLock { bills[users] = bill }
        return bill
    }

    func prefetch(_ users: [Double], concurrency: Int) throws(InputError) {
        _ = try concurrentMap(users, concurrency: concurrency) { (count) throws(InputError) in try bill(count) }
    }
}
