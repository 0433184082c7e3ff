import SimKernel
import Testing

/// The kernel against closed-form queueing results.
struct QueueingTheoryTests {
    /// M/M/1 with ρ = 0.5: Wq = ρ / (μ − λ) = 1. The theory must lie inside the 95 % CI of
    /// 20 replications (a 1-in-20 false alarm is avoided by fixed seeds, not by a wide bound).
    @Test func mm1MeanWaitMatchesTheory() {
        let model = MM1Queue(arrivalRate: 0.5, serviceRate: 1)
        var waits = RunningStatistics()
        for replication in 0..<20 {
            waits.add(model.run(customers: 50_000, seed: UInt64(replication + 1)).meanWait)
        }
        #expect(abs(waits.mean - model.theoreticalMeanWait) < waits.confidenceHalfWidth95 * 1.5)
        #expect(abs(waits.mean - 1) < 0.05)
    }

    @Test func mm1RunsAreReproducible() {
        let model = MM1Queue(arrivalRate: 0.9, serviceRate: 1)
        let a = model.run(customers: 10_000, seed: 77)
        let b = model.run(customers: 10_000, seed: 77)
        let c = model.run(customers: 10_000, seed: 78)
        #expect(a.meanWait == b.meanWait)
        #expect(a.events == b.events)
        #expect(a.meanWait != c.meanWait)
    }

    /// Little's law on an infinite-server queue (connections): time-average number present equals
    /// arrival rate × mean holding time.
    @Test func littlesLawOnConnections() {
        let rate = 5.0
        let meanHolding = 120.0
        var rng = RandomStreams(seed: 11).stream("arrivals")
        var holding = RandomStreams(seed: 11).stream("holding")
        enum Event { case arrive, leave }
        var scheduler = Scheduler<Event>()
        let end = SimTime.seconds(200_000)
        let warmUp = SimTime.seconds(2_000)
        var present = 0
        var area = 0.0
        var last = SimTime.zero
        scheduler.schedule(.arrive, after: .seconds(exponential(rate: rate, using: &rng)))
        while let event = scheduler.next(until: end) {
            if scheduler.now > warmUp { area += Double(present) * (scheduler.now - max(last, warmUp)).seconds }
            last = scheduler.now
            switch event {
            case .arrive:
                present += 1
                scheduler.schedule(.leave, after: .seconds(exponential(rate: 1 / meanHolding, using: &holding)))
                scheduler.schedule(.arrive, after: .seconds(exponential(rate: rate, using: &rng)))
            case .leave:
                present -= 1
            }
        }
        area += Double(present) * (end - last).seconds
        let timeAverage = area / (end - warmUp).seconds
        #expect(abs(timeAverage - rate * meanHolding) / (rate * meanHolding) < 0.02)
    }

    @Test func holdModelIsDeterministic() {
        #expect(
            HoldModel.run(pending: 1000, steps: 10_000, seed: 1) == HoldModel.run(pending: 1000, steps: 10_000, seed: 1)
        )
    }
}
