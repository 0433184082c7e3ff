import Analytic
import Architectures
import Billing
import Pricing
import Reports
import Scenarios
import Simulator
import Testing

/// The simulator's validation: queueing identities, determinism, agreement with the analytic
/// bill where nothing binds, confidence intervals, and the seed stack's failure mechanism.
struct SimulationTests {
    func design(_ name: String) throws -> ArchitectureDefinition {
        try #require(ArchitectureDefinition.builtIn(named: name))
    }

    func scenario(users: Double) -> Scenario {
        var s = Scenario()
        s.users = users
        return s
    }

    func simulate(
        _ architecture: String,
        users: Double,
        days: Double,
        replications: Int = 1,
        seed: UInt64 = 1
    ) throws -> (SimulationReport, [SimulationResult]) {
        let s = scenario(users: users)
        let results = Replications.run(
            count: replications,
            scenario: s,
            architecture: try design(architecture),
            latency: .builtIn,
            quotas: .builtIn,
            profile: .flat,
            days: days,
            seed: seed
        )
        let report = try SimulationReport(
            scenario: s,
            architecture: architecture,
            prices: .builtIn,
            options: BillingOptions(),
            days: days,
            seed: seed,
            results: results
        )
        return (report, results)
    }

    func metric(_ result: SimulationResult, _ name: String) throws -> Double {
        try #require(result.metrics.first { $0.name == name }).value
    }

    @Test func littlesLawForConnections() throws {
        let (_, results) = try simulate("indexed", users: 3000, days: 1)
        let r = results[0]
        let l = try metric(r, "mean_connections")
        let lambda = try metric(r, "connects_per_second")
        let w = try metric(r, "mean_session_seconds")
        #expect(abs(l - lambda * w) / l < 0.03, "L \(l) vs λW \(lambda * w)")
        // And the steady state matches the scenario: users × hours / 24.
        #expect(abs(l - 3000) / 3000 < 0.05)
    }

    @Test func sameSeedIsByteIdenticalDifferentSeedDiffers() throws {
        let a = try simulate("seed", users: 1500, days: 0.5, seed: 7).0.jsonText()
        let b = try simulate("seed", users: 1500, days: 0.5, seed: 7).0.jsonText()
        let c = try simulate("seed", users: 1500, days: 0.5, seed: 8).0.jsonText()
        #expect(a == b)
        #expect(a != c)
    }

    @Test func replicationResultsDoNotDependOnThreadScheduling() throws {
        let (_, parallel) = try simulate("indexed", users: 1000, days: 0.25, replications: 4, seed: 11)
        let (_, single) = try simulate("indexed", users: 1000, days: 0.25, replications: 1, seed: 13)
        #expect(parallel[2].deliveredRatio == single[0].deliveredRatio)
        #expect(try metric(parallel[2], "mean_connections") == (try metric(single[0], "mean_connections")))
    }

