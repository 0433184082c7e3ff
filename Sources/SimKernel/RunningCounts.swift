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
public struct RunningCounts {
    /// `functions` rings of `capacity` slots each, one after another. Ring `f` holds `running[f]`
    /// end times (ms) from slot `heads[f]`, ascending.
    @usableFromInline var slots: StateColumn<Int64>
    @usableFromInline var capacity = 32
    @usableFromInline var heads: StateColumn<Int>
    /// Each ring's front (its earliest end time), `Int64.max` when it is empty.
    @usableFromInline var fronts: StateColumn<Int64>
    /// The earliest end time of all rings' fronts (`Int64.max` when nothing runs).
    @usableFromInline var earliestEndMs = Int64.max
    @usableFromInline let functions: Int
    /// Items running, all classes.
    @inlinable public var total: Int { runningTotal }
    @usableFromInline var runningTotal = 0
    /// Items running, per class.
    @usableFromInline var running: StateColumn<Int>

    /// Counts for classes `0..<classes`, nothing running.
    public init(classes functions: Int) {
        precondition(functions > 0)
        self.functions = functions
        running = StateColumn(repeating: 0, count: functions)
        heads = StateColumn(repeating: 0, count: functions)
        fronts = StateColumn(repeating: .max, count: functions)
        slots = StateColumn(repeating: 0, count: functions * capacity)
    }

    /// Items of class `function` running.
    @inlinable public func running(_ function: Int) -> Int { running[function] }

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
        for function in 0..<functions {
            var front = fronts[function]
            if front <= nowMs {
                let base = function &* capacity
                var head = heads[function]
                var left = running[function]
                repeat {
                    head = (head &+ 1) & mask
                    left &-= 1
                    runningTotal &-= 1
                    front = left > 0 ? slots[base &+ head] : .max
                } while front <= nowMs
                heads[function] = head
                running[function] = left
                fronts[function] = front
            }
            earliest = min(earliest, front)
        }
        earliestEndMs = earliest
    }

    /// Starts an item of class `function` that ends at `endMs` (after the current time).
    @inlinable @inline(__always)
    public mutating func start(_ function: Int, endingAt endMs: Int64) {
        let count = running[function]
        if count == capacity { grow() }
        let mask = capacity &- 1
        let base = function &* capacity
        let head = heads[function]
        // Insertion from the back: shift the later endings up by one.
        var position = count
        while position > 0 {
            let before = slots[base &+ ((head &+ position &- 1) & mask)]
            guard endMs < before else { break }
            slots[base &+ ((head &+ position) & mask)] = before
            position &-= 1
        }
        slots[base &+ ((head &+ position) & mask)] = endMs
        if position == 0 { fronts[function] = endMs }
        running[function] = count &+ 1
        runningTotal &+= 1
        if endMs < earliestEndMs { earliestEndMs = endMs }
    }

    /// Doubles every ring, unrolling each to start at its first slot.
    @inline(never)
    @usableFromInline mutating func grow() {
        let larger = StateColumn<Int64>(repeating: 0, count: functions * capacity * 2)
        for function in 0..<functions {
            for i in 0..<running[function] {
                larger[function * capacity * 2 + i] = slots[function * capacity + (heads[function] + i) % capacity]
            }
            heads[function] = 0
        }
        slots = larger
        capacity *= 2
    }
}
