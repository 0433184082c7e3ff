/// A min-priority queue of events ordered by (time, insertion sequence): ties are first-in,
/// first-out, so a run is a pure function of its inputs.
///
/// A 4-ary heap kept as two parallel arrays: the 128-bit keys (time, then sequence, compared in
/// one unsigned comparison) and the events. Sifting reads only keys, so the four children of a
/// node are 64 contiguous bytes, and they are one cache line: the key column starts on a line
/// (``StateColumn`` aligns its buffers) and holds ``keyPadding`` unused keys before the root, so
/// node `i`'s children, `4i + 1 ... 4i + 4`, sit at bytes `64(i + 1) ..< 64(i + 2)` (LaMarca and
/// Ladner's aligned d-heap). No allocation per event once the arrays have grown.
///
/// ``popMin()`` hands out the root but leaves its slot *vacant* until the next operation: a
/// ``push(_:at:)`` then fills the vacancy by sifting the new event down from the root, so the
/// common step of a simulation (take the earliest event, schedule one follow-up) costs one
/// sift-down instead of a removal plus an insertion. Any other operation first settles the
/// vacancy by moving the last event into it.
///
/// The arrays are ``StateColumn``s: no copy-on-write check on each write, so, like them, a queue
/// is meant to have one owner (copies share the arrays, not the count beside them).
///
/// - Complexity: `push` and `popMin` are O(log n); `minKey` is O(1) after the first call that
///   follows a `popMin`.
public struct EventQueue<Event: BitwiseCopyable> {
    /// ``keyPadding`` unused keys, then the heap's keys (the root's first).
    @usableFromInline var keys = StateColumn<UInt128>(repeating: .max, count: keyPadding)
    @usableFromInline var events = StateColumn<Event>()
    @usableFromInline var nextSequence: UInt64 = 0
    /// The root was handed out by `popMin` and is not yet replaced.
    @usableFromInline var rootVacant = false

    /// Keys before the root in ``keys``: three 16-byte keys put each node's four children on one
    /// 64-byte line.
    @inlinable static var keyPadding: Int { 3 }

    public init() {}

    /// Reserves room for `capacity` pending events.
    public mutating func reserveCapacity(_ capacity: Int) {
        keys.reserveCapacity(Self.keyPadding + capacity)
        events.reserveCapacity(capacity)
    }

    /// Events in the heap, a vacant root included.
    @inlinable var heapCount: Int { keys.count - Self.keyPadding }

    /// Pending events.
    @inlinable public var count: Int { heapCount - (rootVacant ? 1 : 0) }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The heap key of `time` and `sequence`: times ordered as signed integers, then sequences.
    @inlinable static func key(time: Int64, sequence: UInt64) -> UInt128 {
        UInt128(UInt64(bitPattern: time) ^ (1 << 63)) << 64 | UInt128(sequence)
    }

    @inlinable static func time(of key: UInt128) -> Int64 {
        Int64(bitPattern: UInt64(truncatingIfNeeded: key >> 64) ^ (1 << 63))
    }

    /// Time of the earliest pending event.
    @inlinable public var minTime: SimTime? {
        mutating get { minKey.map { SimTime(nanoseconds: $0.time) } }
    }

    /// Adds `event` at `time`.
    @inlinable public mutating func push(_ event: Event, at time: SimTime) {
        push(event, at: time, sequence: nextSequence)
        nextSequence &+= 1
    }

    /// Adds `event` at `time` with a caller-chosen tie-break sequence (for a scheduler that orders
    /// several queues by one counter).
    @inlinable public mutating func push(_ event: Event, at time: SimTime, sequence: UInt64) {
        let key = Self.key(time: time.nanoseconds, sequence: sequence)
        if rootVacant {
            rootVacant = false
            sinkFromRoot(key, event)
            return
        }
        keys.append(key)
        events.append(event)
        siftUp(key, event)
    }

