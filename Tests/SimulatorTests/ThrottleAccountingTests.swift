import Architectures
import Scenarios
import Simulator
import Testing

/// Throttled DynamoDB calls belong to handlers that ran: an invocation Lambda refused (429) calls
/// nothing, so it cannot be throttled by the table.
struct ThrottleAccountingTests {
    /// The seed stack with its 5 RCU / 5 WCU table throttled and Lambda's concurrency at 10, so
    /// that most invocations are refused while the table is empty of tokens.
    func run(concurrency: Double) throws -> SimulationResult {
        var scenario = Scenario()
        scenario.users = 20_000
        var quotas = ServiceQuotas.builtIn
        quotas.lambdaConcurrentExecutions.value = concurrency
        return ServerlessSimulation.run(
            scenario: scenario,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "seed")),
            latency: .builtIn,
            quotas: quotas,
            profile: .flat,
            settings: SimulationSettings(days: 0.05, seed: 1)
        )
    }

    func metric(_ r: SimulationResult, _ name: String) throws -> Double {
        try #require(r.metrics.first { $0.name == name }).value
    }

    /// Each handler that ran can be throttled at most once on each kind of request it makes:
    /// `$connect` and `joinchannel` write, `$disconnect` reads (its Scan) and writes (its deletes),
    /// `sendmessage` reads the table and its partition key. Billed requests are the invocations
    /// that ran, scaled to the month.
    @Test func throttledCallsComeFromInvocationsThatRan() throws {
        let r = try run(concurrency: 10)
        #expect(try metric(r, "lambda_throttles") > 10_000)
        let monthScale = Scenario().monthHours * 3600 / (0.05 * 86_400)
        let ran = { (role: FunctionRole) in (r.usage.lambda[role]?.requests ?? 0) / monthScale }
        let bound = ran(.connect) + ran(.joinChannel) + 2 * ran(.disconnect) + 2 * ran(.sendMessage)
        let throttled = try metric(r, "throttled_dynamodb_calls")
        #expect(throttled > 1000)
        #expect(throttled <= bound.rounded(.up))
        // The limits' counts are the same calls.
        let counted = r.limitEvents.filter { $0.name.hasPrefix("dynamodb.provisioned_") }.reduce(0) { $0 + $1.count }
        #expect(counted == throttled)
    }
}
