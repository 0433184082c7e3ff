/// Things in progress (Lambda executions, say), counted per class (the function), each ending at
/// a whole-millisecond time: how many of each class are running at the current time.
///
/// Each class keeps its end times in a sorted ring of its own. Items of one class start in time
/// order and mostly last as long as the one started just before (a simulator's memoised handler
/// outcomes), so a new end time belongs at the back of its ring: starting one moves no entry, or a
/// few, and retiring the earliest is taking a front. ``advance(to:)`` is one comparison with the
/// earliest front when nothing has ended since the last call. (One heap for all classes cost
/// O(log n) per start and per retirement, with a mispredicted branch per level; one sorted ring
/// for all moved entries past the shorter-lived classes' items.)
///
/// Like the ``StateColumn``s it keeps its rings in, it is meant to have one owner: copies would
/// share the rings but not the totals beside them, so a copy must not be changed. (Making it
/// `~Copyable` would say so in the type, but Swift 6.3.1 miscompiles the simulator run that holds
/// it: it crashes in the run's initialiser.)
public struct RunningCounts {
    /// `classes` rings of `capacity` slots each, one after another. Ring `c` holds `counts[c]`
    /// end times (ms) from slot `heads[c]`, ascending.
    @usableFromInline var slots: StateColumn<Int64>
    @usableFromInline var capacity = 32
    @usableFromInline var heads: StateColumn<Int>
    /// Each ring's front (its earliest end time), `Int64.max` when it is empty.
    @usableFromInline var fronts: StateColumn<Int64>
    /// The earliest end time of all rings' fronts (`Int64.max` when nothing runs).
    @usableFromInline var earliestEndMs = Int64.max
    @usableFromInline let classes: Int
    /// Items running, all classes.
    @inlinable public var total: Int { runningTotal }
    @usableFromInline var runningTotal = 0
    /// Items running, per class.
    @usableFromInline var counts: StateColumn<Int>

    /// Counts for classes `0..<classes`, nothing running.
    public init(classes: Int) {
        precondition(classes > 0)
        self.classes = classes
        counts = StateColumn(repeating: 0, count: classes)
        heads = StateColumn(repeating: 0, count: classes)
        fronts = StateColumn(repeating: .max, count: classes)
        slots = StateColumn(repeating: 0, count: classes * capacity)
    }

    /// Items of class `classIndex` running.
    @inlinable public func running(_ classIndex: Int) -> Int { counts[classIndex] }

    /// Retires every item that ended at or before `nowMs`.
    @inlinable @inline(__always)
    public mutating func advance(to nowMs: Int64) {
        guard earliestEndMs <= nowMs else { return }
        retire(upTo: nowMs)
    }

    /// Takes every ending at or before `nowMs` off the fronts that are due, and finds the new
    /// earliest front.
    @usableFromInline @inline(never)
    mutating func retire(upTo nowMs: Int64) {
        let mask = capacity &- 1
        var earliest = Int64.max
        for classIndex in 0..<classes {
            var front = fronts[classIndex]
            if front <= nowMs {
                let base = classIndex &* capacity
                var head = heads[classIndex]
                var left = counts[classIndex]
                repeat {
                    head = (head &+ 1) & mask
                    left &-= 1
                    runningTotal &-= 1
                    front = left > 0 ? slots[base &+ head] : .max
                } while front <= nowMs
                heads[classIndex] = head
                counts[classIndex] = left
                fronts[classIndex] = front
            }
            earliest = min(earliest, front)
        }
        earliestEndMs = earliest
    }

    /// Starts an item of class `classIndex` that ends at `endMs` (after the current time).
    @inlinable @inline(__always)
    public mutating func start(_ classIndex: Int, endingAt endMs: Int64) {
        let count = counts[classIndex]
        if count == capacity { grow() }
        let mask = capacity &- 1
        let base = classIndex &* capacity
        let head = heads[classIndex]
        // Insertion from the back: shift the later endings up by one.
        var position = count
        while position > 0 {
            let before = slots[base &+ ((head &+ position &- 1) & mask)]
            guard endMs < before else { break }
            slots[base &+ ((head &+ position) & mask)] = before
            position &-= 1
        }
        slots[base &+ ((head &+ position) & mask)] = endMs
        if position == 0 { fronts[classIndex] = endMs }
        counts[classIndex] = count &+ 1
        runningTotal &+= 1
        if endMs < earliestEndMs { earliestEndMs = endMs }
    }

    /// Doubles every ring, unrolling each to start at its first slot.
    @inline(never)
    @usableFromInline mutating func grow() {
        let larger = StateColumn<Int64>(repeating: 0, count: classes * capacity * 2)
        for classIndex in 0..<classes {
            for i in 0..<counts[classIndex] {
                larger[classIndex * capacity * 2 + i] =
                    slots[classIndex * capacity + (heads[classIndex] + i) % capacity]
            }
            heads[classIndex] = 0
        }
        slots = larger
        capacity *= 2
    }
}
