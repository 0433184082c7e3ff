import Analytic
public import Architectures
public import Billing
public import FanoutInput
import Foundation
public import Pricing
public import Scenarios
import SimKernel
public import Simulator

/// The simulated bill over one or more replications: the bill's line items as means with 95 %
/// confidence half-widths, what happened, when each limit first bound, and the hourly state.
///
/// Its JSON keeps the bill's keys (`total_usd`, `line_items[]`, `limits[]`, `delivered_ratio`,
/// `metrics[]`) and adds `*_ci95` fields, `limit_events[]` and `timeseries[]`.
public struct SimulationReport: Encodable, Sendable {
    public var scenario: String
    public var architecture: String
    public var priceSheet: String
    public var users: Double
    public var monthHours: Double
    public var freeTier: Bool
    public var dataTransferOutForWebSocket: Bool
    public var days: Double
    public var seed: UInt64
    public var replications: Int
    /// How retrying clients were represented: `nil` for one event each (the reference), so the
    /// JSON of such runs has no `reconnects` key.
    public var reconnects: ReconnectModel?
    public var totalUSD: Double
    public var totalUSDCI95: Double
    public var lineItems: [LineItem]
    public var limits: [ExceededLimit]
    public var deliveredRatio: Double
    public var deliveredRatioCI95: Double
    public var metrics: [Metric]
    public var limitEvents: [Event]
    /// Hourly means over the replications.
    public var timeseries: [HourlySample]
    /// Half-widths of the hourly means' 95 % confidence intervals, with more than one replication.
    public var timeseriesCI95: [HourlySample]?

    /// A line item's mean over replications.
    public struct LineItem: Encodable, Sendable, Equatable {
        public var service: String
        public var item: String
        public var quantity: Double
        public var quantityCI95: Double
        public var unit: String
        public var unitUSD: Double
        public var usd: Double
        public var usdCI95: Double

        enum CodingKeys: String, CodingKey {
            case service, item, quantity
            case quantityCI95 = "quantity_ci95"
            case unit
            case unitUSD = "unit_usd"
            case usd
            case usdCI95 = "usd_ci95"
        }
    }

    /// A metric's mean over replications.
    public struct Metric: Encodable, Sendable, Equatable {
        public var name: String
        public var value: Double
        public var ci95: Double
        public var unit: String
    }

    /// When a limit first bound (mean over the replications where it did) and how often.
    public struct Event: Encodable, Sendable, Equatable {
        public var name: String
        public var firstHour: Double
        public var count: Double
        /// Replications in which it bound at all.
        public var replications: Int

        enum CodingKeys: String, CodingKey {
            case name
            case firstHour = "first_hour"
            case count, replications
        }
    }

    enum CodingKeys: String, CodingKey {
        case scenario, architecture
        case priceSheet = "price_sheet"
        case users
        case monthHours = "month_hours"
        case freeTier = "free_tier"
        case dataTransferOutForWebSocket = "data_transfer_out_for_websocket"
        case days, seed, replications, reconnects
        case totalUSD = "total_usd"
        case totalUSDCI95 = "total_usd_ci95"
        case lineItems = "line_items"
        case limits
        case deliveredRatio = "delivered_ratio"
        case deliveredRatioCI95 = "delivered_ratio_ci95"
        case metrics
        case limitEvents = "limit_events"
        case timeseries
        case timeseriesCI95 = "timeseries_ci95"
    }
}

