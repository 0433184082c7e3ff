import Architectures
import Billing
import Pricing
import Reports
import Scenarios
import Simulator
import Testing

/// The seed stack where it fails, analytic against simulated: the analytic bill (served waits
/// on empty buckets, connect retries, the stale rows' growth over the same horizon) stays within
/// 5 % of the event-level one, at a smaller scale than the README's 20,000 and 100,000 users
/// so that the simulation fits a test.
struct SaturatedSeedTests {
    func compare(_ scenario: Scenario, quotas: ServiceQuotas, days: Double) throws -> (Bill, SimulationReport) {
        let design = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        let results = Replications.run(
            count: 2,
            scenario: scenario,
            architecture: design,
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            days: days,
            seed: 3
        )
        let report = try SimulationReport(
            scenario: scenario,
            architecture: "seed",
            prices: .builtIn,
            options: BillingOptions(),
            days: days,
            seed: 3,
            results: results
        )
        let analytic = try Bill.analytic(
            scenario: scenario,
            architecture: design,
            prices: .builtIn,
            quotas: quotas,
            horizonDays: days
        )
        return (analytic, report)
    }

    /// 1,000 users with 6-minute sessions reconnect as often as 20,000 with 2-hour ones: reads
    /// ~70× the provisioned 5 RCU, writes twice the 5 WCU, every handler waiting toward its 3 s.
    @Test func churningSeedBillIsWithinFivePercentOfTheSimulation() throws {
        var s = Scenario()
        s.users = 1000
        s.sessions.meanMinutes = 6
        let (analytic, simulated) = try compare(s, quotas: .builtIn, days: 0.5)
        let gap = abs(analytic.totalUSD - simulated.totalUSD) / simulated.totalUSD
        #expect(
            gap < 0.05,
            "analytic \(analytic.totalUSD), simulated \(simulated.totalUSD) ± \(simulated.totalUSDCI95)"
        )
        #expect(analytic.notes.contains { $0.hasPrefix("no steady state") })
    }

    /// The reconnect storm: connects need more than the 5 WCU can write, so most clients retry
    /// every few seconds, API Gateway's new-connection rate and Lambda's account concurrency cap
    /// them (both scaled down by 10 with the users, as at 100,000 users with the real quotas).
    @Test func stormingSeedBillIsWithinFivePercentOfTheSimulation() throws {
        var s = Scenario()
        s.users = 1000
        s.sessions.meanMinutes = 2
        var quotas = ServiceQuotas.builtIn
        quotas.lambdaConcurrentExecutions.value = 100
        quotas.apiGatewayNewConnectionsPerSecond.value = 50
        let (analytic, simulated) = try compare(s, quotas: quotas, days: 0.05)
        let gap = abs(analytic.totalUSD - simulated.totalUSD) / simulated.totalUSD
        #expect(
            gap < 0.05,
            "analytic \(analytic.totalUSD), simulated \(simulated.totalUSD) ± \(simulated.totalUSDCI95)"
        )
        let names = Set(analytic.limits.map(\.name))
        #expect(names.contains("lambda.concurrent_executions"))
        #expect(names.contains("api_gateway.new_connections_per_second"))
        let share = try #require(analytic.metrics.first { $0.name == "connected_share" }).value
        #expect(share < 0.6)
    }
}