    /// Where no limit binds, every simulated line item agrees with the analytic one within its
    /// 95 % confidence interval (plus 0.2 % for what the two paths round differently: the simulator
    /// evaluates Scans on the table size to 4 KB and its clients wait ~3 s before reconnecting).
    @Test func simulatedBillAgreesWithAnalyticWhereNothingBinds() throws {
        let (report, _) = try simulate("indexed", users: 2000, days: 1, replications: 8)
        #expect(report.limitEvents.isEmpty)
        let analytic = try Bill.analytic(
            scenario: scenario(users: 2000),
            architecture: try design("indexed"),
            prices: .builtIn
        )
        for line in analytic.lineItems {
            let simulated = try #require(
                report.lineItems.first { $0.item == line.item && $0.service == line.service.rawValue }
            )
            let tolerance = simulated.usdCI95 + 0.002 * abs(line.usd) + 1e-6
            #expect(
                abs(simulated.usd - line.usd) <= tolerance,
                "\(line.item): simulated \(simulated.usd) ± \(simulated.usdCI95), analytic \(line.usd)"
            )
        }
        #expect(abs(report.deliveredRatio - analytic.deliveredRatio) < 1e-9)
    }

    @Test func confidenceIntervalShrinksAsOneOverRootR() throws {
        let (four, _) = try simulate("indexed", users: 800, days: 0.5, replications: 4, seed: 100)
        let (sixteen, _) = try simulate("indexed", users: 800, days: 0.5, replications: 16, seed: 200)
        let ratio = four.totalUSDCI95 / sixteen.totalUSDCI95
        // Expected ≈ 2 × t(3)/t(15) / (s₄/s₁₆) ≈ 2.97 in expectation; sample spread allows a wide band.
        #expect(ratio > 1.5 && ratio < 6, "ratio \(ratio)")
    }

    /// The seed stack as written: disconnect Scans exhaust 5 RCU, deletes fail, stale rows pile
    /// up, and fewer and fewer broadcast deliveries arrive.
    @Test func seedStackAccumulatesStaleRowsWhileDeletesFail() throws {
        let (report, results) = try simulate("seed", users: 5000, days: 3)
        let r = results[0]
        #expect(try metric(r, "failed_dynamodb_calls") > 0)
        #expect(report.limitEvents.contains { $0.name == "dynamodb.provisioned_rcu" })
        let days = stride(from: 23, to: r.timeseries.count, by: 24).map { r.timeseries[$0] }
        #expect(days.count == 3)
        for (earlier, later) in zip(days, days.dropFirst()) {
            #expect(later.staleRows > earlier.staleRows)
            #expect(later.tableRows > earlier.tableRows)
        }
        // Reads stay pinned at the provisioned rate (a Scan admitted on a positive balance may
        // overdraw it by one 1 MB page, 128 RCU, within the hour).
        #expect(days.allSatisfy { $0.consumedRCU <= 5.0 + 128.0 / 3600 + 1e-9 && $0.consumedRCU > 4 })
        #expect(report.deliveredRatio < 0.5)
        let firstHour = r.timeseries[0].deliveredRatio
        let lastHour = r.timeseries[r.timeseries.count - 1].deliveredRatio
        #expect(lastHour <= firstHour)
    }

    /// Limit events agree with the counters: every throttled DynamoDB call is one capacity event,
    /// every timed-out Lambda one timeout event; each limit is listed once, by when it first bound.
    @Test func limitEventsAgreeWithTheCounters() throws {
        let (report, results) = try simulate("seed", users: 2000, days: 0.5)
        let r = results[0]
        let events = r.limitEvents
        #expect(Set(events.map(\.name)).count == events.count)
        #expect(events.allSatisfy { $0.count >= 1 })
        let count = { (names: (String) -> Bool) in events.filter { names($0.name) }.reduce(0) { $0 + $1.count } }
        let capacity = count { $0 == "dynamodb.provisioned_rcu" || $0 == "dynamodb.provisioned_wcu" }
        #expect(capacity > 0)
        #expect(capacity == (try metric(r, "throttled_dynamodb_calls")))
        // The hourly series accounts for every throttled call, those at the run's last instant too.
        #expect(r.timeseries.count == 12)
        #expect(r.timeseries.reduce(0) { $0 + $1.throttledCalls } == capacity)
        let timeouts = count { $0.hasPrefix("lambda.timeout.") }
        #expect(timeouts > 0)
        #expect(timeouts == (try metric(r, "lambda_timeouts")))
        let hours = report.limitEvents.map(\.firstHour)
        #expect(hours == hours.sorted())
        #expect(Set(report.limits.map(\.name)).count == report.limits.count)
    }

    @Test func indexedStackLeavesNoStaleRowsAndDeliversAll() throws {
        let (report, results) = try simulate("indexed", users: 5000, days: 1)
        #expect(try metric(results[0], "stale_rows_at_end") == 0)
        #expect(abs(report.deliveredRatio - 1) < 1e-9)
    }
}
