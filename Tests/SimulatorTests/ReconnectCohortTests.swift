import Architectures
import Billing
import Pricing
import Reports
import Scenarios
import SimKernel
import Simulator
import Testing

/// Retry cohorts against the per-event reference (``ReconnectModel/events``): the same run when
/// the connect-rate quota never refuses a retry, and the same figures within the replications'
/// 95 % confidence intervals in a reconnect storm where it refuses most of them.
struct ReconnectCohortTests {
    func run(
        _ scenario: Scenario,
        design: ArchitectureDefinition,
        quotas: ServiceQuotas,
        days: Double,
        replications: Int,
        reconnects: ReconnectModel
    ) throws -> (SimulationReport, [SimulationResult]) {
        let results = Replications.run(
            count: replications,
            scenario: scenario,
            architecture: design,
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            days: days,
            seed: 5,
            reconnects: reconnects
        )
        let report = try SimulationReport(
            scenario: scenario,
            architecture: design.name,
            prices: .builtIn,
            options: BillingOptions(),
            days: days,
            seed: 5,
            results: results,
            reconnects: reconnects
        )
        return (report, results)
    }

    /// The same runs with every retry an event and with cohorts.
    func bothWays(
        _ scenario: Scenario,
        design: ArchitectureDefinition,
        quotas: ServiceQuotas,
        days: Double,
        replications: Int
    ) throws -> (events: (SimulationReport, [SimulationResult]), cohorts: (SimulationReport, [SimulationResult])) {
        let runs = try [ReconnectModel.events, .cohorts].map { model in
            try run(scenario, design: design, quotas: quotas, days: days, replications: replications, reconnects: model)
        }
        return (runs[0], runs[1])
    }

    func metric(_ result: SimulationResult, _ name: String) throws -> Double {
        try #require(result.metrics.first { $0.name == name }).value
    }

