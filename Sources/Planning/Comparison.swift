public import Architectures
import Billing
public import FanoutInput
import Foundation
import Pricing
import Scenarios

/// Architectures side by side at a list of user counts: each one's analytic monthly bill (total,
/// service subtotals, delivered ratio, limits exceeded), the cheapest design that delivers
/// everything at each count, where two designs' totals cross, and the first limit each runs into.
///
/// API Gateway's documents leave open whether WebSocket messages pay data transfer out, so every
/// comparison is made twice, as two ``Reading``s: without it (`bill`'s default) and with it
/// (`bill --dto`). The self-hosted engine runs on EC2, which always pays data transfer out: its
/// bills are the same in both readings.
public struct Comparison: Codable, Sendable, Equatable {
    /// One design at one user count, as `fanout bill` prints it.
    public struct Row: Codable, Sendable, Equatable {
        public var architecture: String
        public var users: Double
        public var totalUSD: Double
        /// Each billed service's subtotal, in the bill's service order (services it has no line for are left out).
        public var subtotalsUSD: [Subtotal]
        public var deliveredRatio: Double
        /// Names of the limits the bill reports exceeded, sorted.
        public var limitsExceeded: [String]
        /// Whether ``deliveredRatio`` ≥ 1 − ``Comparison/deliveredTolerance`` and no limit is exceeded.
        public var deliversEverything: Bool

        enum CodingKeys: String, CodingKey {
            case architecture, users
            case totalUSD = "total_usd"
            case subtotalsUSD = "subtotals_usd"
            case deliveredRatio = "delivered_ratio"
            case limitsExceeded = "limits_exceeded"
            case deliversEverything = "delivers_everything"
        }
    }

    /// One service's share of a bill.
    public struct Subtotal: Codable, Sendable, Equatable {
        public var service: String
        public var usd: Double
    }

    /// The cheapest design that delivers everything at one user count (none when no design does).
    public struct Cheapest: Codable, Sendable, Equatable {
        public var users: Double
        public var architecture: String?
        public var totalUSD: Double?

        enum CodingKeys: String, CodingKey {
            case users, architecture
            case totalUSD = "total_usd"
        }
    }

    /// The comparison under one reading of how API Gateway WebSocket data transfer out is billed.
    public struct Reading: Codable, Sendable, Equatable {
        /// Whether API Gateway WebSocket messages pay data transfer out (`--dto`).
        public var dataTransferOutForWebSocket: Bool
        /// Every design at every user count: by user count, then in the order the designs were given.
        public var rows: [Row]
        /// One per user count, in increasing order.
        public var cheapest: [Cheapest]
        /// Every crossing of two designs' totals between consecutive user counts, by user count.
        public var crossovers: [CostCrossover]

        enum CodingKeys: String, CodingKey {
            case dataTransferOutForWebSocket = "data_transfer_out_for_websocket"
            case rows, cheapest, crossovers
        }
    }

    /// The first limit one design runs into as users grow.
    public struct FirstLimit: Codable, Sendable, Equatable {
        public var architecture: String
        public var stack: Stack
        /// The fewest users at which any limit binds (bisection on the analytic bill, to one user).
        public var search: FirstBindingUsers
        /// The first of them by name, as the bill at ``FirstBindingUsers/users`` reports it (nil when none binds).
        public var limit: ExceededLimit?
    }

    public var scenario: String
    public var priceSheet: String
    /// The user counts compared, increasing.
    public var users: [Double]
    /// The designs, in the order given, with the first limit each binds.
    public var firstLimits: [FirstLimit]
    /// Where the first limits were searched.
    public var firstLimitSearch: UserSearch
    /// Without data transfer out for API Gateway WebSocket, then with it.
    public var readings: [Reading]

    enum CodingKeys: String, CodingKey {
        case scenario, users, readings
        case priceSheet = "price_sheet"
        case firstLimits = "first_limits"
        case firstLimitSearch = "first_limit_search"
    }

    /// How far below 1 a delivered ratio may be and still count as delivering everything (float rounding).
    public static let deliveredTolerance = 1e-9

