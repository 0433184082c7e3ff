/// Lambda executions running at once, on a 1 ms wheel: O(1) to start one; advancing skips empty
/// milliseconds 64 at a time through an occupancy bitmap.
///
/// Billed durations are whole milliseconds, so an execution's end falls in one slot of a ring as
/// long as the longest run.
struct ConcurrencyCounter {
    private var endings: [Int32]
    private var occupied: [UInt64]
    private let mask: Int64
    private var cursorMs: Int64 = 0
    private(set) var running = 0

    init(maximumDurationMs: Int) {
        var size = 64
        while size < maximumDurationMs + 2 { size <<= 1 }
        endings = [Int32](repeating: 0, count: size)
        occupied = [UInt64](repeating: 0, count: size / 64)
        mask = Int64(size - 1)
    }

    /// Retires every execution that ended at or before `nowMs`.
    mutating func advance(to nowMs: Int64) {
        guard nowMs >= cursorMs else { return }
        if running == 0 || nowMs - cursorMs > mask {
            if running != 0 {
                for index in endings.indices { endings[index] = 0 }
                for index in occupied.indices { occupied[index] = 0 }
                running = 0
            }
            cursorMs = nowMs + 1
            return
        }
        var slot = cursorMs
        while slot <= nowMs {
            let index = Int(slot & mask)
            let bit = index & 63
            let pending = occupied[index >> 6] >> UInt64(bit)
            if pending == 0 {
                slot += Int64(64 - bit)
                continue
            }
            slot += Int64(pending.trailingZeroBitCount)
            guard slot <= nowMs else { break }
            let ended = Int(slot & mask)
            running -= Int(endings[ended])
            endings[ended] = 0
            occupied[ended >> 6] &= ~(1 << UInt64(ended & 63))
            slot += 1
        }
        cursorMs = nowMs + 1
    }

    /// Starts an execution that ends at `endMs` (at or after the current time).
    mutating func start(endingAt endMs: Int64) {
        let slot = Int(max(endMs, cursorMs) & mask)
        endings[slot] += 1
        occupied[slot >> 6] |= 1 << UInt64(slot & 63)
        running += 1
    }
}
