import SimKernel

/// Lambda executions running at once, per function: each function's end times in a sorted ring
/// of its own.
///
/// Executions of one function start in time order and mostly last as long as the one started
/// just before (its handler outcome is memoised), so a new end time belongs at the back of its
/// function's ring: starting one moves no entry, or a few, and retiring the earliest is taking a
/// front. ``advance(to:)`` is one comparison with the earliest front when nothing has ended since
/// the last call. (One heap for all functions cost O(log running) per start and per retirement,
/// with a mispredicted branch per level; one sorted ring for all moved entries past the
/// shorter-lived functions' executions.)
struct RunningExecutions {
    /// `functions` rings of `capacity` slots each, one after another. Ring `f` holds `running[f]`
    /// end times (ms) from slot `heads[f]`, ascending. Indices are masked to the ring, so the
    /// slots are read unchecked.
    private var slots: StateColumn<Int64>
    private var capacity = 32
    private var heads: StateColumn<Int>
    /// Each ring's front (its earliest end time), `Int64.max` when it is empty.
    private var fronts: StateColumn<Int64>
    /// The earliest end time of all rings' fronts (`Int64.max` when nothing runs).
    private var earliestEndMs = Int64.max
    private let functions: Int
    /// Executions running, all functions.
    private(set) var total = 0
    /// Executions running, per function index.
    private(set) var running: StateColumn<Int>

    init(functions: Int) {
        precondition(functions > 0)
        self.functions = functions
        running = StateColumn(repeating: 0, count: functions)
        heads = StateColumn(repeating: 0, count: functions)
        fronts = StateColumn(repeating: .max, count: functions)
        slots = StateColumn(repeating: 0, count: functions * capacity)
    }

    /// Retires every execution that ended at or before `nowMs`.
    @inline(__always)
    mutating func advance(to nowMs: Int64) {
        guard earliestEndMs <= nowMs else { return }
        retire(upTo: nowMs)
    }

    /// Takes every ending at or before `nowMs` off the fronts that are due, and finds the new
    /// earliest front.
    @inline(never)
    private mutating func retire(upTo nowMs: Int64) {
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
                    total &-= 1
                    front = left > 0 ? slots[unchecked: base &+ head] : .max
                } while front <= nowMs
                heads[function] = head
                running[function] = left
                fronts[function] = front
            }
            earliest = min(earliest, front)
        }
        earliestEndMs = earliest
    }

    /// Starts an execution of function `function` that ends at `endMs` (after the current time).
    @inline(__always)
    mutating func start(role function: Int, endingAt endMs: Int64) {
        let count = running[function]
        if count == capacity { grow() }
        let mask = capacity &- 1
        let base = function &* capacity
        let head = heads[function]
        // Insertion from the back: shift the later endings up by one.
        var position = count
        while position > 0 {
            let before = slots[unchecked: base &+ ((head &+ position &- 1) & mask)]
            guard endMs < before else { break }
            slots[unchecked: base &+ ((head &+ position) & mask)] = before
            position &-= 1
        }
        slots[unchecked: base &+ ((head &+ position) & mask)] = endMs
        if position == 0 { fronts[function] = endMs }
        running[function] = count &+ 1
        total &+= 1
        if endMs < earliestEndMs { earliestEndMs = endMs }
    }

    /// Doubles every ring, unrolling each to start at its first slot.
    @inline(never)
    private mutating func grow() {
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