    /// (time, sequence) of the earliest pending event.
    @inlinable public var minKey: (time: Int64, sequence: UInt64)? {
        mutating get {
            settle()
            guard heapCount > 0 else { return nil }
            let key = keys[Self.keyPadding]
            return (Self.time(of: key), UInt64(truncatingIfNeeded: key))
        }
    }

    /// The packed key of the earliest pending event, after settling a vacant root.
    @inlinable mutating func settledMinimum() -> UInt128? {
        if rootVacant { settle() }
        return heapCount == 0 ? nil : keys[Self.keyPadding]
    }

    /// Hands out the root, known to exist and settled, leaving its slot vacant.
    @inlinable mutating func vacateRoot() -> Event {
        rootVacant = true
        return events[0]
    }

    /// Removes and returns the earliest event (the first inserted among equal times).
    @inlinable public mutating func popMin() -> (time: SimTime, event: Event)? {
        settle()
        guard heapCount > 0 else { return nil }
        let key = keys[Self.keyPadding]
        rootVacant = true
        return (SimTime(nanoseconds: Self.time(of: key)), events[0])
    }

    /// Fills a vacant root with the last event.
    @inlinable @inline(never) mutating func settle() {
        guard rootVacant else { return }
        rootVacant = false
        let key = keys.removeLast()
        let event = events.removeLast()
        if heapCount > 0 { sinkFromRoot(key, event) }
    }

    @inlinable mutating func siftUp(_ key: UInt128, _ event: Event) {
        heapKeys { keys in
            events.withUnsafeMutableBufferPointer { events in
                var child = keys.count - 1
                while child > 0 {
                    let parent = (child - 1) >> 2
                    guard key < keys[parent] else { break }
                    keys[child] = keys[parent]
                    events[child] = events[parent]
                    child = parent
                }
                keys[child] = key
                events[child] = event
            }
        }
    }

    /// Places (`key`, `event`) at the root, which is vacant, and sifts it down below every
    /// smaller child.
    @inlinable mutating func sinkFromRoot(_ key: UInt128, _ event: Event) {
        heapKeys { keys in
            events.withUnsafeMutableBufferPointer { events in
                let count = keys.count
                var hole = 0
                while true {
                    let first = 4 * hole + 1
                    guard first < count else { break }
                    var best = first
                    var bestKey = keys[first]
                    if first + 3 < count {
                        // A tournament: two independent pairs, then their winners, so the
                        // selection is two comparisons deep instead of three.
                        let k1 = keys[first + 1]
                        let k2 = keys[first + 2]
                        let k3 = keys[first + 3]
                        let low = k1 < bestKey ? (first + 1, k1) : (first, bestKey)
                        let high = k3 < k2 ? (first + 3, k3) : (first + 2, k2)
                        (best, bestKey) = high.1 < low.1 ? high : low
                    } else {
                        var child = first + 1
                        while child < count {
                            if keys[child] < bestKey { (best, bestKey) = (child, keys[child]) }
                            child += 1
                        }
                    }
                    guard bestKey < key else { break }
                    keys[hole] = bestKey
                    events[hole] = events[best]
                    hole = best
                }
                keys[hole] = key
                events[hole] = event
            }
        }
    }

    /// Calls `body` with the heap's keys (the padding left out), index 0 the root's.
    @inlinable func heapKeys<Result>(_ body: (UnsafeMutableBufferPointer<UInt128>) -> Result) -> Result {
        keys.withUnsafeMutableBufferPointer { all in
            body(UnsafeMutableBufferPointer(rebasing: all[Self.keyPadding...]))
        }
    }

    /// Checks the heap property and the layout (each node's children on one 64-byte line); for
    /// tests.
    public mutating func checkInvariants() -> Bool {
        settle()
        guard heapCount == events.count else { return false }
        return heapKeys { keys in
            for index in keys.indices.dropFirst() where keys[index] < keys[(index - 1) >> 2] {
                return false
            }
            guard let root = keys.baseAddress else { return true }
            return UInt(bitPattern: root + 1) % 64 == 0
        }
    }
}
