/// The simulation clock and its pending events: the whole discrete-event kernel.
///
/// A model pulls events with ``next(until:)`` and schedules new ones while handling each.
/// Every event gets a sequence number when scheduled; events run in (time, sequence) order, so
/// ties are first-in, first-out and runs are deterministic. Three stores share that order:
///
/// - a heap for arbitrary future times;
/// - a FIFO ring for events due now (zero delay, e.g. a broadcast's fan-out), O(1) each;
/// - FIFO *lanes* for events whose times arrive in order (a fixed delay, e.g. API Gateway's 2 h
///   connection cut): O(1) each, and they keep the heap small.
public struct Scheduler<Event> {
    @usableFromInline
    struct Lane {
        @usableFromInline var times: [Int64] = []
        @usableFromInline var sequences: [UInt64] = []
        @usableFromInline var events: [Event] = []
        @usableFromInline var head = 0

        @inlinable init() {}

        @inlinable var isEmpty: Bool { head == events.count }

        @inlinable mutating func append(_ event: Event, time: Int64, sequence: UInt64) {
            times.append(time)
            sequences.append(sequence)
            events.append(event)
        }

        @inlinable mutating func popFirst() -> Event {
            let event = events[head]
            head += 1
            if head == events.count {
                times.removeAll(keepingCapacity: true)
                sequences.removeAll(keepingCapacity: true)
                events.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 4096, head * 2 >= events.count {
                times.removeFirst(head)
                sequences.removeFirst(head)
                events.removeFirst(head)
                head = 0
            }
            return event
        }
    }

    /// The current simulated time: the time of the event last returned by ``next(until:)``.
    @inlinable public var now: SimTime { clock }
    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var heap = EventQueue<Event>()
    @usableFromInline var ring = Lane()
    @usableFromInline var lanes: [Lane] = []
    @usableFromInline var nextSequence: UInt64 = 0
    /// Events handed out so far.
    @inlinable public var processed: UInt64 { handedOut }
    @usableFromInline var handedOut: UInt64 = 0

    public init() {}

    /// Pending events.
    public var pending: Int {
        heap.count + (ring.events.count - ring.head) + lanes.reduce(0) { $0 + $1.events.count - $1.head }
    }

    /// Schedules `event` at `time`, which must not be in the past.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime) {
        precondition(time >= clock, "cannot schedule in the past (\(time) < \(clock))")
        let sequence = nextSequence
        nextSequence &+= 1
        if time == clock {
            ring.append(event, time: time.nanoseconds, sequence: sequence)
        } else {
            heap.push(event, at: time, sequence: sequence)
        }
    }

    /// Schedules `event` after `delay` (≥ 0).
    @inlinable public mutating func schedule(_ event: Event, after delay: SimDuration) {
        precondition(delay.nanoseconds >= 0, "negative delay \(delay)")
        schedule(event, at: clock + delay)
    }

    /// Schedules `event` at `time` in FIFO lane `lane` (0, 1, …). Within a lane, times must not
    /// decrease from one call to the next; a lane fed with one fixed delay always satisfies it.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime, lane: Int) {
        precondition(time >= clock, "cannot schedule in the past (\(time) < \(clock))")
        precondition(lane >= 0)
        while lanes.count <= lane { lanes.append(Lane()) }
        if let last = lanes[lane].times.last, !lanes[lane].isEmpty {
            precondition(time.nanoseconds >= last, "lane \(lane) times must not decrease")
        }
        let sequence = nextSequence
        nextSequence &+= 1
        lanes[lane].append(event, time: time.nanoseconds, sequence: sequence)
    }

    /// The next event at or before `limit`, advancing ``now`` to its time; `nil` when none is left
    /// before `limit` (then ``now`` becomes `limit`).
    @inlinable public mutating func next(until limit: SimTime) -> Event? {
        // The earliest (time, sequence) among the heap, the ring and the lanes.
        var bestTime = Int64.max
        var bestSequence = UInt64.max
        var source = -3  // -3 none, -2 heap, -1 ring, ≥ 0 lane
        if let key = heap.minKey {
            bestTime = key.time
            bestSequence = key.sequence
            source = -2
        }
        if !ring.isEmpty {
            let time = ring.times[ring.head]
            let sequence = ring.sequences[ring.head]
            if time < bestTime || (time == bestTime && sequence < bestSequence) {
                bestTime = time
                bestSequence = sequence
                source = -1
            }
        }
        for index in lanes.indices where !lanes[index].isEmpty {
            let time = lanes[index].times[lanes[index].head]
            let sequence = lanes[index].sequences[lanes[index].head]
            if time < bestTime || (time == bestTime && sequence < bestSequence) {
                bestTime = time
                bestSequence = sequence
                source = index
            }
        }
        guard source != -3, bestTime <= limit.nanoseconds else {
            if limit > clock { clock = limit }
            return nil
        }
        clock = SimTime(nanoseconds: bestTime)
        handedOut &+= 1
        switch source {
        case -2: return heap.popMin()?.event
        case -1: return ring.popFirst()
        default: return lanes[source].popFirst()
        }
    }
}
