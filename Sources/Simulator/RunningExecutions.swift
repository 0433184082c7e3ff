import SimKernel

/// Lambda executions running at once, per function: their end times in one sorted ring, with a
/// count per function.
///
/// Executions start in time order and most last about as long as the ones started just before,
/// so a new end time belongs at or near the back of the ring: starting one moves a few entries at
/// most, and retiring the earliest is taking the front. (A heap did both in O(log running), with a
/// mispredicted branch per level.) The ring never holds more than the account's concurrency cap.
/// ``advance(to:)`` is one comparison when nothing has ended since the last call.
struct RunningExecutions {
    /// The ring: `total` entries from `head`, ascending, each an end time in ms shifted left by
    /// `roleBits` and or'ed with the function's index. Its capacity is a power of two.
    private var endings = StateColumn<Int64>(repeating: 0, count: 64)
    private var head = 0
    private var mask = 63
    private static let roleBits: Int64 = 4
    /// Executions running, all functions.
    private(set) var total = 0
    /// Executions running, per function index.
    private(set) var running: StateColumn<Int>

    init(functions: Int) {
        precondition(functions > 0 && functions <= 1 << Self.roleBits)
        running = StateColumn(repeating: 0, count: functions)
    }

    /// Retires every execution that ended at or before `nowMs`.
    @inline(__always)
    mutating func advance(to nowMs: Int64) {
        let limit = (nowMs + 1) << Self.roleBits
        guard total > 0, endings[head] < limit else { return }
        retire(before: limit)
    }

    /// Takes every ending below `limit` (a shifted time) off the front.
    @inline(never)
    private mutating func retire(before limit: Int64) {
        let roleMask: Int64 = 1 << Self.roleBits - 1
        while total > 0, endings[head] < limit {
            running[Int(endings[head] & roleMask)] -= 1
            head = (head + 1) & mask
            total -= 1
        }
    }

    /// Starts an execution of function `role` that ends at `endMs` (after the current time).
    mutating func start(role: Int, endingAt endMs: Int64) {
        let key = endMs << Self.roleBits | Int64(role)
        running[role] += 1
        if total == mask + 1 { grow() }
        // Insertion from the back: shift the later endings up by one.
        var position = total
        while position > 0 {
            let before = endings[(head + position - 1) & mask]
            guard key < before else { break }
            endings[(head + position) & mask] = before
            position -= 1
        }
        endings[(head + position) & mask] = key
        total += 1
    }

    /// Doubles the ring, unrolling it to start at slot 0.
    private mutating func grow() {
        let larger = StateColumn<Int64>(repeating: 0, count: 2 * (mask + 1))
        for i in 0..<total { larger[i] = endings[(head + i) & mask] }
        endings = larger
        head = 0
        mask = 2 * mask + 1
    }
}
