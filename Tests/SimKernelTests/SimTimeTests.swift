import SimKernel
import Testing

struct SimTimeTests {
    @Test func conversionsSaturateInsteadOfTrapping() {
        let never = SimDuration.never.nanoseconds
        #expect(never == 1 << 61)
        for seconds in [1e300, .infinity, .nan, 6e10, Double(Int64.max)] {
            #expect(SimDuration.seconds(seconds).nanoseconds == never, "\(seconds)")
            #expect(SimTime.seconds(seconds).nanoseconds == never, "\(seconds)")
        }
        #expect(SimDuration.seconds(-1e300).nanoseconds == -never)
        #expect(SimDuration.milliseconds(1e300).nanoseconds == never)
        let far = SimTime(nanoseconds: .max - 1)
        #expect((far + .never).nanoseconds == .max)
        #expect((SimTime(nanoseconds: .min) - SimTime(nanoseconds: 1)).nanoseconds == .min)
        #expect((SimTime.zero + .never + .never + .never + .never).nanoseconds == .max)
    }

    @Test func ordinaryDurationsRoundToTheNearestNanosecond() {
        var state: UInt64 = 14
        for _ in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Double(state >> 11) / Double(1 << 53) * 1e9  // up to ~31 years
            let nanoseconds = SimDuration.seconds(seconds).nanoseconds
            #expect(abs(Double(nanoseconds) - seconds * 1e9) <= 0.5 + (seconds * 1e9).ulp, "\(seconds)")
        }
        #expect(SimDuration.seconds(1.5e-9).nanoseconds == 2)
        #expect((SimTime.seconds(2) - SimTime.seconds(0.5)).seconds == 1.5)
    }
}
