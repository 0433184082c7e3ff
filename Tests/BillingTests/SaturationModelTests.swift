import Analytic
import Architectures
import Billing
import Foundation
import Pricing
import Scenarios
import Testing

/// The parts of the saturated model, each against a simple reference written apart from it.
struct SaturationModelTests {
    /// Reference: the admission rule itself, event by event. Leads arrive as a Poisson stream,
    /// each followed at the same instant by its followers; a request is served when the wait for
    /// the balance to turn positive is at most `budget`, and is then charged its units.
    func simulateBucket(
        capacity: Double,
        leadsPerSecond: Double,
        leadUnits: Double,
        followerUnits: [Double],
        budget: Double,
        seed: UInt64
    ) -> (lead: Double, followers: [Double]) {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        var balance = 0.0
        var leadsServed = 0.0
        var followersServed = [Double](repeating: 0, count: followerUnits.count)
        let arrivals = 200_000
        for _ in 0..<arrivals {
            balance = min(capacity * 300, balance + capacity * -Foundation.log(uniform()) / leadsPerSecond)
            func admit(_ units: Double) -> Bool {
                let wait = balance > 0 ? 0 : -balance / capacity
                guard wait <= budget else { return false }
                balance -= units
                return true
            }
            guard admit(leadUnits) else { continue }
            leadsServed += 1
            for (index, units) in followerUnits.enumerated() where admit(units) { followersServed[index] += 1 }
        }
        return (leadsServed / Double(arrivals), followersServed.map { $0 / leadsServed })
    }

    @Test(arguments: [(5.0, 3.8, 2), (5.0, 20.0, 2), (2.0, 10.0, 0), (5.0, 8.0, 4)])
    func overloadedBucketMatchesTheAdmissionRule(capacity: Double, leads: Double, followers: Int) {
        let bucket = OverloadedBucket(
            capacity: capacity,
            arrivals: [.init(perSecond: leads, leadUnits: 1, followerUnits: [Double](repeating: 1, count: followers))]
        )
        #expect(bucket.isOverloaded)
        let reference = simulateBucket(
            capacity: capacity,
            leadsPerSecond: leads,
            leadUnits: 1,
            followerUnits: [Double](repeating: 1, count: followers),
            budget: 3,
            seed: 7
        )
        #expect(
            abs(bucket.leadServedShare - reference.lead) < 0.03,
            "lead \(bucket.leadServedShare) vs \(reference.lead)"
        )
        for index in 0..<followers {
            let share = bucket.followerServedShare(group: 0, index: index)
            #expect(
                abs(share - reference.followers[index]) < 0.04,
                "follower \(index): \(share) vs \(reference.followers)"
            )
        }
    }

    /// Without followers the served share is the fluid one, capacity ÷ demand.
    @Test func leadsAloneGetTheFluidShare() {
        let bucket = OverloadedBucket(capacity: 5, arrivals: [.init(perSecond: 2.8, leadUnits: 128)])
        #expect(abs(bucket.leadServedShare - 5 / (2.8 * 128)) < 1e-12)
        #expect(abs(bucket.servedWaitMs(budgetMs: 3000) - (3000 - (1 - exp(-2.8 * 3)) / 2.8 * 1000)) < 1, "grid error")
        let idle = OverloadedBucket(capacity: 5, arrivals: [.init(perSecond: 1, leadUnits: 5)])
        #expect(!idle.isOverloaded)
        #expect(idle.leadServedShare == 1 && idle.servedWaitMs(budgetMs: 3000) == 0)
    }

    /// A function invoked rarely finds no warm environment: with one broadcast an hour, the
    /// send handler is cold with chance e^(−600/3600) and each cold start bills the mean of the
    /// cold-start CDF (256 ms) at 128 MB on top of its warm run.
    @Test func rareInvocationsPayForTheirInitPhase() throws {
        var s = Scenario()
        s.users = 10
        s.broadcasts.perMinute = 1.0 / 60
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let b = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn)
        let send = try #require(b.usage.lambda.first { $0.function == "send_message" })
        let cdf = LambdaLatencyModel.builtIn.coldStartCDF
        var meanInitMs = cdf[0][0] * cdf[0][1]
        for i in 1..<cdf.count { meanInitMs += (cdf[i][1] - cdf[i - 1][1]) * (cdf[i][0] + cdf[i - 1][0]) / 2 }
        #expect(abs(meanInitMs - 255.75) < 1e-9)
        let broadcasts = 730.0
        let coldShare = exp(-600.0 / 3600)
        let initGBSeconds = broadcasts * coldShare * 1769.0 / 1024 * meanInitMs / 1000
        // The same month with instant cold starts differs by exactly that.
        var instant = LambdaLatencyModel.builtIn
        instant.coldStartCDF = [[0, 0], [0, 1]]
        let warm = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn, latency: instant)
        let warmSend = try #require(warm.usage.lambda.first { $0.function == "send_message" })
        let added = send.gbSeconds - warmSend.gbSeconds
        #expect(abs(added - initGBSeconds) < 1e-6, "added \(added), expected \(initGBSeconds)")
        #expect(try #require(b.metrics.first { $0.name == "lambda_cold_starts_per_month" }).value > 600)
    }
}
