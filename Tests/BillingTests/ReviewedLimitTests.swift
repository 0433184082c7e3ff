import Architectures
import Billing
import Foundation
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

    func metric(_ bill: Bill, _ name: String) throws -> Double {
        try #require(bill.metrics.first { $0.name == name }, "\(name)").value
    }

    /// Write demand: every connect attempt, the joins of the connects that wrote (asked for even
    /// when refused), and the deletes of disconnects whose Scan was served (rows found × 1 WCU).
    @Test func writeDemandCountsAttemptsJoinsAndOnlyDeletesWhoseScanSucceeded() throws {
        let b = try bill("seed", Scenario())
        let wcu = try #require(b.limits.first { $0.name == "dynamodb.provisioned_wcu" })
        let attempts = try metric(b, "connect_attempts_per_second")
        let connects = try metric(b, "connects_per_second")
        let readServed = try metric(b, "read_served_ratio")
        let rows = 1 + 2 * (try metric(b, "join_rows_written_ratio"))
        let expected = attempts + 2 * connects + readServed * connects * rows
        // The served share of Scans and the rows differ a little from step to step of the horizon.
        #expect(abs(wcu.demand - expected) < 0.02 * expected, "demand \(wcu.demand), expected \(expected)")
        #expect(attempts > connects)
    }

    /// A `$connect` refused returns 500 and the client retries: attempts = connects ÷ the chance
    /// one attempt writes (API Gateway and Lambda admit all of them at 20,000 users).
    @Test func refusedConnectsAreRetried() throws {
        let b = try bill("seed", Scenario())
        let attempts = try metric(b, "connect_attempts_per_second")
        let connects = try metric(b, "connects_per_second")
        let served = try metric(b, "write_served_ratio")
        #expect(served < 1)
        #expect(abs(try metric(b, "connect_attempts_admitted_ratio") - 1) < 1e-9)
        #expect(abs(try metric(b, "lambda_admitted_ratio") - 1) < 1e-9)
        #expect(abs(attempts - connects / served) < 1e-3 * attempts, "attempts \(attempts), connects \(connects)")
    }

    /// Clients that retry are not connected meanwhile: with success chance p per attempt, a
    /// reconnect takes Σₙ≥₁ (1 − p)ⁿ · E[delay after n failures] longer than one that succeeds
    /// at once (ReconnectingWebSocket: 1 s + U(0, 4) s, × 1.3 per failure, at most 10 s).
    @Test func retryingClientsAreNotConnected() throws {
        let b = try bill("seed", Scenario())
        let p = try metric(b, "connects_per_second") / (try metric(b, "connect_attempts_per_second"))
        var extra = 0.0
        for failures in 1...200 {
            let g = pow(1.3, Double(failures - 1))
            // (1 + 4U)·g capped at 10: uniform on [g, 5g].
            let mean: Double
            if 5 * g <= 10 {
                mean = 3 * g
            } else if g >= 10 {
                mean = 10
            } else {
                mean = ((100 - g * g) / 2 + 10 * (5 * g - 10)) / (4 * g)
            }
            extra += pow(1 - p, Double(failures)) * mean
        }
        let share = 7200 / (7200 + extra)
        let minutes = try #require(b.lineItems.first { $0.item == "connection minutes" }).quantity
        #expect(abs(minutes - 20_000 * share * 730 * 60) < 1e-3 * minutes, "share \(share)")
        #expect(share < 1)
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
