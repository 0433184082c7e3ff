import Architectures
import Billing
import Pricing
import Scenarios
import Testing
import Workloads

/// Limits and effects a review found missing or misapplied in the analytic model.
struct ReviewedLimitTests {
    func bill(_ architecture: String, _ scenario: Scenario, freeTier: Bool = false) throws -> Bill {
        let design = try #require(ArchitectureDefinition.builtIn(named: architecture))
        return try Bill.analytic(
            scenario: scenario,
            architecture: design,
            prices: .builtIn,
            options: BillingOptions(freeTier: freeTier)
        )
    }

    @Test func throttledHandlersReportTheirTimeouts() throws {
        let b = try bill("seed", Scenario())
        for function in ["connect", "disconnect", "join_channel"] {
            #expect(b.limits.contains { $0.name == "lambda.timeout.\(function)" }, "\(function)")
        }
    }

    @Test func writeDemandCountsOnlyDeletesWhoseScanSucceeded() throws {
        let b = try bill("seed", Scenario())
        let wcu = try #require(b.limits.first { $0.name == "dynamodb.provisioned_wcu" })
        // connects + joins + (served share of disconnect Scans × rows found): 2.78 + 5.56 + ~0.04.
        let connects = 20_000.0 / 7200
        #expect(wcu.demand > connects * 3 && wcu.demand < connects * 3 + 0.1)
    }

    @Test func refusedConnectsAreRetried() throws {
        let b = try bill("seed", Scenario())
        let attempts = try #require(b.metrics.first { $0.name == "connect_attempts_per_second" }).value
        let served = try #require(b.metrics.first { $0.name == "write_served_ratio" }).value
        #expect(served < 1)
        #expect(abs(attempts - 20_000.0 / 7200 / served) < 1e-4)
    }

    @Test func idleTimeoutActsOnConnectionsBroadcastsMiss() throws {
        var s = Scenario()
        s.channels.count = 10
        s.channels.joinsPerConnection = 2
        s.broadcasts.target = .top  // reaches 20 % of connections
        let w = Workload(s)
        #expect(w.idleTimeoutEndsSessions)
        #expect(abs(w.idleTimeoutShare - 0.8) < 1e-9)
        // 20 % keep 2 h sessions, 80 % are cut at 10 min.
        #expect(abs(w.connectsPerSecond - 20_000 * (0.2 / 7200 + 0.8 / 600)) < 1e-9)
        let b = try bill("indexed", s)
        #expect(b.limits.contains { $0.name == "api_gateway.idle_timeout" })
    }

    @Test func freeTierMessagesComeOffTheFirstTier() throws {
        var s = Scenario()
        s.users = 100_000
        let b = try bill("indexed", s, freeTier: true)
        let free = try #require(b.lineItems.first { $0.item.hasPrefix("messages") && $0.item.hasSuffix("free tier") })
        #expect(abs(free.usd - -1.00) < 1e-9)
    }

    @Test func accountRequestRateCapsDeliveries() throws {
        // The post's client says hello to everyone on every open: ~56,000 posts/s at 20,000 users.
        let s = try #require(Scenario.builtIn(named: "seed-client"))
        let b = try bill("indexed", s)
        let rps = try #require(b.limits.first { $0.name == "api_gateway.requests_per_second" })
        #expect(rps.demand > 10_000)
        #expect(b.deliveredRatio < 0.25)
        let served = try #require(b.metrics.first { $0.name == "api_gateway_requests_served_ratio" }).value
        #expect(served < 1)
    }

    @Test func oneFanOutBeyondTheBurstIsCut() throws {
        // A broadcast to 100,000 from a Lambda fast enough to post 20,000/s outruns 5,000 + 10,000·T.
        var s = Scenario()
        s.users = 100_000
        var design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        design.httpMaxSockets = 2000
        var latency = LambdaLatencyModel.builtIn
        latency.cpuMsPerSDKCallAtOneVCPU = 0.01
        let b = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn, latency: latency)
        let burst = try #require(b.limits.first { $0.name == "api_gateway.requests_per_second.during_fan_out" })
        #expect(burst.demand > burst.capacity)
        #expect(b.deliveredRatio < 1)
        #expect(abs(b.deliveredRatio - burst.capacity / burst.demand) < 0.01)
    }
}
