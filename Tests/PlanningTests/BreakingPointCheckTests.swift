import Architectures
import Testing

@testable import Planning

/// The verdict of `fanout breaks --confirm`, from hand-made observations.
struct BreakingPointCheckTests {
    typealias Verdict = BreakingPointCheck.Verdict

    @Test(arguments: [
        (false, true, true, Verdict.agrees),
        (true, true, true, .bindsBelow),
        (false, false, true, .notSeenAbove),
        (true, false, true, .bindsBelowNotAbove),
        (false, false, false, .notSimulated),
    ])
    func verdictFromBelowAndAbove(below: Bool, above: Bool, observable: Bool, expected: Verdict) {
        #expect(Verdict.judge(below: below, above: above, observable: observable) == expected)
    }

    @Test func aPointAtTheMinimumIsJudgedAboveOnlyAndAnUnrunPointIsNotRun() {
        #expect(Verdict.judge(below: nil, above: true, observable: true) == .agrees)
        #expect(Verdict.judge(below: nil, above: false, observable: true) == .notSeenAbove)
        #expect(Verdict.judge(below: nil, above: nil, observable: true) == .notRun)
        #expect(Verdict.judge(below: nil, above: nil, observable: false) == .notSimulated)
    }

    @Test func aLimitTheSimulatorReportsAnywayIsJudgedEvenIfNotListed() {
        #expect(Verdict.judge(below: false, above: true, observable: false) == .agrees)
        #expect(Verdict.judge(below: true, above: true, observable: false) == .bindsBelow)
    }

    @Test func theCheckJudgesItsObservations() {
        let check = BreakingPointCheck(
            limit: "dynamodb.provisioned_rcu",
            users: 1381,
            below: .init(users: 1243, exceeded: false),
            above: .init(users: 1519, exceeded: true, demand: 6.2, capacity: 5, unit: "RCU (hourly mean)"),
            observable: true
        )
        #expect(check.verdict == .agrees)
    }

    @Test func simulatedLimitsByNameAndFamily() {
        #expect(BreakingPointCheck.isSimulated("lambda.timeout.send_message"))
        #expect(BreakingPointCheck.isSimulated("dynamodb.scan_page.disconnect"))
        #expect(BreakingPointCheck.isSimulated("dynamodb.provisioned_rcu"))
        #expect(BreakingPointCheck.isSimulated(ExceededLimit.partitionName))
        #expect(!BreakingPointCheck.isSimulated("api_gateway.requests_per_second"))
        #expect(BreakingPointCheck.isSimulated("api_gateway.requests_per_second.during_fan_out"))
        #expect(!BreakingPointCheck.isSimulated("lambda.timeout"))
    }

    @Test func countsAroundAPoint() {
        let settings = BreakingPoints.Confirmation(days: 1, replications: 1, seed: 1, maximumUsers: 200_000)
        #expect(settings.counts(around: point(1381)) == (1243, 1519))
        #expect(settings.counts(around: point(50)) == (40, 60))  // at least 10 users
        #expect(settings.counts(around: point(100, atMinimum: true)) == (nil, 110))
        #expect(settings.counts(around: point(190_000)) == (nil, nil))  // 209,000 > 200,000
        #expect(settings.counts(around: point(5)) == (nil, 15))  // below one user
    }

    func point(_ users: Double, atMinimum: Bool = false) -> BreakingPoints.Point {
        BreakingPoints.Point(
            limit: "dynamodb.provisioned_rcu",
            users: users,
            bindsAtMinimum: atMinimum,
            monotone: true,
            atPoint: ExceededLimit(name: "dynamodb.provisioned_rcu", demand: 6, capacity: 5, unit: "RCU", effect: ""),
            totalUSDBefore: nil,
            totalUSDAt: 1
        )
    }
}
