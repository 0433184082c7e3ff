/// The simulation clock and its pending events: the whole discrete-event kernel.
///
/// A model pulls events with ``next(until:)`` and schedules new ones while handling each.
/// Every event gets a sequence number when scheduled (or reserved); events run in (time,
/// sequence) order, so ties are first-in, first-out and runs are deterministic. These stores share
/// that order:
///
/// - a heap for arbitrary future times;
/// - a FIFO ring for events due now (zero delay, e.g. a broadcast's fan-out), O(1) each;
/// - FIFO *lanes* for events whose times arrive in order (a fixed delay, e.g. API Gateway's 2 h
///   connection cut): O(1) each, and they keep the heap small;
/// - optionally a second heap for events further ahead than a threshold, so that many long-lived
///   events (sessions that end hours later) do not deepen the heap that the many short delays
///   (retries seconds later) go through.
///
/// A model that produces a batch of events in time order can also hand them out itself, with
/// ``reserveSequence()`` and ``claim(at:sequence:until:)``, in the same order, when nothing else
/// is due before each one.
///
/// Events are plain values (`BitwiseCopyable`): the stores keep them in ``StateColumn``s, which
/// skip `Array`'s copy-on-write check on every write, so a scheduler has one owner and is not
/// copied while it runs (a copy would share its buffers).
public struct Scheduler<Event: BitwiseCopyable> {
    @usableFromInline
    struct Lane {
        /// Events with their (time, sequence) keys, packed as in ``EventQueue``.
        @usableFromInline var queue = FIFOQueue<(key: UInt128, event: Event)>()
        /// Key of the first pending event, `UInt128.max` when there is none (so it never wins).
        @usableFromInline var headKey = UInt128.max
        /// Key of the event appended last (0 before the first).
        @usableFromInline var tailKey: UInt128 = 0

        @inlinable init() {}

        @inlinable var count: Int { queue.count }

        @inlinable @inline(__always) mutating func append(_ event: Event, key: UInt128) {
            if queue.isEmpty { headKey = key }
            tailKey = key
            queue.append((key, event))
        }

        /// The first event; the lane must not be empty.
        @inlinable @inline(__always) mutating func popFirst() -> Event {
            let event = queue.popFirst()!.event
            headKey = queue.first?.key ?? .max
            return event
        }
    }

    /// The current simulated time: the time of the event last handed out by ``next(until:)`` or
    /// ``claim(at:sequence:until:)``.
    @inlinable public var now: SimTime { clock }
    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var heap = EventQueue<Event>()
    /// Events more than ``farThreshold`` ahead when scheduled.
    @usableFromInline var farHeap = EventQueue<Event>()
    @usableFromInline let farThresholdNanoseconds: Int64
    @usableFromInline var ring = Lane()
    /// The lanes, in ``LaneBuffer``; `laneBase` is its buffer, read here without a class access.
    @usableFromInline var laneBuffer: LaneBuffer<Lane>
    @usableFromInline var laneBase: UnsafeMutablePointer<Lane>
    @usableFromInline var laneCount = 0
    @usableFromInline var nextSequence: UInt64 = 0
    /// Events handed out so far.
    @inlinable public var processed: UInt64 { handedOut }
    @usableFromInline var handedOut: UInt64 = 0
    /// The earliest pending key when ``claim(at:sequence:until:)`` last looked, and the
    /// ``nextSequence`` and ``handedOut`` it looked at: it still is the earliest while both are
    /// unchanged (nothing scheduled, nothing handed out), so the other operations pay nothing for it.
    @usableFromInline var pendingFloor = UInt128.max
    @usableFromInline var floorSequence = UInt64.max
    @usableFromInline var floorHandedOut = UInt64.max

    /// A scheduler with one heap for future events.
    public init() {
        farThresholdNanoseconds = .max
        laneBuffer = LaneBuffer([])
        laneBase = laneBuffer.base
    }

    /// A scheduler that keeps events scheduled more than `farThreshold` ahead in a heap of their
    /// own. The order of events is the same either way; only the cost of the heaps changes.
    public init(farThreshold: SimDuration) {
        precondition(farThreshold.nanoseconds >= 0, "negative threshold \(farThreshold)")
        farThresholdNanoseconds = farThreshold.nanoseconds
        laneBuffer = LaneBuffer([])
        laneBase = laneBuffer.base
    }

    /// The delay beyond which events go to the second heap (`nil`: one heap).
    public var farThreshold: SimDuration? {
        farThresholdNanoseconds == .max ? nil : SimDuration(nanoseconds: farThresholdNanoseconds)
    }

    /// Pending events.
    public var pending: Int {
        heap.count + farHeap.count + ring.count + (0..<laneCount).reduce(0) { $0 + laneBase[$1].count }
    }

    /// Schedules `event` at `time`, which must not be in the past.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime) {
        precondition(time >= clock, "cannot schedule in the past (\(time) < \(clock))")
        let sequence = nextSequence
        nextSequence &+= 1
        if time == clock {
            ring.append(event, key: EventQueue<Event>.key(time: time.nanoseconds, sequence: sequence))
        } else if time.nanoseconds - clock.nanoseconds > farThresholdNanoseconds {
            farHeap.push(event, at: time, sequence: sequence)
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
        appendToLane(event, key: EventQueue<Event>.key(time: time.nanoseconds, sequence: nextSequence), lane: lane)
        nextSequence &+= 1
    }

