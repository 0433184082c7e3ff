import Architectures
import Billing
import Pricing
import Reports
import Scenarios
import Simulator
import Testing

/// With skewed popularity over many channels, the analytic membership (distinct joins by
/// popularity) matches what the simulator's connections actually join.
struct ChannelMembershipTests {
    /// 200 channels, Zipf 1, 5 joins; broadcasts to a channel drawn by popularity and user
    /// messages to one of the sender's own channels, on the indexed stack (nothing binds).
    func skewed(users: Double) -> Scenario {
        var s = Scenario()
        s.users = users
        s.channels.count = 200
        s.channels.joinsPerConnection = 5
        s.channels.popularityZipfExponent = 1
        s.broadcasts.perMinute = 4
        s.broadcasts.target = .popular
        s.userMessages.perUserPerDay = 50
        s.userMessages.target = .popular
        return s
    }

    @Test func analyticBillAgreesWithSimulatedOnSkewedChannels() throws {
        let scenario = skewed(users: 1500)
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let days = 0.5
        let results = Replications.run(
            count: 6,
            scenario: scenario,
            architecture: design,
            latency: .builtIn,
            quotas: .builtIn,
            profile: .flat,
            days: days,
            seed: 5
        )
        let report = try SimulationReport(
            scenario: scenario,
            architecture: "indexed",
            prices: .builtIn,
            options: BillingOptions(),
            days: days,
            seed: 5,
            results: results
        )
        #expect(report.limitEvents.isEmpty)
        let analytic = try Bill.analytic(scenario: scenario, architecture: design, prices: .builtIn)
        let messages = try #require(analytic.lineItems.first { $0.item.hasPrefix("messages") })
        let simulated = try #require(report.lineItems.first { $0.item == messages.item })
        #expect(
            abs(simulated.usd - messages.usd) <= simulated.usdCI95 + 0.002 * messages.usd,
            "messages: simulated \(simulated.usd) ± \(simulated.usdCI95), analytic \(messages.usd)"
        )
        // The old approximation, min(1, k·wᵢ), billed $882 for these messages against $633 now
        // and $629 ± $19 simulated (8 replications of a day): the CI is far tighter than that gap.
        #expect(simulated.usdCI95 < 0.1 * simulated.usd)
        #expect(abs(report.totalUSD - analytic.totalUSD) <= report.totalUSDCI95 + 0.002 * analytic.totalUSD)
    }
}
