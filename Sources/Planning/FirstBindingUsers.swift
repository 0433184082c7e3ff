import Architectures
import Billing
public import FanoutInput

/// The smallest user count at which a bill reports an exceeded limit, found by bisection on a
/// log scale between ``UserSearch/minimumUsers`` and ``UserSearch/maximumUsers``.
///
/// Bisection takes the limits to stay exceeded once exceeded as users grow (every limit Fanout
/// reports is demand against a fixed capacity, and demand grows with users); a stack that binds,
/// recovers and binds again would be reported at one of its crossings.
public struct FirstBindingUsers: Codable, Sendable, Equatable {
    /// What the search found.
    public enum Status: String, Codable, Sendable {
        /// A limit binds from ``FirstBindingUsers/users`` on, not at ``FirstBindingUsers/clearBelowUsers``.
        case binds
        /// A limit binds already at the search's minimum.
        case atOrBelowMinimum = "binds_at_or_below_minimum"
        /// No limit binds up to the search's maximum.
        case noneUpToMaximum = "none_up_to_maximum"
    }

    public var status: Status
    /// The smallest user count tested at which a limit binds (the minimum for
    /// `binds_at_or_below_minimum`, the maximum for `none_up_to_maximum`).
    public var users: Double
    /// The largest user count tested at which none binds (`binds` only; 0 otherwise).
    public var clearBelowUsers: Double
    /// The limits exceeded at ``users`` (empty for `none_up_to_maximum`), sorted by name.
    public var limits: [String]

    public init(status: Status, users: Double, clearBelowUsers: Double, limits: [String]) {
        self.status = status
        self.users = users
        self.clearBelowUsers = clearBelowUsers
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey {
        case status, users
        case clearBelowUsers = "clear_below_users"
        case limits
    }

    /// `23,100 users (dynamodb.provisioned_rcu +2)`, `≤ 100 users (…)`, `none ≤ 1,000,000 users`.
    public var summary: String {
        let first = limits.first.map { " (\($0)\(limits.count > 1 ? " +\(limits.count - 1)" : ""))" } ?? ""
        switch status {
        case .binds: return "\(Self.count(users))\(first)"
        case .atOrBelowMinimum: return "≤ \(Self.count(users))\(first)"
        case .noneUpToMaximum: return "none ≤ \(Self.count(users))"
        }
    }

    private static func count(_ users: Double) -> String {
        let whole = String(Int64(users.rounded()))
        var out = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

/// Where and how finely ``FirstBindingUsers`` searches.
public struct UserSearch: Codable, Sendable, Equatable {
    public var minimumUsers: Double = 100
    public var maximumUsers: Double = 1_000_000
    /// The search stops when the bracket's upper count is within this share of its lower one.
    public var relativePrecision: Double = 0.02

    public init(minimumUsers: Double = 100, maximumUsers: Double = 1_000_000, relativePrecision: Double = 0.02) {
        self.minimumUsers = minimumUsers
        self.maximumUsers = maximumUsers
        self.relativePrecision = relativePrecision
    }

    enum CodingKeys: String, CodingKey {
        case minimumUsers = "minimum_users"
        case maximumUsers = "maximum_users"
        case relativePrecision = "relative_precision"
    }

    /// Bisects on whole user counts, geometric midpoints, for the first count at which
    /// `limits(users)` is not empty.
    public func firstBinding(
        limits: (Double) throws(InputError) -> [String]
    ) throws(InputError) -> FirstBindingUsers {
        let atMinimum = try limits(minimumUsers)
        if !atMinimum.isEmpty {
            return FirstBindingUsers(
                status: .atOrBelowMinimum,
                users: minimumUsers,
                clearBelowUsers: 0,
                limits: atMinimum
            )
        }
        var bound = try limits(maximumUsers)
        if bound.isEmpty {
            return FirstBindingUsers(status: .noneUpToMaximum, users: maximumUsers, clearBelowUsers: 0, limits: [])
        }
        var clear = minimumUsers
        var binds = maximumUsers
        while binds > clear * (1 + relativePrecision) {
            let middle = (clear * binds).squareRoot().rounded()
            guard middle > clear, middle < binds else { break }
            let found = try limits(middle)
            if found.isEmpty {
                clear = middle
            } else {
                binds = middle
                bound = found
            }
        }
        return FirstBindingUsers(status: .binds, users: binds, clearBelowUsers: clear, limits: bound)
    }
}

extension PlanningInputs {
    /// The first user count at which these inputs' bill exceeds a limit.
    public func firstBinding(_ search: UserSearch = UserSearch()) throws(InputError) -> FirstBindingUsers {
        try search.firstBinding { (users) throws(InputError) in try bill(users: users).limits.map(\.name).sorted() }
    }
}