extension SimulationReport {
    /// Prices every replication and summarises them.
    public init(
        scenario: Scenario,
        architecture: String,
        prices: PriceSheet,
        options: BillingOptions,
        days: Double,
        seed: UInt64,
        results: [SimulationResult],
        reconnects: ReconnectModel = .events
    ) throws(InputError) {
        precondition(!results.isEmpty)
        var bills: [Bill] = []
        for result in results {
            bills.append(
                try Bill(
                    scenario: scenario,
                    architecture: architecture,
                    prices: prices,
                    usage: result.usage,
                    limits: result.limits,
                    deliveredRatio: result.deliveredRatio,
                    metrics: result.metrics,
                    options: options
                )
            )
        }
        self.scenario = scenario.name
        self.architecture = architecture
        priceSheet = prices.name
        users = scenario.users
        monthHours = scenario.monthHours
        freeTier = options.freeTier
        dataTransferOutForWebSocket = options.dataTransferOutForWebSocket
        self.days = days
        self.seed = seed
        replications = results.count
        self.reconnects = reconnects == .events ? nil : reconnects

        let total = statistics(bills.map(\.totalUSD))
        totalUSD = total.mean
        totalUSDCI95 = total.confidenceHalfWidth95
        let delivered = statistics(results.map(\.deliveredRatio))
        deliveredRatio = delivered.mean
        deliveredRatioCI95 = delivered.confidenceHalfWidth95

        // Line items in first-seen order; a replication without an item counts it as zero.
        var keys: [String] = []
        var template: [String: Billing.LineItem] = [:]
        for bill in bills {
            for line in bill.lineItems where template["\(line.service.rawValue)|\(line.item)"] == nil {
                keys.append("\(line.service.rawValue)|\(line.item)")
                template["\(line.service.rawValue)|\(line.item)"] = line
            }
        }
        lineItems = keys.compactMap { key in
            guard let line = template[key] else { return nil }
            let matches = bills.map { bill in bill.lineItems.first { "\($0.service.rawValue)|\($0.item)" == key } }
            let quantity = statistics(matches.map { $0?.quantity ?? 0 })
            let usd = statistics(matches.map { $0?.usd ?? 0 })
            return LineItem(
                service: line.service.rawValue,
                item: line.item,
                quantity: quantity.mean,
                quantityCI95: quantity.confidenceHalfWidth95,
                unit: line.unit,
                unitUSD: line.unitUSD,
                usd: usd.mean,
                usdCI95: usd.confidenceHalfWidth95
            )
        }

        var worst: [String: ExceededLimit] = [:]
        for limit in results.flatMap(\.limits) where limit.demand > (worst[limit.name]?.demand ?? -.infinity) {
            worst[limit.name] = limit
        }
        limits = worst.values.sorted { $0.name < $1.name }

        metrics = results[0].metrics.map { first in
            let values = results.map { result in result.metrics.first { $0.name == first.name }?.value ?? 0 }
            let s = statistics(values)
            return Metric(name: first.name, value: s.mean, ci95: s.confidenceHalfWidth95, unit: first.unit)
        }

        var names: [String] = []
        for result in results {
            for event in result.limitEvents where !names.contains(event.name) { names.append(event.name) }
        }
        limitEvents = names.map { name in
            let hits = results.compactMap { result in result.limitEvents.first { $0.name == name } }
            return Event(
                name: name,
                firstHour: statistics(hits.map(\.firstHour)).mean,
                count: statistics(hits.map(\.count)).mean,
                replications: hits.count
            )
        }
        limitEvents.sort { ($0.firstHour, $0.name) < ($1.firstHour, $1.name) }

        let hours = results.map(\.timeseries.count).min() ?? 0
        /// One hour's column `value` over the replications, summarised by `summary`.
        func hourly(_ summary: @escaping (RunningStatistics) -> Double) -> [HourlySample] {
            (0..<hours).map { hour in
                let rows = results.map { $0.timeseries[hour] }
                func of(_ value: (HourlySample) -> Double) -> Double { summary(statistics(rows.map(value))) }
                return HourlySample(
                    hour: hour + 1,
                    connections: of(\.connections),
                    tableRows: of(\.tableRows),
                    tableBytes: of(\.tableBytes),
                    staleRows: of(\.staleRows),
                    consumedRCU: of(\.consumedRCU),
                    provisionedRCU: of(\.provisionedRCU),
                    consumedWCU: of(\.consumedWCU),
                    provisionedWCU: of(\.provisionedWCU),
                    throttledCalls: of(\.throttledCalls),
                    lambdaConcurrency: of(\.lambdaConcurrency),
                    deliveries: of(\.deliveries),
                    deliveredRatio: of(\.deliveredRatio)
                )
            }
        }
        timeseries = hourly(\.mean)
        timeseriesCI95 = results.count > 1 ? hourly(\.confidenceHalfWidth95) : nil
    }
}

private func statistics(_ values: [Double]) -> RunningStatistics {
    var s = RunningStatistics()
    for value in values { s.add(value) }
    return s
}
