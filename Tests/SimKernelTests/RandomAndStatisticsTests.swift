import Foundation
import SimKernel
import Testing

struct RandomStreamTests {
    @Test func sameSeedSameStreamIsIdentical() {
        var a = RandomStreams(seed: 9).stream("arrivals")
        var b = RandomStreams(seed: 9).stream("arrivals")
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func streamsAreDistinctBySeedAndName() {
        var a = RandomStreams(seed: 9).stream("arrivals")
        var b = RandomStreams(seed: 9).stream("sessions")
        var c = RandomStreams(seed: 10).stream("arrivals")
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs != (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
    }

    @Test func unitDrawsAreInRange() {
        var rng = Xoshiro256(seed: 1)
        var stats = RunningStatistics()
        for _ in 0..<100_000 {
            let u = rng.nextUnit()
            #expect(u >= 0 && u < 1)
            let v = rng.nextOpenUnit()
            #expect(v > 0 && v <= 1)
            stats.add(u)
        }
        #expect(abs(stats.mean - 0.5) < 0.005)
    }
}

struct DistributionTests {
    @Test func exponentialMeanIsOneOverRate() {
        var rng = Xoshiro256(seed: 3)
        var stats = RunningStatistics()
        for _ in 0..<200_000 { stats.add(exponential(rate: 4, using: &rng)) }
        #expect(abs(stats.mean - 0.25) < 3 * stats.standardDeviation / 447)
    }

    @Test func logNormalHasTheRequestedMoments() {
        let d = LogNormal(mean: 10, standardDeviation: 5)
        var rng = Xoshiro256(seed: 4)
        var stats = RunningStatistics()
        for _ in 0..<400_000 { stats.add(d.sample(using: &rng)) }
        #expect(abs(stats.mean - 10) < 0.05)
        #expect(abs(stats.standardDeviation - 5) < 0.1)
    }

    @Test func zipfAliasFrequenciesMatchWeights() {
        let table = AliasTable.zipf(count: 20, exponent: 1.1)
        var rng = Xoshiro256(seed: 5)
        var counts = [Int](repeating: 0, count: 20)
        let n = 400_000
        for _ in 0..<n { counts[table.sample(using: &rng)] += 1 }
        let weights = (1...20).map { 1 / pow(Double($0), 1.1) }
        let total = weights.reduce(0, +)
        for i in 0..<20 {
            let p = weights[i] / total
            let expected = p * Double(n)
            let sd = (Double(n) * p * (1 - p)).squareRoot()
            #expect(abs(Double(counts[i]) - expected) < 5 * sd, "rank \(i + 1)")
        }
    }

    @Test func empiricalSamplesFollowTheCDF() throws {
        let d = try #require(EmpiricalDistribution(points: [(0, 0), (10, 0.5), (20, 1)]))
        #expect(d.mean == 10)
        var rng = Xoshiro256(seed: 6)
        var stats = RunningStatistics()
        for _ in 0..<100_000 { stats.add(d.sample(using: &rng)) }
        #expect(abs(stats.mean - 10) < 0.1)
        #expect(EmpiricalDistribution(points: [(0, 0), (10, 0.4)]) == nil)
        #expect(EmpiricalDistribution(points: [(5, 0), (1, 1)]) == nil)
    }
}

struct StatisticsTests {
    @Test func welfordMatchesTwoPassFormulas() {
        let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        var stats = RunningStatistics()
        values.forEach { stats.add($0) }
        #expect(stats.mean == 5)
        #expect(abs(stats.variance - 32.0 / 7) < 1e-12)
        #expect(stats.minimum == 2 && stats.maximum == 9)
    }

    @Test func percentilesAreNearestRank() {
        var p = Percentiles()
        for v in [15.0, 20, 35, 40, 50] { p.add(v) }
        #expect(p.percentile(5) == 15)
        #expect(p.percentile(30) == 20)
        #expect(p.percentile(40) == 20)
        #expect(p.percentile(50) == 35)
        #expect(p.percentile(100) == 50)
    }

    @Test func confidenceIntervalUsesStudentT() {
        #expect(studentT975(degreesOfFreedom: 1) == 12.706)
        #expect(studentT975(degreesOfFreedom: 9) == 2.262)
        #expect(studentT975(degreesOfFreedom: 1000) == 1.96)
    }
}
