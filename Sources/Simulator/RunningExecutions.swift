/// Lambda executions running at once, per function: one min-heap of end times for all
/// functions, with a count per function.
///
/// Starting an execution and retiring one are O(log running); ``advance(to:)`` is one comparison
/// when nothing has ended since the last call, which is the common case at low load.
struct RunningExecutions {
    /// End time in ms shifted left by `roleBits`, or'ed with the function's index.
    private var endings: [Int64] = []
    private static let roleBits: Int64 = 4
    /// Executions running, per function index.
    private(set) var running: [Int]
    /// Executions running, all functions.
    var total: Int { endings.count }

    init(functions: Int) {
        precondition(functions > 0 && functions <= 1 << Self.roleBits)
        running = [Int](repeating: 0, count: functions)
    }

    /// Retires every execution that ended at or before `nowMs`.
    mutating func advance(to nowMs: Int64) {
        let limit = (nowMs + 1) << Self.roleBits
        while let first = endings.first, first < limit {
            running[Int(first & (1 << Self.roleBits - 1))] -= 1
            let last = endings.removeLast()
            guard !endings.isEmpty else { break }
            endings.withUnsafeMutableBufferPointer { heap in
                // Sift `last` down from the root.
                let count = heap.count
                var hole = 0
                while true {
                    var child = 2 * hole + 1
                    guard child < count else { break }
                    if child + 1 < count, heap[child + 1] < heap[child] { child += 1 }
                    guard heap[child] < last else { break }
                    heap[hole] = heap[child]
                    hole = child
                }
                heap[hole] = last
            }
        }
    }

    /// Starts an execution of function `role` that ends at `endMs` (after the current time).
    mutating func start(role: Int, endingAt endMs: Int64) {
        let key = endMs << Self.roleBits | Int64(role)
        running[role] += 1
        endings.append(key)
        endings.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) >> 1
                guard key < heap[parent] else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = key
        }
    }
}
