/// A min-priority queue of events ordered by (time, insertion sequence): ties are first-in,
/// first-out, so a run is a pure function of its inputs.
///
/// A 4-ary heap over one contiguous array of small value entries; no allocation per event once
/// the array has grown.
///
/// - Complexity: `push` and `popMin` are O(log n); `minTime` is O(1).
public struct EventQueue<Event> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var event: Event

        @inlinable init(time: Int64, sequence: UInt64, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }

        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    public init() {}

    /// Reserves room for `capacity` pending events.
    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    /// Pending events.
    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// Time of the earliest pending event.
    @inlinable public var minTime: SimTime? { entries.first.map { SimTime(nanoseconds: $0.time) } }

    /// Adds `event` at `time`.
    @inlinable public mutating func push(_ event: Event, at time: SimTime) {
        push(event, at: time, sequence: nextSequence)
        nextSequence &+= 1
    }

    /// Adds `event` at `time` with a caller-chosen tie-break sequence (for a scheduler that orders
    /// several queues by one counter).
    @inlinable public mutating func push(_ event: Event, at time: SimTime, sequence: UInt64) {
        entries.append(Entry(time: time.nanoseconds, sequence: sequence, event: event))
        siftUp(entries.count - 1)
    }

    /// (time, sequence) of the earliest pending event.
    @inlinable public var minKey: (time: Int64, sequence: UInt64)? {
        entries.first.map { ($0.time, $0.sequence) }
    }

    /// Removes and returns the earliest event (the first inserted among equal times).
    @inlinable public mutating func popMin() -> (time: SimTime, event: Event)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (SimTime(nanoseconds: last.time), last.event) }
        let top = entries[0]
        sinkHoleAndPlace(last)
        return (SimTime(nanoseconds: top.time), top.event)
    }

    @inlinable mutating func siftUp(_ start: Int) {
        entries.withUnsafeMutableBufferPointer { heap in
            var child = start
            let entry = heap[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// Removes the root by walking its hole down the smallest children to a leaf, then places
    /// `entry` (the former last element) there and sifts it up (Floyd's bottom-up deletion, on a
    /// 4-ary heap: fewer levels, and the four children share a cache line).
    @inlinable mutating func sinkHoleAndPlace(_ entry: Entry) {
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var hole = 0
            while true {
                let first = 4 * hole + 1
                guard first < count else { break }
                var best = first
                let end = min(first + 4, count)
                var child = first + 1
                while child < end {
                    if heap[child].precedes(heap[best]) { best = child }
                    child += 1
                }
                heap[hole] = heap[best]
                hole = best
            }
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = entry
        }
    }

    /// Checks the heap property; for tests.
    public func checkInvariants() -> Bool {
        for index in entries.indices.dropFirst() where entries[index].precedes(entries[(index - 1) >> 2]) {
            return false
        }
        return true
    }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
