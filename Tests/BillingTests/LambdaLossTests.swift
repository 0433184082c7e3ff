import Architectures
import Billing
import Pricing
import Scenarios
import Testing

/// A send Lambda throttles (429) delivers nothing, and its deliveries still count as intended.
struct LambdaLossTests {
    /// The indexed stack, which delivers everything with the real quotas, with Lambda's account
    /// concurrency cut to 0.1 (below the mean concurrency it needs): the analytic delivered ratio
    /// cannot exceed the share of invocations Lambda admits. (Until 2026-12-07 the throttled sends
    /// were left out of the intended deliveries, and the ratio read 0.167 with 0.4 % admitted.)
    @Test func throttledSendsCountAsUndelivered() throws {
        var scenario = Scenario()
        scenario.users = 20_000
        var quotas = ServiceQuotas.builtIn
        quotas.lambdaConcurrentExecutions.value = 0.1
        let bill = try Bill.analytic(
            scenario: scenario,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "indexed")),
            prices: .builtIn,
            quotas: quotas
        )
        let admitted = try #require(bill.metrics.first { $0.name == "lambda_admitted_ratio" }).value
        #expect(admitted < 0.9)
        #expect(bill.usage.deliveries > 0)
        #expect(bill.deliveredRatio <= admitted + 1e-9)
        #expect(bill.usage.deliveries / bill.usage.intendedDeliveries <= admitted + 1e-9)
    }
}