    /// Compares `designs` (one set of inputs each, the same scenario and price sheet) at `users`
    /// (sorted and deduplicated; each a count the caller validated), billing on up to
    /// `concurrency` cores. Each design's first limit is searched within `search`'s bounds, to one
    /// user. The designs' own data-transfer switch is ignored: both readings are always made.
    public static func compare(
        _ designs: [PlanningInputs],
        users: [Double],
        search: UserSearch = UserSearch(relativePrecision: 0),
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(InputError) -> Comparison {
        let counts = Array(Set(users)).sorted()
        let readings = [false, true]
        // One memo of bills per reading and design, shared by the rows, crossovers and searches.
        let memos = readings.map { dto in
            designs.map { design in
                var inputs = design
                inputs.billing.dataTransferOutForWebSocket = dto
                return BillMemo(inputs)
            }
        }
        let cells = readings.indices.flatMap { r in designs.indices.flatMap { d in counts.map { (r, d, $0) } } }
        _ = try concurrentMap(cells, concurrency: concurrency) { (cell) throws(InputError) in
            try memos[cell.0][cell.1].bill(cell.2)
        }
        // Crossing searches and first-limit searches, in one pool (the seed's take longest).
        var jobs: [Job] = designs.indices.map { .firstLimit(design: $0) }
        for r in readings.indices {
            for (low, high) in zip(counts, counts.dropFirst()) {
                for a in designs.indices {
                    for b in designs.indices where b > a {
                        let before = try memos[r][a].bill(low).totalUSD - memos[r][b].bill(low).totalUSD
                        let after = try memos[r][a].bill(high).totalUSD - memos[r][b].bill(high).totalUSD
                        if before != 0, after != 0, (before < 0) != (after < 0) {
                            jobs.append(.crossing(reading: r, a: a, b: b, low: low, high: high))
                        }
                    }
                }
            }
        }
        let outcomes = try concurrentMap(jobs, concurrency: concurrency) { (job) throws(InputError) -> Outcome in
            switch job {
            case .firstLimit(let d):
                let memo = memos[0][d]
                let found = try search.firstBinding { (count) throws(InputError) in
                    try memo.bill(count).limits.map(\.name).sorted()
                }
                let limit = try found.limits.first.map { (name) throws(InputError) in
                    try memo.bill(found.users).limits.first { $0.name == name }!.rounded()
                }
                return .firstLimit(
                    FirstLimit(
                        architecture: memo.inputs.architectureName,
                        stack: memo.inputs.stack,
                        search: found,
                        limit: limit
                    )
                )
            case .crossing(let r, let a, let b, let low, let high):
                return .crossing(r, try CostCrossover.locate(memos[r][a], memos[r][b], from: low, to: high))
            }
        }
        var firstLimits: [FirstLimit] = []
        var crossovers = readings.map { _ in [CostCrossover]() }
        for outcome in outcomes {
            switch outcome {
            case .firstLimit(let found): firstLimits.append(found)
            case .crossing(let r, let crossover): crossovers[r].append(crossover)
            }
        }
        var made: [Reading] = []
        for (r, dto) in readings.enumerated() {
            let rows = try cells.filter { $0.0 == r }.sorted { ($0.2, $0.1) < ($1.2, $1.1) }.map {
                (cell) throws(InputError) in Self.row(try memos[r][cell.1].bill(cell.2))
            }
            made.append(
                Reading(
                    dataTransferOutForWebSocket: dto,
                    rows: rows,
                    cheapest: counts.map { Self.cheapest(among: rows, users: $0) },
                    crossovers: crossovers[r].sorted {
                        ($0.users, $0.cheaperBelow, $0.cheaperAbove) < ($1.users, $1.cheaperBelow, $1.cheaperAbove)
                    }
                )
            )
        }
        return Comparison(
            scenario: designs.first?.scenario.name ?? "",
            priceSheet: designs.first?.prices.name ?? "",
            users: counts,
            firstLimits: firstLimits,
            firstLimitSearch: search,
            readings: made
        )
    }

    /// The row for one bill.
    static func row(_ bill: Bill) -> Row {
        let services = Service.allCases.filter { service in bill.lineItems.contains { $0.service == service } }
        return Row(
            architecture: bill.architecture,
            users: bill.users,
            totalUSD: bill.totalUSD,
            subtotalsUSD: services.map { Subtotal(service: $0.rawValue, usd: bill.subtotal($0)) },
            deliveredRatio: bill.deliveredRatio,
            limitsExceeded: bill.limits.map(\.name).sorted(),
            deliversEverything: bill.deliveredRatio >= 1 - deliveredTolerance && bill.limits.isEmpty
        )
    }

    /// The lowest total among the rows at `users` that deliver everything; a tie goes to the design given first.
    static func cheapest(among rows: [Row], users: Double) -> Cheapest {
        var best: Row?
        for row in rows where row.users == users && row.deliversEverything {
            if best == nil || row.totalUSD < best!.totalUSD { best = row }
        }
        return Cheapest(users: users, architecture: best?.architecture, totalUSD: best?.totalUSD)
    }

    private enum Job: Sendable {
        case firstLimit(design: Int)
        case crossing(reading: Int, a: Int, b: Int, low: Double, high: Double)
    }

    private enum Outcome {
        case firstLimit(FirstLimit)
        case crossing(Int, CostCrossover)
    }
}
