/// Lambda executions running at once, per function: one min-heap of end times for all
/// functions, with a count per function.
///
/// Starting an execution and retiring one are O(log running); ``advance(to:)`` is one comparison
/// when nothing has ended since the last call, which is the common case at low load.
import SimKernel

struct RunningExecutions {
    /// A binary min-heap in `endings[0..<total]`: end time in ms shifted left by `roleBits`,
    /// or'ed with the function's index. Slots past `total` are spare capacity.
    private var endings = StateColumn<Int64>()
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
        guard total > 0, endings[0] < limit else { return }
        retire(before: limit)
    }

    /// Pops every ending below `limit` (a shifted time).
    @inline(never)
    private mutating func retire(before limit: Int64) {
        let mask: Int64 = 1 << Self.roleBits - 1
        while total > 0, endings[0] < limit {
            running[Int(endings[0] & mask)] -= 1
            total -= 1
            let last = endings[total]
            // Sift `last` down from the root over the first `total` slots.
            var hole = 0
            while true {
                var child = 2 * hole + 1
                guard child < total else { break }
                if child + 1 < total, endings[child + 1] < endings[child] { child += 1 }
                guard endings[child] < last else { break }
                endings[hole] = endings[child]
                hole = child
            }
            endings[hole] = last
        }
    }

    /// Starts an execution of function `role` that ends at `endMs` (after the current time).
    mutating func start(role: Int, endingAt endMs: Int64) {
        let key = endMs << Self.roleBits | Int64(role)
        running[role] += 1
        if total == endings.count { endings.append(key) }
        total += 1
        var child = total - 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard key < endings[parent] else { break }
            endings[child] = endings[parent]
            child = parent
        }
        endings[child] = key
    }
}
