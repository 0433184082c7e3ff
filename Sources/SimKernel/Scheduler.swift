/// The simulation clock and its pending events: the whole discrete-event kernel.
///
/// A model pulls events with ``next(until:)`` and schedules new ones while handling each. Events
/// due now (zero delay, e.g. a broadcast's fan-out) bypass the heap through a FIFO ring, so a
/// burst of same-instant work costs O(1) per event. Ordering is (time, insertion order) for all
/// events, ring or heap: events scheduled earlier for the current instant come first.
public struct Scheduler<Event> {
    /// The current simulated time: the time of the event last returned by ``next(until:)``.
    @inlinable public var now: SimTime { clock }
    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var heap = EventQueue<Event>()
    @usableFromInline var ring: [Event] = []
    @usableFromInline var ringHead = 0
    /// Events handed out so far.
    @inlinable public var processed: UInt64 { handedOut }
    @usableFromInline var handedOut: UInt64 = 0

    public init() {}

    /// Pending events.
    public var pending: Int { heap.count + ring.count - ringHead }

    /// Schedules `event` at `time`, which must not be in the past.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime) {
        precondition(time >= now, "cannot schedule in the past (\(time) < \(now))")
        if time == now {
            ring.append(event)
        } else {
            heap.push(event, at: time)
        }
    }

    /// Schedules `event` after `delay` (≥ 0).
    @inlinable public mutating func schedule(_ event: Event, after delay: SimDuration) {
        precondition(delay.nanoseconds >= 0, "negative delay \(delay)")
        schedule(event, at: now + delay)
    }

    /// The next event at or before `limit`, advancing ``now`` to its time; `nil` when none is left
    /// before `limit` (then ``now`` becomes `limit`).
    @inlinable public mutating func next(until limit: SimTime) -> Event? {
        // Heap events for the current instant were scheduled before any ring event (see type docs).
        let heapTime = heap.minTime
        if ringHead < ring.count, heapTime != clock {
            let event = ring[ringHead]
            ringHead += 1
            if ringHead == ring.count {
                ring.removeAll(keepingCapacity: true)
                ringHead = 0
            }
            handedOut &+= 1
            return event
        }
        guard let time = heapTime, time <= limit, let entry = heap.popMin() else {
            if limit > clock { clock = limit }
            return nil
        }
        clock = time
        handedOut &+= 1
        return entry.event
    }
}
