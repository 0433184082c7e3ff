import Architectures
import Scenarios
import Simulator
import Testing

/// Throttled DynamoDB calls belong to handlers that ran: an invocation Lambda refused (429) calls
/// nothing, so it cannot be throttled by the table.
struct ThrottleAccountingTests {
    /// `architecture` (the seed stack, with its 5 RCU / 5 WCU table, unless named) with Lambda's
    /// account concurrency at `concurrency` and, when given, the table's capacity at `tableUnits`.
    func run(
        concurrency: Double,
        tableUnits: Double? = nil,
        users: Double = 20_000,
        days: Double = 0.05,
        architecture: String = "seed",
        broadcastsPerMinute: Double = Scenario().broadcasts.perMinute
    ) throws -> SimulationResult {
        var scenario = Scenario()
        scenario.users = users
        scenario.broadcasts.perMinute = broadcastsPerMinute
        var quotas = ServiceQuotas.builtIn
        quotas.lambdaConcurrentExecutions.value = concurrency
        var design = try #require(ArchitectureDefinition.builtIn(named: architecture))
        if let tableUnits {
            design.table.provisionedRCU = tableUnits
            design.table.provisionedWCU = tableUnits
        }
        return ServerlessSimulation.run(
            scenario: scenario,
            architecture: design,
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            settings: SimulationSettings(days: days, seed: 1)
        )
    }

    func metric(_ r: SimulationResult, _ name: String) throws -> Double {
        try #require(r.metrics.first { $0.name == name }).value
    }

    /// The invocations of `role` that ran in `r`: its billed requests, scaled back from the month
    /// to the simulated days.
    func ran(_ role: FunctionRole, in r: SimulationResult) throws -> Double {
        let monthScale = Scenario().monthHours * 3600 / (try metric(r, "simulated_days") * 86_400)
        return (r.usage.lambda[role]?.requests ?? 0) / monthScale
    }

    /// Each handler that ran can be throttled at most once on each kind of request it makes:
    /// `$connect` and `joinchannel` write, `$disconnect` reads (its Scan) and writes (its deletes),
    /// `sendmessage` reads the table and its partition key. Billed requests are the invocations
    /// that ran, scaled to the month.
    @Test func throttledCallsComeFromInvocationsThatRan() throws {
        let r = try run(concurrency: 10)
        #expect(try metric(r, "lambda_throttles") > 10_000)
        let bound =
            try ran(.connect, in: r) + ran(.joinChannel, in: r) + 2 * ran(.disconnect, in: r)
            + 2 * ran(.sendMessage, in: r)
        let throttled = try metric(r, "throttled_dynamodb_calls")
        #expect(throttled > 1000)
        #expect(throttled <= bound.rounded(.up))
        // The limits' counts are the same calls.
        let counted = r.limitEvents.filter { $0.name.hasPrefix("dynamodb.provisioned_") }.reduce(0) { $0 + $1.count }
        #expect(counted == throttled)
    }

    /// A `$disconnect` whose Scan the table refused sends no delete, so its writes cannot be
    /// throttled: with the table at 0.001 RCU and WCU, every Scan after the first waits longer than
    /// the SDK's retry budget, and the write-capacity throttles are at most the puts of the
    /// `$connect` and `joinchannel` handlers that ran. (Until 2026-12-07 a refused Scan's delete
    /// was counted as a throttled write too.)
    @Test func aRefusedScanSendsNoDelete() throws {
        let r = try run(concurrency: 1000, tableUnits: 0.001, users: 5_000, days: 0.01)
        let writeThrottles = try #require(r.limitEvents.first { $0.name == "dynamodb.provisioned_wcu" }).count
        #expect(try ran(.disconnect, in: r) > 300)
        #expect(writeThrottles > 1000)
        #expect(try writeThrottles <= (ran(.connect, in: r) + ran(.joinChannel, in: r)).rounded(.up))
    }

    /// A send Lambda refused delivers nothing and still counts as intended, in the run's
    /// delivered ratio and in the usage it bills alike. (Until 2026-12-07 the usage left the
    /// refused sends out of its intended deliveries, and its ratio read higher than the run's.)
    @Test func refusedSendsAreIntendedInTheBilledUsage() throws {
        let r = try run(concurrency: 1, users: 5_000, days: 0.02, architecture: "indexed", broadcastsPerMinute: 60)
        #expect(try metric(r, "lambda_throttles") > 100)
        #expect(r.deliveredRatio > 0)
        #expect(r.deliveredRatio < 0.99)
        #expect(abs(r.usage.deliveries / r.usage.intendedDeliveries - r.deliveredRatio) < 1e-9)
    }
}
