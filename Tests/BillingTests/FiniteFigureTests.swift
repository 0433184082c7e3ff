import Billing
import Testing
import TextOutput

struct FiniteFigureTests {
    @Test func theFirstNonFiniteFigureIsFoundWithItsPath() throws {
        var bill = try Bill.analytic(
            scenario: .init(),
            architecture: .builtIn(named: "seed")!,
            prices: .builtIn,
            options: .init()
        )
        #expect(nonFiniteFigure(in: bill) == nil)
        bill.lineItems[2].quantity = .infinity
        let found = try #require(nonFiniteFigure(in: [bill]))
        #expect(found.path == "[0].line_items[2].quantity")
        #expect(found.value == .infinity)
        bill.lineItems[2].quantity = 1
        bill.totalUSD = .nan
        #expect(nonFiniteFigure(in: bill)?.path == "total_usd")
    }

    @Test func formattingIsTotalBeyondInt64() {
        #expect(grouped(1e20) == "100,000,000,000,000,000,000")
        #expect(grouped(-2.5e19) == "-25,000,000,000,000,000,000")
        #expect(money(1e20) == "$100,000,000,000,000,000,000.00")
        #expect(money(.nan) == "nan")
        #expect(grouped(.infinity) == "inf")
        #expect(plainNumber(1e20) == "100000000000000000000")
    }
}
