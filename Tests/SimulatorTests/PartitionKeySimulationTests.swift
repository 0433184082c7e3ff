import Architectures
import Billing
import Pricing
import Reports
import Scenarios
import Simulator
import Testing

/// A hot partition key and a new on-demand table, analytic against simulated: the simulator
/// keeps a token bucket per key; the analytic path solves the same admission rule per key.
struct PartitionKeySimulationTests {
    func compare(_ scenario: Scenario, quotas: ServiceQuotas, days: Double) throws -> (Bill, SimulationReport) {
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let results = Replications.run(
            count: 3,
            scenario: scenario,
            architecture: design,
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            days: days,
            seed: 11
        )
        let report = try SimulationReport(
            scenario: scenario,
            architecture: "indexed",
            prices: .builtIn,
            options: BillingOptions(),
            days: days,
            seed: 11,
            results: results
        )
        let analytic = try Bill.analytic(scenario: scenario, architecture: design, prices: .builtIn, quotas: quotas)
        return (analytic, report)
    }

    /// 1,000 users each sending 3,000 messages a day to everyone: every send Queries the GSI's
    /// `default` key, whose partition (lowered to 100 RRU here) serves about half of them.
    func hotDefaultKey() -> (Scenario, ServiceQuotas) {
        var s = Scenario()
        s.users = 1000
        s.channels.count = 0
        s.channels.joinsPerConnection = 0
        s.broadcasts.perMinute = 0
        s.userMessages.perUserPerDay = 3000
        s.userMessages.target = .everyone
        var q = ServiceQuotas.builtIn
        q.apiGatewayRequestsPerSecond.value = 1e7
        q.apiGatewayBurstRequests.value = 1e7
        q.dynamoDBPartitionReadUnits.value = 100
        return (s, q)
    }

    @Test func hotKeyDeliveriesAgreeWithTheSimulation() throws {
        let (s, q) = hotDefaultKey()
        let (analytic, simulated) = try compare(s, quotas: q, days: 0.05)
        let gap = abs(analytic.deliveredRatio - simulated.deliveredRatio)
        #expect(
            gap < max(0.02, 2 * simulated.deliveredRatioCI95),
            "analytic \(analytic.deliveredRatio), simulated \(simulated.deliveredRatio) ± \(simulated.deliveredRatioCI95)"
        )
        #expect(simulated.deliveredRatio < 0.7)
        let a = try #require(analytic.limits.first { $0.name == "dynamodb.partition_key" })
        let b = try #require(simulated.limits.first { $0.name == "dynamodb.partition_key" })
        #expect(abs(a.demand - b.demand) / a.demand < 0.05, "analytic \(a.demand), simulated \(b.demand)")
        // Served sends wait in SDK retries on the key, in both paths: the bills stay close.
        let billGap = abs(analytic.totalUSD - simulated.totalUSD) / simulated.totalUSD
        #expect(billGap < 0.05, "analytic \(analytic.totalUSD), simulated \(simulated.totalUSD)")
    }

    @Test func aNewTableTooSmallForThePeakIsReportedByBothPaths() throws {
        // A new table lowered to 1 RRU and 1 WRU a second: 5,000 users' connects outgrow it.
        var s = Scenario()
        s.users = 5000
        var q = ServiceQuotas.builtIn
        q.dynamoDBOnDemandNewTableRRU.value = 1
        q.dynamoDBOnDemandNewTableWRU.value = 1
        let (analytic, simulated) = try compare(s, quotas: q, days: 0.05)
        let a = try #require(analytic.limits.first { $0.name == "dynamodb.on_demand_new_table" })
        let b = try #require(simulated.limits.first { $0.name == "dynamodb.on_demand_new_table" })
        #expect(a.demand > 1)
        #expect(abs(a.demand - b.demand) / a.demand < 0.1, "analytic \(a.demand), simulated \(b.demand)")
        #expect(abs(analytic.deliveredRatio - 1) < 1e-9)
    }
}
