/// The classic hold model for event-queue benchmarks: keep `pending` events in the queue; each
/// step pops the earliest and schedules one more at an exponential delay.
public enum HoldModel {
    /// Runs `steps` hold operations with `pending` events in the queue; returns a checksum of
    /// event times so the work cannot be optimised away.
    public static func run(pending: Int, steps: Int, seed: UInt64) -> Int64 {
        var rng = RandomStreams(seed: seed).stream("hold")
        var scheduler = Scheduler<UInt32>()
        for i in 0..<pending {
            scheduler.schedule(UInt32(truncatingIfNeeded: i), after: .seconds(exponential(rate: 1, using: &rng)))
        }
        var checksum: Int64 = 0
        let forever = SimTime(nanoseconds: .max)
        for _ in 0..<steps {
            guard let event = scheduler.next(until: forever) else { break }
            checksum &+= scheduler.now.nanoseconds &+ Int64(event)
            scheduler.schedule(event, after: holdDelay(using: &rng))
        }
        return checksum
    }

    /// A hold's delay: exponential with mean 1 s, at least 1 ns.
    @inline(__always)
    static func holdDelay(using rng: inout Xoshiro256) -> SimDuration {
        SimDuration(nanoseconds: Int64(exponential(rate: 1, using: &rng) * 1e9) + 1)
    }

    /// Draws `steps` exponential delays the way ``run(pending:steps:seed:)`` does, with no queue:
    /// the part of a hold that no event queue can save. Returns a checksum of the delays.
    public static func drawsOnly(steps: Int, seed: UInt64) -> Int64 {
        var rng = RandomStreams(seed: seed).stream("hold")
        var checksum: Int64 = 0
        for _ in 0..<steps {
            checksum &+= holdDelay(using: &rng).nanoseconds
        }
        return checksum
    }
}
