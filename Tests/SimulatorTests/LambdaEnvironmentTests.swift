import Architectures
import FanoutInput
import Scenarios
import Simulator
import Testing

/// Cold starts and the per-function scaling rate in the simulator.
struct LambdaEnvironmentTests {
    func run(latency: LambdaLatencyModel = .builtIn, quotas: ServiceQuotas = .builtIn) throws -> SimulationResult {
        var s = Scenario()
        s.users = 3000
        return ServerlessSimulation.run(
            scenario: s,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "indexed")),
            latency: latency,
            quotas: quotas,
            profile: .flat,
            settings: SimulationSettings(days: 0.25, seed: 4)
        )
    }

    func metric(_ r: SimulationResult, _ name: String) throws -> Double {
        try #require(r.metrics.first { $0.name == name }).value
    }

    @Test func warmEnvironmentsAreReused() throws {
        let warm = try run()
        let requests = warm.usage.lambda.values.reduce(0) { $0 + $1.requests }
        let coldStarts = try metric(warm, "lambda_cold_starts")
        #expect(coldStarts > 0)
        // Billed requests are scaled to the month; a quarter day is 1/2920 of it.
        #expect(coldStarts < 0.01 * requests / (730 * 3600 / (0.25 * 86_400)))

        var latency = LambdaLatencyModel.builtIn
        latency.environmentKeepWarmSeconds = 1
        let cold = try run(latency: latency)
        #expect(try metric(cold, "lambda_cold_starts") > 5 * coldStarts)
        // Init time is billed.
        let gbSeconds = { (r: SimulationResult) in r.usage.lambda.values.reduce(0) { $0 + $1.gbSeconds } }
        #expect(gbSeconds(cold) > gbSeconds(warm))
    }

    @Test func scalingRateThrottlesNewEnvironments() throws {
        var quotas = ServiceQuotas.builtIn
        quotas.lambdaScalingPer10Seconds = Cited(0.5, source: "test", date: "2026-11-29")
        var latency = LambdaLatencyModel.builtIn
        latency.environmentKeepWarmSeconds = 1
        let r = try run(latency: latency, quotas: quotas)
        #expect(try metric(r, "lambda_throttles") > 0)
        #expect(r.limitEvents.contains { $0.name.hasPrefix("lambda.scaling_rate.") })
    }

    /// Executions running at once never exceed the account's concurrency: past it, invocations
    /// are throttled and the limit is reported; with the default quota nothing is throttled.
    @Test func accountConcurrencyCapsRunningExecutions() throws {
        let free = try run()
        #expect(try metric(free, "lambda_throttles") == 0)
        let peak = free.timeseries.map(\.lambdaConcurrency).max() ?? 0
        #expect(peak >= 3)

        var quotas = ServiceQuotas.builtIn
        quotas.lambdaConcurrentExecutions = Cited(2, source: "test", date: "2026-11-29")
        let capped = try run(quotas: quotas)
        #expect(try metric(capped, "lambda_throttles") > 0)
        #expect(capped.limitEvents.contains { $0.name == "lambda.concurrent_executions" })
        #expect(capped.timeseries.allSatisfy { $0.lambdaConcurrency <= 2 })
        #expect(capped.timeseries.contains { $0.lambdaConcurrency == 2 })
    }

    @Test func badColdStartDistributionIsRejected() {
        var latency = LambdaLatencyModel.builtIn
        latency.coldStartCDF = [[100, 0], [50, 1]]
        #expect(throws: InputError.self) { try latency.validate(source: "lat.json") }
        latency.coldStartCDF = [[100, 0], [200, 0.5]]
        do {
            try latency.validate(source: "lat.json")
        } catch {
            #expect(error.description == "lat.json: cold_start_ms_cdf: must end at probability 1")
        }
    }
}
