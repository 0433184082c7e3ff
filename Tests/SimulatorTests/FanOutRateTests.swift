import Architectures
import Scenarios
import Simulator
import Testing

/// Fan-outs share API Gateway's account request rate: posts that overlap in time draw on one
/// bucket, whatever send handler makes them.
struct FanOutRateTests {
    /// Broadcasts to 100,000 users every 2 s on the indexed stack: each fan-out's posts would take
    /// several seconds at 10,000 a second, so fan-outs overlap. Over the run, the posts granted
    /// (deliveries, 410 answers and join acks) are at most the bucket's burst plus its rate over
    /// the run and the send handler's timeout, the longest a fan-out can draw after the run's last
    /// publish.
    /// (Until 2026-12-07 a fan-out that began while another was still drawing ignored that one's
    /// debt: overlapping fan-outs each had the whole rate.)
    @Test func overlappingFanOutsShareTheRequestRate() throws {
        var scenario = Scenario()
        scenario.users = 100_000
        scenario.broadcasts.perMinute = 30
        let days = 0.005
        let indexed = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let quotas = ServiceQuotas.builtIn
        let r = ServerlessSimulation.run(
            scenario: scenario,
            architecture: indexed,
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            settings: SimulationSettings(days: days, seed: 1)
        )
        let metric = { (name: String) in r.metrics.first { $0.name == name }?.value ?? -1 }
        // Every post (deliveries, 410 answers, join acks), as billed: scaled to the month.
        let posts = r.usage.callbackRequests / (scenario.monthHours * 3600 / (days * 86_400))
        let seconds = days * 86_400 + indexed.functions.sendMessage.timeoutSeconds
        let bound = quotas.apiGatewayBurstRequests.value + quotas.apiGatewayRequestsPerSecond.value * seconds
        #expect(metric("posts_refused_by_api_gateway") > 0)
        #expect(posts > 0.5 * bound)
        #expect(posts <= bound)
    }
}