    /// Appends `event` with `key` to FIFO lane `lane` (≥ 0), adding lanes up to it; keys must
    /// increase within a lane.
    @inlinable @inline(__always) mutating func appendToLane(_ event: Event, key: UInt128, lane: Int) {
        if laneCount <= lane { addLanes(through: lane) }
        precondition(key > laneBase[lane].tailKey, "lane \(lane) times must not decrease")
        laneBase[lane].append(event, key: key)
    }

    /// Adds empty lanes up to `lane`.
    @inlinable @inline(never) mutating func addLanes(through lane: Int) {
        var all = (0..<laneCount).map { laneBase[$0] }
        while all.count <= lane { all.append(Lane()) }
        laneBuffer = LaneBuffer(all)
        laneBase = laneBuffer.base
        laneCount = all.count
    }

    /// The next event at or before `limit`, advancing ``now`` to its time; `nil` when none is left
    /// before `limit` (then ``now`` becomes `limit`).
    @inlinable public mutating func next(until limit: SimTime) -> Event? {
        let (best, source) = earliestPending()
        let bestTime = EventQueue<Event>.time(of: best)
        guard source != -4, bestTime <= limit.nanoseconds else {
            if limit > clock { clock = limit }
            return nil
        }
        clock = SimTime(nanoseconds: bestTime)
        handedOut &+= 1
        switch source {
        case -3: return farHeap.vacateRoot()
        case -2: return heap.vacateRoot()
        case -1: return ring.popFirst()
        default: return laneBase[source].popFirst()
        }
    }

    /// The earliest (time, sequence) key among the heaps, the ring and the lanes, and where it is:
    /// -4 none, -3 far heap, -2 heap, -1 ring, a lane's index otherwise.
    @inlinable @inline(__always) mutating func earliestPending() -> (key: UInt128, source: Int) {
        var best = UInt128.max
        var source = -4
        if let key = heap.settledMinimum() {
            best = key
            source = -2
        }
        if farThresholdNanoseconds != .max, let key = farHeap.settledMinimum(), key < best {
            best = key
            source = -3
        }
        if ring.headKey < best {
            best = ring.headKey
            source = -1
        }
        for index in 0..<laneCount {
            let key = laneBase[index].headKey
            if key < best {
                best = key
                source = index
            }
        }
        return (best, source)
    }

    // MARK: - Events the model runs itself

    /// Takes the next sequence number for an event that the model will either run itself
    /// (``claim(at:sequence:until:)``) or schedule later with it
    /// (``schedule(_:at:lane:sequence:)``): either way it keeps the place in the order that
    /// scheduling it now would have given it. The scheduler does not see a reserved event until
    /// it is scheduled, so a model claims or schedules its reserved events, in order, before it
    /// reserves others.
    @inlinable public mutating func reserveSequence() -> UInt64 {
        let sequence = nextSequence
        nextSequence &+= 1
        return sequence
    }

    /// Hands out, without queueing it, the event at `time` with the reserved `sequence`, when it
    /// would be the next one: no pending event comes before it and `time` is at most `limit`.
    /// Then ``now`` becomes `time`, the event counts as handed out, and the caller handles it as
    /// if ``next(until:)`` had returned it; otherwise nothing changes.
    ///
    /// A model that knows a batch of events in time order (a cohort's admitted retries) saves
    /// each one's trip through a lane while nothing else comes between them.
    @inlinable @inline(__always)
    public mutating func claim(at time: SimTime, sequence: UInt64, until limit: SimTime) -> Bool {
        precondition(time >= clock, "cannot claim an event in the past (\(time) < \(clock))")
        precondition(sequence < nextSequence, "claim a reserved sequence")
        guard time <= limit else { return false }
        let key = EventQueue<Event>.key(time: time.nanoseconds, sequence: sequence)
        if floorSequence != nextSequence || floorHandedOut != handedOut { refreshPendingFloor() }
        assert(pendingFloor == earliestPending().key, "the floor is not the earliest pending key")
        guard key < pendingFloor else { return false }
        clock = time
        handedOut &+= 1
        floorHandedOut = handedOut  // the claimed event was never pending: the floor still holds
        return true
    }

    /// Brings ``claim(at:sequence:until:)``'s cached earliest pending key up to date: out of line,
    /// so that a claim the cache answers stays a few instructions.
    @inlinable @inline(never)
    mutating func refreshPendingFloor() {
        pendingFloor = earliestPending().key
        floorSequence = nextSequence
        floorHandedOut = handedOut
    }

    /// Schedules `event` at `time` in FIFO lane `lane` with a sequence taken earlier by
    /// ``reserveSequence()``; within the lane, keys must still increase.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime, lane: Int, sequence: UInt64) {
        precondition(time >= clock, "cannot schedule in the past (\(time) < \(clock))")
        precondition(lane >= 0 && sequence < nextSequence)
        appendToLane(event, key: EventQueue<Event>.key(time: time.nanoseconds, sequence: sequence), lane: lane)
        floorSequence = .max  // it takes no new sequence, so the floor would not see it otherwise
    }
}