    /// A seed table of 1 RCU and 1 WCU throttles every handler, so connects fail and clients
    /// retry; at 5,000 users the connect-rate quota (500/s) never refuses one. Every cohort member
    /// then becomes an event at its own due time, so the run is the reference's, event counts aside.
    @Test func cohortsAreTheReferenceWhenTheConnectQuotaNeverBinds() throws {
        var design = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        design.table.provisionedRCU = 1
        design.table.provisionedWCU = 1
        var scenario = Scenario()
        scenario.users = 5000
        let ((events, eventResults), (cohorts, cohortResults)) = try bothWays(
            scenario,
            design: design,
            quotas: .builtIn,
            days: 0.2,
            replications: 1
        )
        let retried = try metric(cohortResults[0], "retries_in_cohorts")
        #expect(retried > 1000, "the run must retry for the comparison to mean anything (\(retried))")
        #expect(try metric(eventResults[0], "connect_rejections") > 0)
        #expect(!events.limitEvents.contains { $0.name == "api_gateway.new_connections_per_second" })
        #expect(cohorts.totalUSD == events.totalUSD)
        #expect(cohorts.lineItems == events.lineItems)
        #expect(cohorts.deliveredRatio == events.deliveredRatio)
        #expect(cohorts.limitEvents == events.limitEvents)
        #expect(cohorts.timeseries == events.timeseries)
        let ignored: Set = ["events", "retries_in_cohorts"]
        #expect(
            cohorts.metrics.filter { !ignored.contains($0.name) }
                == events.metrics.filter { !ignored.contains($0.name) }
        )
    }

    /// The storm of the README's 100,000 users, scaled down: 4,000 users with 10-minute sessions
    /// on the seed stack, the connect-rate quota at 10/s and Lambda's concurrency at 20, so the
    /// quota refuses most attempts. Each figure's two means differ by less than the 95 %
    /// half-width of their difference (Welch, t = 2.776 for 4 degrees of freedom, the fewest).
    @Test func cohortsAgreeWithTheReferenceInAReconnectStorm() throws {
        var scenario = Scenario()
        scenario.users = 4000
        scenario.sessions.meanMinutes = 10
        try expectAgreementInAStorm(scenario, days: 0.03)
    }

    /// The same storm among users online an hour a day (96,000 users, ~4,000 of them online):
    /// most online blocks end during the run, many of them while their clients have been retrying
    /// long enough that their delay is the maximum, so clients give up in the middle of the storm,
    /// waiting in their phase (MODEL.md §11.2) as well as in the ring.
    @Test func cohortsAgreeWhenOnlineBlocksEndInTheStorm() throws {
        var scenario = Scenario()
        scenario.users = 96_000
        scenario.hoursConnectedPerDay = 1
        scenario.sessions.meanMinutes = 10
        try expectAgreementInAStorm(scenario, days: 0.03)
    }

    /// Runs `scenario` on the seed stack with the connect-rate quota at 10/s and Lambda's
    /// concurrency at 20, five replications each way, and expects each figure's two means to
    /// differ by less than the 95 % half-width of their difference.
    func expectAgreementInAStorm(_ scenario: Scenario, days: Double) throws {
        let design = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        var quotas = ServiceQuotas.builtIn
        quotas.apiGatewayNewConnectionsPerSecond.value = 10
        quotas.lambdaConcurrentExecutions.value = 20
        let replications = 5
        let ((events, eventResults), (cohorts, cohortResults)) = try bothWays(
            scenario,
            design: design,
            quotas: quotas,
            days: days,
            replications: replications
        )
        func agree(_ name: String, _ a: [Double], _ b: [Double]) {
            var sa = RunningStatistics()
            var sb = RunningStatistics()
            for value in a { sa.add(value) }
            for value in b { sb.add(value) }
            let halfWidth = 2.776 * (sa.variance / Double(a.count) + sb.variance / Double(b.count)).squareRoot()
            #expect(
                abs(sa.mean - sb.mean) <= halfWidth,
                "\(name): events \(sa.mean), cohorts \(sb.mean), 95 % half-width of the difference \(halfWidth)"
            )
        }
        func values(_ results: [SimulationResult], _ name: String) throws -> [Double] {
            try results.map { try metric($0, name) }
        }
        // The connect-rate quota refuses more attempts than it can admit in the whole run.
        let refused = eventResults.map { result in
            result.limitEvents.first { $0.name == "api_gateway.new_connections_per_second" }?.count ?? 0
        }
        #expect(refused.allSatisfy { $0 > 10 * days * 86_400 }, "the quota must bind most of the time: \(refused)")
        for name in [
            "connect_rejections", "lambda_timeouts", "lambda_throttles", "throttled_dynamodb_calls",
            "failed_dynamodb_calls", "mean_connections", "stale_rows_at_end", "connects_per_second",
        ] {
            agree(name, try values(eventResults, name), try values(cohortResults, name))
        }
        agree("delivered ratio", eventResults.map(\.deliveredRatio), cohortResults.map(\.deliveredRatio))
        let bill = { (results: [SimulationResult]) throws -> [Double] in
            try results.map { result in
                try Bill(
                    scenario: scenario,
                    architecture: "seed",
                    prices: .builtIn,
                    usage: result.usage,
                    limits: result.limits,
                    deliveredRatio: result.deliveredRatio,
                    metrics: result.metrics,
                    options: BillingOptions()
                ).totalUSD
            }
        }
        agree("bill", try bill(eventResults), try bill(cohortResults))
        // Every limit either path saw, rare ones (a count of 0 in some replications) included.
        let names = Set(events.limitEvents.map(\.name)).union(cohorts.limitEvents.map(\.name))
        #expect(names.contains("api_gateway.new_connections_per_second"))
        #expect(names.contains("lambda.concurrent_executions"))
        for name in names.sorted() {
            let counts = { (results: [SimulationResult]) in
                results.map { result in result.limitEvents.first { $0.name == name }?.count ?? 0 }
            }
            agree("\(name) count", counts(eventResults), counts(cohortResults))
        }
        // And the point of it: far fewer events.
        let eventCount = try values(eventResults, "events").reduce(0, +)
        let cohortCount = try values(cohortResults, "events").reduce(0, +)
        #expect(cohortCount < 0.75 * eventCount, "events \(eventCount), with cohorts \(cohortCount)")
    }

    @Test func cohortRunsAreDeterministic() throws {
        let design = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        var scenario = Scenario()
        scenario.users = 2000
        scenario.sessions.meanMinutes = 20
        var quotas = ServiceQuotas.builtIn
        quotas.apiGatewayNewConnectionsPerSecond.value = 5
        let a = try run(scenario, design: design, quotas: quotas, days: 0.02, replications: 2, reconnects: .cohorts)
        let b = try run(scenario, design: design, quotas: quotas, days: 0.02, replications: 2, reconnects: .cohorts)
        #expect(a.0.jsonText() == b.0.jsonText())
        #expect(a.0.jsonText().contains("\"reconnects\" : \"cohorts\""))
        #expect(a.0.tableText().contains("retries in cohorts"))
    }
}
