import Analytic
import Architectures
public import Billing
public import Reports
public import Simulator

/// What one run printed, as `fanout bill` or `fanout simulate` prints it, and its figures in the
/// flat form a store keeps: total, 95 % interval, line items, limits, metrics and the hourly series.
public struct RunResult: Sendable {
    /// The report the run produced.
    public enum Report: Sendable {
        case bill(Bill)
        case simulation(SimulationReport)
        case engine(EngineSimulationReport)
    }

    /// One billed item (simulation: the mean over replications and its 95 % half-width).
    public struct LineItem: Sendable, Equatable {
        public var service: String
        public var item: String
        public var quantity: Double
        public var unit: String
        public var unitUSD: Double
        public var usd: Double
        /// 95 % half-width of ``usd`` (nil for a bill).
        public var usdCI95: Double?
    }

    /// One exceeded limit, with when it first bound in a simulation.
    public struct Limit: Sendable, Equatable {
        public var name: String
        public var demand: Double
        public var capacity: Double
        public var unit: String
        /// Mean simulated hour at which it first bound (simulation only).
        public var firstHour: Double?
        /// Mean number of times it bound (simulation only).
        public var count: Double?
    }

    /// One named figure.
    public struct Metric: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var unit: String
        /// 95 % half-width of ``value`` (nil for a bill or one replication's engine replay).
        public var ci95: Double?
    }

    /// What `bill` or `simulate` prints for this run.
    public var report: Report
    /// Wall-clock seconds the run took.
    public var wallSeconds: Double

    /// A result from its report and the time it took.
    public init(report: Report, wallSeconds: Double) {
        self.report = report
        self.wallSeconds = wallSeconds
    }

    /// The month's total, USD (a simulation's mean).
    public var totalUSD: Double {
        switch report {
        case .bill(let bill): bill.totalUSD
        case .simulation(let simulation): simulation.totalUSD
        case .engine(let engine): engine.bill.totalUSD
        }
    }

    /// 95 % half-width of ``totalUSD`` (nil for a bill).
    public var totalUSDCI95: Double? {
        if case .simulation(let simulation) = report { return simulation.totalUSDCI95 }
        return nil
    }

    /// Share of intended deliveries that happened, 0…1.
    public var deliveredRatio: Double {
        switch report {
        case .bill(let bill): bill.deliveredRatio
        case .simulation(let simulation): simulation.deliveredRatio
        case .engine(let engine): engine.bill.deliveredRatio
        }
    }

    /// The billed items, in the report's order.
    public var lineItems: [LineItem] {
        func lines(_ bill: Bill) -> [LineItem] {
            bill.lineItems.map {
                LineItem(
                    service: $0.service.rawValue,
                    item: $0.item,
                    quantity: $0.quantity,
                    unit: $0.unit,
                    unitUSD: $0.unitUSD,
                    usd: $0.usd,
                    usdCI95: nil
                )
            }
        }
        switch report {
        case .bill(let bill): return lines(bill)
        case .engine(let engine): return lines(engine.bill)
        case .simulation(let simulation):
            return simulation.lineItems.map {
                LineItem(
                    service: $0.service,
                    item: $0.item,
                    quantity: $0.quantity,
                    unit: $0.unit,
                    unitUSD: $0.unitUSD,
                    usd: $0.usd,
                    usdCI95: $0.usdCI95
                )
            }
        }
    }

    /// Every exceeded limit (a simulation's at its worst, with when it first bound).
    public var limits: [Limit] {
        switch report {
        case .bill(let bill): return Self.limits(bill)
        case .engine(let engine): return Self.limits(engine.bill)
        case .simulation(let simulation):
            return simulation.limits.map { limit in
                let event = simulation.limitEvents.first { $0.name == limit.name }
                return Limit(
                    name: limit.name,
                    demand: limit.demand,
                    capacity: limit.capacity,
                    unit: limit.unit,
                    firstHour: event?.firstHour,
                    count: event?.count
                )
            }
        }
    }

    private static func limits(_ bill: Bill) -> [Limit] {
        bill.limits.map {
            Limit(name: $0.name, demand: $0.demand, capacity: $0.capacity, unit: $0.unit, firstHour: nil, count: nil)
        }
    }

    /// The report's named figures.
    public var metrics: [Metric] {
        func metrics(_ bill: Bill) -> [Metric] {
            bill.metrics.map { Metric(name: $0.name, value: $0.value, unit: $0.unit, ci95: nil) }
        }
        switch report {
        case .bill(let bill): return metrics(bill)
        case .engine(let engine): return metrics(engine.bill)
        case .simulation(let simulation):
            return simulation.metrics.map { Metric(name: $0.name, value: $0.value, unit: $0.unit, ci95: $0.ci95) }
        }
    }

    /// Hourly means (simulation of a serverless stack only; empty otherwise).
    public var timeseries: [HourlySample] {
        if case .simulation(let simulation) = report { return simulation.timeseries }
        return []
    }

    /// Half-widths of the hourly means, with more than one replication.
    public var timeseriesCI95: [HourlySample]? {
        if case .simulation(let simulation) = report { return simulation.timeseriesCI95 }
        return nil
    }
}
