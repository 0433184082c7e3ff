import Architectures
import Billing
import Pricing
import Scenarios
import Testing

/// The switches for billing rules AWS leaves unstated, against arithmetic done here from the
/// scenario's own fields.
struct BillingSwitchTests {
    let users = 20_000.0

    func bill(_ options: BillingOptions, sessionMinutes: Double = 120) throws -> Bill {
        var s = try #require(Scenario.builtIn(named: "seed-requirement"))
        s.users = users
        s.sessions.meanMinutes = sessionMinutes
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        return try Bill.analytic(scenario: s, architecture: design, prices: .builtIn, options: options)
    }

    func quantity(_ bill: Bill, _ item: String) -> Double {
        bill.lineItems.filter { $0.service == .apiGateway && $0.item.hasPrefix(item) }.reduce(0) { $0 + $1.quantity }
    }

    /// API Gateway's WebSocket message tiers (us-east-1): $1.00 per million for the first billion,
    /// $0.80 per million after.
    func messagesUSD(_ messages: Double) -> Double {
        min(messages, 1e9) / 1e6 * 1.00 + max(0, messages - 1e9) / 1e6 * 0.80
    }

    /// Sessions in the month: every user connected all day, in sessions of the mean length.
    func sessions(minutes: Double) -> Double { users * 730 * 60 / minutes }

    @Test(arguments: [120.0, 30])
    func connectionEventsAddOneMessageEach(sessionMinutes: Double) throws {
        let off = try bill(BillingOptions(), sessionMinutes: sessionMinutes)
        let on = try bill(BillingOptions(connectionEventsAsMessages: true), sessionMinutes: sessionMinutes)
        let added = quantity(on, "messages") - quantity(off, "messages")
        let expected = 2 * sessions(minutes: sessionMinutes)
        #expect(abs(added - expected) <= 1e-9 * expected)
        #expect(quantity(on, "connection minutes") == quantity(off, "connection minutes"))
        #expect(
            abs(
                (on.totalUSD - off.totalUSD)
                    - (messagesUSD(quantity(on, "messages")) - messagesUSD(quantity(off, "messages")))
            ) < 1e-6
        )
    }

    @Test(arguments: [120.0, 30])
    func minuteRoundingAddsHalfAMinutePerSession(sessionMinutes: Double) throws {
        let off = try bill(BillingOptions(), sessionMinutes: sessionMinutes)
        let on = try bill(BillingOptions(roundConnectionMinutes: true), sessionMinutes: sessionMinutes)
        let added = quantity(on, "connection minutes") - quantity(off, "connection minutes")
        let expected = sessions(minutes: sessionMinutes) / 2
        #expect(abs(added - expected) <= 1e-9 * expected)
        #expect(abs((on.totalUSD - off.totalUSD) - expected * 0.25 / 1e6) < 1e-6)
    }

    @Test func switchesAreOffByDefault() throws {
        #expect(BillingOptions() == BillingOptions(connectionEventsAsMessages: false, roundConnectionMinutes: false))
        let b = try bill(BillingOptions())
        #expect(quantity(b, "connection minutes") == users * 730 * 60)
    }
}
