import HTMLReport
import Testing

@Suite struct ScaleTests {
    @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(Ticks.niceStep(0.7) == 1)
        #expect(Ticks.niceStep(1) == 1)
        #expect(Ticks.niceStep(1.01) == 2)
        #expect(Ticks.niceStep(3) == 5)
        #expect(Ticks.niceStep(7) == 10)
        #expect(Ticks.niceStep(16_000) == 20_000)
        #expect(Ticks.niceStep(0.003) == 0.005)
    }

    @Test func linearTicksAreRoundAndInsideTheDomain() {
        #expect(Ticks.linear(0, 100, count: 6) == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.linear(20_000, 100_000, count: 8) == [20_000, 40_000, 60_000, 80_000, 100_000])
        #expect(Ticks.linear(0.1, 0.7, count: 7) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        for (low, high) in [(3.0, 97.0), (0.0, 1234.5), (-40.0, 17.0), (0.991, 1.0)] {
            let ticks = Ticks.linear(low, high, count: 6)
            #expect(ticks.count >= 2 && ticks.count <= 7, "\(low)…\(high): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= low - 1e-9 && $0 <= high + 1e-9 })
            let step = ticks[1] - ticks[0]
            #expect(
                [1.0, 2, 5].contains { abs(Ticks.niceStep(step) - step) < 1e-12 && Ticks.niceStep(step) > 0 && $0 > 0 }
            )
        }
    }

    @Test func niceDomainWidensToTickMultiples() {
        #expect(Ticks.niceDomain(3, 97) == 0...100)
        #expect(Ticks.niceDomain(1234, 5678) == 1000...6000)
        #expect(Ticks.niceDomain(5, 5).contains(5))
    }

    @Test func logTicksArePowersOfTenOrOneTwoFiveWithinAFewDecades() {
        #expect(Ticks.log(100, 1_000_000) == [100, 1000, 10_000, 100_000, 1_000_000])
        #expect(Ticks.log(20_000, 100_000) == [20_000, 50_000, 100_000])
        #expect(Ticks.log(1, 10) == [1, 2, 5, 10])
        #expect(Ticks.niceLogDomain(120, 900_000) == 100...1_000_000)
        #expect(Ticks.niceLogDomain(20_000, 100_000) == 20_000...100_000)
    }

    @Test func scalesMapTheirDomainOntoTheirRange() {
        let linear = Scale(.linear, domain: 0...100, lower: 300, upper: 40)
        #expect(linear.position(0) == 300)
        #expect(linear.position(100) == 40)
        #expect(linear.position(50) == 170)
        let log = Scale(.log, domain: 100...1_000_000, lower: 0, upper: 400)
        #expect(abs(log.position(1000) - 100) < 1e-9)
        #expect(abs(log.position(100_000) - 300) < 1e-9)
        #expect(Scale(.linear, domain: 5...5, lower: 0, upper: 1).domain.contains(5))
    }

    @Test func numbersAndMoneyReadTheSameEveryTime() {
        #expect(NumberText.compact(0) == "0")
        #expect(NumberText.compact(20_000) == "20k")
        #expect(NumberText.compact(1_500_000) == "1.5M")
        #expect(NumberText.compact(0.995) == "0.995")
        #expect(NumberText.compactMoney(1200) == "$1.2k")
        #expect(NumberText.compactMoney(-500) == "-$500")
        #expect(NumberText.money(1234.5) == "$1,234.50")
        #expect(NumberText.percent(0.995) == "99.50 %")
        #expect(ValueFormat.ratio.tick(0.995) == "99.5 %")
    }
}
