/// Lambda executions running at once, on a 1 ms wheel: O(1) to start one, O(elapsed ms) to advance.
///
/// Billed durations are whole milliseconds, so an execution's end falls in one slot of a ring as
/// long as the longest run (Lambda's 900 s maximum).
struct ConcurrencyCounter {
    private var endings: [Int32]
    private let mask: Int64
    private var cursorMs: Int64 = 0
    private(set) var running = 0

    init(maximumDurationMs: Int) {
        var size = 1
        while size < maximumDurationMs + 2 { size <<= 1 }
        endings = [Int32](repeating: 0, count: size)
        mask = Int64(size - 1)
    }

    /// Retires every execution that ended at or before `nowMs`.
    mutating func advance(to nowMs: Int64) {
        guard nowMs >= cursorMs else { return }
        if running == 0 || nowMs - cursorMs >= Int64(endings.count) {
            if running != 0 {
                for index in endings.indices { endings[index] = 0 }
                running = 0
            }
            cursorMs = nowMs + 1
            return
        }
        while cursorMs <= nowMs {
            let slot = Int(cursorMs & mask)
            running -= Int(endings[slot])
            endings[slot] = 0
            cursorMs += 1
        }
    }

    /// Starts an execution that ends at `endMs` (after the current time).
    mutating func start(endingAt endMs: Int64) {
        let end = max(endMs, cursorMs)
        endings[Int(end & mask)] += 1
        running += 1
    }
}
