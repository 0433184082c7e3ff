import Billing
public import FanoutInput
import Foundation
import Pricing
import Scenarios

/// One assumption varied alone from its low to its high value: the month's total and the first
/// binding user count at each end.
public struct SensitivityRow: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var unit: String
    public var kind: Assumption.Kind
    public var reason: String
    public var defaultValue: Double
    public var lowValue: Double
    public var highValue: Double
    public var lowTotalUSD: Double
    public var highTotalUSD: Double
    /// |high − low| total, USD: what the table is sorted by.
    public var swingUSD: Double
    public var lowFirstBinding: FirstBindingUsers
    public var highFirstBinding: FirstBindingUsers

    /// A row from its figures (``Sensitivity/run(_:users:ranges:search:concurrency:)`` builds them).
    public init(
        key: String,
        label: String,
        unit: String,
        kind: Assumption.Kind,
        reason: String,
        defaultValue: Double,
        lowValue: Double,
        highValue: Double,
        lowTotalUSD: Double,
        highTotalUSD: Double,
        swingUSD: Double,
        lowFirstBinding: FirstBindingUsers,
        highFirstBinding: FirstBindingUsers
    ) {
        self.key = key
        self.label = label
        self.unit = unit
        self.kind = kind
        self.reason = reason
        self.defaultValue = defaultValue
        self.lowValue = lowValue
        self.highValue = highValue
        self.lowTotalUSD = lowTotalUSD
        self.highTotalUSD = highTotalUSD
        self.swingUSD = swingUSD
        self.lowFirstBinding = lowFirstBinding
        self.highFirstBinding = highFirstBinding
    }

    enum CodingKeys: String, CodingKey {
        case key, label, unit, kind, reason
        case defaultValue = "default_value"
        case lowValue = "low_value"
        case highValue = "high_value"
        case lowTotalUSD = "low_total_usd"
        case highTotalUSD = "high_total_usd"
        case swingUSD = "swing_usd"
        case lowFirstBinding = "low_first_binding"
        case highFirstBinding = "high_first_binding"
    }
}

/// A tornado table: every assumption that enters this stack's bill, varied alone, largest swing first.
public struct SensitivityReport: Codable, Sendable, Equatable {
    public var scenario: String
    public var architecture: String
    public var priceSheet: String
    public var users: Double
    public var baseTotalUSD: Double
    public var baseFirstBinding: FirstBindingUsers
    public var search: UserSearch
    /// Sorted by swing, largest first; equal swings by key.
    public var rows: [SensitivityRow]
    /// Registered assumptions that do not enter this stack's bill, so are not varied.
    public var notVaried: [String]

    enum CodingKeys: String, CodingKey {
        case scenario, architecture
        case priceSheet = "price_sheet"
        case users
        case baseTotalUSD = "base_total_usd"
        case baseFirstBinding = "base_first_binding"
        case search, rows
        case notVaried = "not_varied"
    }
}

/// Varies each registered assumption alone and bills each end (`fanout sensitivity`).
public enum Sensitivity {
    /// The tornado table of `inputs` at `users`, with the ranges from `ranges`.
    ///
    /// Every variant is checked by the model's own validators before it is billed; variants run
    /// concurrently, and the report does not depend on their order.
    public static func run(
        _ inputs: PlanningInputs,
        users: Double,
        ranges: AssumptionRanges = .builtIn,
        search: UserSearch = UserSearch(),
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(InputError) -> SensitivityReport {
        try ranges.validate()
        let varied = Assumption.registry.filter { $0.applies(to: inputs) }
        var variants = [inputs]
        var bounds: [(low: Double, high: Double)] = []
        for assumption in varied {
            guard let range = ranges.bounds(of: assumption, in: inputs) else { continue }
            bounds.append(range)
            for (end, value) in [("low", range.low), ("high", range.high)] {
                let variant = assumption.applying(value, to: inputs)
                do {
                    try variant.validate(source: nil)
                } catch {
                    throw InputError(
                        source: ranges.source,
                        keyPath: "assumptions.\(assumption.key)",
                        message: "\(end) \(assumption.format(value)) is not a valid input: \(error)"
                    )
                }
                variants.append(variant)
            }
        }
        let points = try evaluate(variants, users: users, search: search, concurrency: concurrency)
        var rows: [SensitivityRow] = []
        for (index, assumption) in varied.enumerated() {
            let low = points[1 + 2 * index]
            let high = points[2 + 2 * index]
            rows.append(
                SensitivityRow(
                    key: assumption.key,
                    label: assumption.label,
                    unit: assumption.unit,
                    kind: assumption.kind,
                    reason: ranges.ranges[assumption.key]?.reason ?? "",
                    defaultValue: assumption.value(in: inputs),
                    lowValue: bounds[index].low,
                    highValue: bounds[index].high,
                    lowTotalUSD: low.totalUSD,
                    highTotalUSD: high.totalUSD,
                    swingUSD: abs(high.totalUSD - low.totalUSD),
                    lowFirstBinding: low.firstBinding,
                    highFirstBinding: high.firstBinding
                )
            )
        }
        return SensitivityReport(
            scenario: inputs.scenario.name,
            architecture: inputs.architectureName,
            priceSheet: inputs.prices.name,
            users: users,
            baseTotalUSD: points[0].totalUSD,
            baseFirstBinding: points[0].firstBinding,
            search: search,
            rows: sortedBySwing(rows),
            notVaried: Assumption.registry.filter { !$0.applies(to: inputs) }.map(\.key)
        )
    }

    /// Largest swing first; swings equal to the cent keep the registry's order by key.
    public static func sortedBySwing(_ rows: [SensitivityRow]) -> [SensitivityRow] {
        rows.sorted { a, b in
            let (x, y) = ((a.swingUSD * 100).rounded(), (b.swingUSD * 100).rounded())
            return x != y ? x > y : a.key < b.key
        }
    }

    /// The total at `users` and the first binding count of each variant, in `variants`' order.
    static func evaluate(
        _ variants: [PlanningInputs],
        users: Double,
        search: UserSearch,
        concurrency: Int
    ) throws(InputError) -> [(totalUSD: Double, firstBinding: FirstBindingUsers)] {
        try concurrentMap(variants, concurrency: concurrency) { (variant) throws(InputError) in
            (totalUSD: try variant.bill(users: users).totalUSD, firstBinding: try variant.firstBinding(search))
        }
    }
}
