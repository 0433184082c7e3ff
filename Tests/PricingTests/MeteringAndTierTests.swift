import Architectures
import Billing
import FanoutInput
import Pricing
import SimKernel
import Testing
import Usage

struct MeteringAndTierTests {
    let apigw = PriceSheet.builtIn.apiGateway

    @Test(arguments: [
        (1, 1), (32 * 1024, 1), (32 * 1024 + 1, 2), (33 * 1024, 2), (64 * 1024, 2), (96 * 1024 + 1, 4), (128 * 1024, 4),
    ])
    func messagesAreMeteredIn32KBIncrements(bytes: Int, metered: Int) throws {
        #expect(try apigw.meteredMessages(payloadBytes: bytes) == metered)
    }

    @Test func payloadOver128KBIsAnError() {
        #expect(throws: InputError.self) { try apigw.meteredMessages(payloadBytes: 128 * 1024 + 1) }
    }

    func messageCost(_ count: Double) throws -> Double {
        var outcome = ActionOutcome()
        outcome.messages = [MessageFlow(.delivery, count: 1, bytes: 100)]
        var usage = ServiceUsage()
        usage.record(outcome, times: count)
        return try Bill.price(usage, prices: .builtIn).filter { $0.item.hasPrefix("messages") }.reduce(0) {
            $0 + $1.usd
        }
    }

    @Test func oneBillionMessageTierBoundary() throws {
        #expect(abs(try messageCost(1_000_000_000) - 1000.00) < 1e-6)
        // One million past the boundary costs $0.80, not $1.00.
        #expect(abs(try messageCost(1_001_000_000) - 1000.80) < 1e-6)
        #expect(abs(try messageCost(999_000_000) - 999.00) < 1e-6)
    }

    /// Property: tier charges partition the quantity and the cost equals a direct reference sum.
    @Test func tierChargesPartitionQuantity() {
        let tiers = PriceSheet.builtIn.lambda.x86GBSecond.value
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let q = Double(generator.next() % 40_000_000_000)
            let charges = tiers.charges(for: q)
            #expect(abs(charges.reduce(0) { $0 + $1.quantity } - q) < 1e-3)
            // Reference: walk unit bands directly.
            let bands: [(Double, Double)] = [(6e9, 0.0000166667), (1.5e10, 0.000015), (.infinity, 0.0000133334)]
            var reference = 0.0
            var lower = 0.0
            for (upper, price) in bands {
                reference += max(0, min(q, upper) - lower) * price
                lower = upper
            }
            #expect(abs(tiers.cost(of: q) - reference) <= 1e-6 * max(1, reference))
        }
    }

    @Test func freeTierNeverMakesALineNegativeOverall() throws {
        var outcome = ActionOutcome()
        outcome.messages = [MessageFlow(.delivery, count: 1, bytes: 100)]
        var usage = ServiceUsage()
        usage.record(outcome, times: 10)  // far below the 1 M free messages
        usage.connectionMinutes = 10
        let items = try Bill.price(usage, prices: .builtIn, options: BillingOptions(freeTier: true))
        let apigw = items.filter { $0.service == .apiGateway }.reduce(0) { $0 + $1.usd }
        #expect(abs(apigw) < 1e-12)
    }

    @Test func dataTransferIsASwitch() throws {
        var outcome = ActionOutcome()
        outcome.messages = [MessageFlow(.delivery, count: 1, bytes: 1024)]
        var usage = ServiceUsage()
        usage.record(outcome, times: 1_048_576 * 10)  // 10 GB out
        let off = try Bill.price(usage, prices: .builtIn)
        #expect(!off.contains { $0.service == .dataTransfer })
        let on = try Bill.price(usage, prices: .builtIn, options: BillingOptions(dataTransferOutForWebSocket: true))
        let dto = on.filter { $0.service == .dataTransfer }.reduce(0) { $0 + $1.usd }
        #expect(abs(dto - 0.90) < 1e-9)
    }
}
