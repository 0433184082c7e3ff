import Architectures
import Billing
import Pricing
import Testing
import Usage

/// AWS's own worked examples (docs/aws-pricing-facts.md), priced with the default sheet.
struct AWSWorkedExampleTests {
    let prices = PriceSheet.builtIn

    /// Usage of `requests` invocations of one function lasting `ms` at `memoryMB`.
    func lambdaUsage(requests: Double, ms: Double, memoryMB: Double) -> ServiceUsage {
        var outcome = ActionOutcome()
        outcome.invocations = [
            Invocation(role: .sendMessage, durationMs: ms, memoryMB: memoryMB, cpu: .x86_64, timedOut: false)
        ]
        var usage = ServiceUsage()
        usage.record(outcome, times: requests)
        return usage
    }

    func total(_ items: [LineItem], _ service: Service) -> Double {
        items.filter { $0.service == service }.reduce(0) { $0 + $1.usd }
    }

    func cents(_ usd: Double) -> Double { (usd * 100).rounded() / 100 }

    @Test func lambdaExample1MobileBackendWithFreeTier() throws {
        // 3 M requests, 120 ms, 1536 MB, x86: 540,000 GB-s − 400,000 free → $2.33; 2 M requests → $0.40.
        let usage = lambdaUsage(requests: 3_000_000, ms: 120, memoryMB: 1536)
        let items = try Bill.price(usage, prices: prices, options: BillingOptions(freeTier: true))
        let compute = items.filter { $0.item.hasPrefix("compute") }.reduce(0) { $0 + $1.usd }
        let requests = items.filter { $0.item.hasPrefix("requests") }.reduce(0) { $0 + $1.usd }
        #expect(cents(compute) == 2.33)
        #expect(cents(requests) == 0.40)
        #expect(cents(total(items, .lambda)) == 2.73)
    }

    @Test func lambdaExample2TelemetryWithoutFreeTier() throws {
        // 7,440,000 invocations × 2 s × 1 GB: $1.49 requests + $248.00 compute = $249.49.
        let usage = lambdaUsage(requests: 10_000 * 24 * 31, ms: 2000, memoryMB: 1024)
        let items = try Bill.price(usage, prices: prices)
        #expect(cents(total(items, .lambda)) == 249.49)
    }

    @Test func dynamoDBProvisionedExample() throws {
        // 114 RCU and 114 WCU for 30 days: AWS states $64.04 (it rounds a daily figure first, so ±$0.02).
        var usage = ServiceUsage()
        usage.table = TableCapacity(mode: .provisioned, provisionedRCU: 114, provisionedWCU: 114)
        usage.tableHours = 720
        let items = try Bill.price(usage, prices: prices)
        let capacity = items.filter { $0.item.hasPrefix("provisioned") }.reduce(0) { $0 + $1.usd }
        #expect(abs(capacity - 64.04) <= 0.02)

        // The free tier's 25 RCU + 25 WCU take $14.04 off; 27 GB stored with 25 GB free costs $0.50.
        usage.storedBytes = 27 * 1_073_741_824
        let free = try Bill.price(usage, prices: prices, options: BillingOptions(freeTier: true))
        let freeLines = free.filter { $0.item.hasSuffix("free tier") && $0.item.hasPrefix("provisioned") }
        #expect(cents(-freeLines.reduce(0) { $0 + $1.usd }) == 14.04)
        let storage = free.filter { $0.item.hasPrefix("storage") }.reduce(0) { $0 + $1.usd }
        #expect(cents(storage) == 0.50)
    }

    @Test func webSocketChatExampleArithmetic() throws {
        // 18 M messages of 3 KB and 21.6 M connection minutes: $18.00 + $5.40.
        var outcome = ActionOutcome()
        outcome.messages = [MessageFlow(.delivery, count: 1, bytes: 3 * 1024)]
        var usage = ServiceUsage()
        usage.record(outcome, times: 18_000_000)
        usage.connectionMinutes = 1000 * 12 * 60 * 30
        let items = try Bill.price(usage, prices: prices)
        #expect(cents(total(items, .apiGateway)) == 23.40)
    }
}
