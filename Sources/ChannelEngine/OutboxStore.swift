/// One connection's outbox bookkeeping: 32 bytes, stored in one flat array indexed by connection.
///
/// The queued entries themselves live in chunks of ``OutboxStore/chunkEntries`` slot numbers,
/// linked in a circle that the connection owns: head chunk, …, tail chunk, then spare chunks left
/// from earlier, longer queues, then the head again. Like a ring buffer that keeps its capacity,
/// the circle only grows (when the tail reaches the head) and is returned to the arena when the
/// connection disconnects. An empty outbox has `headOffset` 0 and `headChunk == tailChunk`; a
/// connection that never received anything has no chunk.
@usableFromInline
struct OutboxState: BitwiseCopyable {
    /// Bytes not yet read by the client: the queued payloads minus what was sent of the first.
    @usableFromInline var byteCount = 0
    /// Bytes of the first message the client has already read.
    @usableFromInline var sentBytesOfFirst = 0
    /// Messages queued, including a partly sent first one.
    @usableFromInline var count: UInt32 = 0
    /// Position of the first entry in the head chunk (0 when empty).
    @usableFromInline var headOffset: UInt32 = 0
    /// First and last chunk of the queue, or ``OutboxStore/noChunk``.
    @usableFromInline var headChunk = OutboxStore.noChunk
    @usableFromInline var tailChunk = OutboxStore.noChunk

    @usableFromInline init() {}
}

/// Every connection's outbox in flat arrays: a 32-byte ``OutboxState`` per connection slot, the
/// queued entries (4-byte ``PayloadTable`` slot numbers) in 64-byte chunks drawn from one shared
/// arena, and the payload table they refer to.
///
/// Walking a channel's subscribers in connection order streams through the state array and
/// through chunks handed out in the same order, so a publish to many subscribers reads and writes
/// memory sequentially instead of chasing one heap object per outbox. (A subscriber array in
/// another order, as churn leaves it, still touches one record and one chunk line per delivery,
/// but at random places, which costs more once they outgrow the caches.) Each connection keeps its
/// chunks in a circle and reuses them, so that order survives any number of drains; the arena's
/// free stack (sized to the arena, so pushing never grows it) only serves circles that grow and
/// takes back the circles of disconnected connections. A publish never allocates once the arena
/// has grown to the largest fan-out's needs.
///
/// Noncopyable, like the ``FlatBuffer``s and ``PayloadTable`` it owns.
@usableFromInline
struct OutboxStore: ~Copyable {
    /// Entries per chunk: 16 × 4 bytes, one cache line.
    @usableFromInline static let chunkShift = 4
    @usableFromInline static let chunkEntries = 1 << chunkShift
    /// The chunk number meaning "none".
    @usableFromInline static let noChunk = UInt32.max

    /// Per-connection bookkeeping, indexed by ``ConnectionID/index``.
    @usableFromInline var states = FlatBuffer<OutboxState>()
    /// The chunk arena: chunk `c` is `entries[c × 16 ..< (c + 1) × 16]`.
    @usableFromInline var entries = FlatBuffer<UInt32>()
    /// The chunk after each chunk in its connection's circle.
    @usableFromInline var nextChunk = FlatBuffer<UInt32>()
    /// A stack of free chunk numbers: `freeChunks[0 ..< freeChunkCount]`, sized to the arena so
    /// pushing never grows it.
    @usableFromInline var freeChunks = FlatBuffer<UInt32>()
    @usableFromInline var freeChunkCount = 0
    /// The payloads the entries refer to.
    @usableFromInline var payloads = PayloadTable()
    /// One byte per connection slot, non-zero if its outbox may hold messages: set (a plain store,
    /// whatever it was) when an outbox goes from empty to not, cleared by a hub-wide drain that
    /// leaves it empty. That drain scans it eight slots at a time and visits only the marked
    /// outboxes, in slot order.
    @usableFromInline var marks = FlatBuffer<UInt8>()

    @usableFromInline init() {}

    /// Chunks in the arena, free or in use.
    @usableFromInline var chunkCount: Int { nextChunk.count }

    // MARK: - Connection slots

    /// Adds an empty outbox for a new connection slot.
    mutating func appendSlot() {
        states.append(OutboxState())
        marks.append(0)
    }

    /// Discards every message of outbox `index` and returns all its chunks; for a disconnect.
    mutating func removeAll(at index: Int) {
        discardAll(at: index)
        let head = states[index].headChunk
        if head != Self.noChunk {
            var chunk = head
            repeat {
                let next = nextChunk[Int(chunk)]
                pushFreeChunk(chunk)
                chunk = next
            } while chunk != head
        }
        states[index] = OutboxState()
    }

    /// Discards every message of outbox `index` (each entry leaves the payload table); it keeps
    /// its chunks for the next messages.
    mutating func discardAll(at index: Int) {
        var state = states[index]
        guard state.count > 0 else { return }
        var chunk = state.headChunk
        var offset = Int(state.headOffset)
        for remaining in (0..<Int(state.count)).reversed() {
            payloads.removeEntry(of: entries[Int(chunk) << Self.chunkShift | offset])
            offset += 1
            if offset == Self.chunkEntries, remaining > 0 {
                chunk = nextChunk[Int(chunk)]
                offset = 0
            }
        }
        state.headChunk = chunk
        state.tailChunk = chunk
        state.headOffset = 0
        state.count = 0
        state.byteCount = 0
        state.sentBytesOfFirst = 0
        states[index] = state
    }

    // MARK: - Queue operations

    /// The entries of outbox `index`, oldest first.
    func entryList(at index: Int) -> [UInt32] {
        let state = states[index]
        var list: [UInt32] = []
        list.reserveCapacity(Int(state.count))
        var chunk = state.headChunk
        var offset = Int(state.headOffset)
        for _ in 0..<Int(state.count) {
            if offset == Self.chunkEntries {
                chunk = nextChunk[Int(chunk)]
                offset = 0
            }
            list.append(entries[Int(chunk) << Self.chunkShift | offset])
            offset += 1
        }
        return list
    }

    /// Queues entry `id` of `byteCount` bytes in outbox `index`, with no cap check; the chunk arena
    /// grows if needed.
    mutating func append(_ id: UInt32, byteCount: Int, at index: Int) {
        precondition(index < states.count, "no such outbox")
        reserveChunks(1)
        let state = states.base + index
        if Self.enqueue(
            id,
            state: state,
            entries: entries.base,
            next: nextChunk.base,
            free: freeChunks.base,
            freeCount: &freeChunkCount
        ) {
            marks[index] = 1
        }
        state.pointee.byteCount += byteCount
    }

    /// Appends entry `id` to the queue of `state`, taking a chunk from the free stack (which must
    /// not be empty) when the connection has none or its circle is full; returns whether the
    /// queue was empty. The byte count is the caller's.
    @inline(__always)
    static func enqueue(
        _ id: UInt32,
        state: UnsafeMutablePointer<OutboxState>,
        entries: UnsafeMutablePointer<UInt32>,
        next: UnsafeMutablePointer<UInt32>,
        free: UnsafeMutablePointer<UInt32>,
        freeCount: inout Int
    ) -> Bool {
        let count = state.pointee.count
        let slot: Int
        if count == 0 {
            var head = state.pointee.headChunk
            if head == noChunk {
                freeCount &-= 1
                head = free[freeCount]
                next[Int(head)] = head
                state.pointee.headChunk = head
                state.pointee.tailChunk = head
            }
            slot = Int(head) &<< chunkShift
        } else {
            let position = (state.pointee.headOffset &+ count) & UInt32(chunkEntries - 1)
            var tail = state.pointee.tailChunk
            if position == 0 {
                var chunk = next[Int(tail)]
                if chunk == state.pointee.headChunk {
                    // The circle is full: a new chunk goes in after the tail.
                    freeCount &-= 1
                    chunk = free[freeCount]
                    next[Int(chunk)] = state.pointee.headChunk
                    next[Int(tail)] = chunk
                }
                tail = chunk
                state.pointee.tailChunk = chunk
            }
            slot = Int(tail) &<< chunkShift | Int(position)
        }
        entries[slot] = id
        state.pointee.count = count &+ 1
        return count == 0
    }

    /// Removes the oldest message of outbox `index` (which must not be empty), returning the bytes
    /// of it that were still unsent. Its entry leaves the payload table.
    @discardableResult
    mutating func removeFirst(at index: Int) -> Int {
        var state = states[index]
        let id = entries[Int(state.headChunk) << Self.chunkShift | Int(state.headOffset)]
        let unsent = payloads.byteCount(of: id) - state.sentBytesOfFirst
        payloads.removeEntry(of: id)
        state.count -= 1
        state.byteCount -= unsent
        state.sentBytesOfFirst = 0
        if state.count == 0 {
            state.headOffset = 0
            state.tailChunk = state.headChunk
        } else {
            state.headOffset += 1
            if state.headOffset == UInt32(Self.chunkEntries) {
                // The old head chunk now follows the tail: a spare in the circle.
                state.headChunk = nextChunk[Int(state.headChunk)]
                state.headOffset = 0
            }
        }
        states[index] = state
        return unsent
    }

    /// Lets the client of outbox `index` read up to `budget` bytes, completing messages in order.
    ///
    /// Works on raw pointers into the records, chunks and payload slots (none of which a drain
    /// grows); each completed message leaves the payload table.
    ///
    /// - Returns: the messages completed and the bytes read.
    mutating func drain(at index: Int, budget: Int) -> (messages: Int, bytes: Int) {
        precondition(index < states.count, "no such outbox")
        let state = states.base + index
        let entries = entries.base
        let next = nextChunk.base
        let slots = payloads.slots.base
        var remaining = budget
        var messages = 0
        while remaining > 0, state.pointee.count > 0 {
            let offset = state.pointee.headOffset
            let id = entries[Int(state.pointee.headChunk) &<< Self.chunkShift | Int(offset)]
            let unsent = slots[Int(id)].byteCount - state.pointee.sentBytesOfFirst
            guard unsent <= remaining else {
                state.pointee.sentBytesOfFirst += remaining
                state.pointee.byteCount -= remaining
                remaining = 0
                break
            }
            remaining -= unsent
            messages += 1
            state.pointee.byteCount -= unsent
            state.pointee.sentBytesOfFirst = 0
            state.pointee.count -= 1
            if state.pointee.count == 0 {
                state.pointee.headOffset = 0
                state.pointee.tailChunk = state.pointee.headChunk
            } else if offset + 1 == UInt32(Self.chunkEntries) {
                // The old head chunk now follows the tail: a spare in the circle.
                state.pointee.headChunk = next[Int(state.pointee.headChunk)]
                state.pointee.headOffset = 0
            } else {
                state.pointee.headOffset = offset + 1
            }
            slots[Int(id)].entries -= 1
            if slots[Int(id)].entries == 0 { payloads.free(id) }
        }
        return (messages, budget - remaining)
    }

    /// Lets the client of every marked outbox read up to `budget` bytes, in slot order, and
    /// unmarks the outboxes it leaves empty.
    mutating func drainMarked(budget: Int) -> DrainResult {
        var result = DrainResult()
        let slots = marks.count
        let words = UnsafeMutableRawPointer(marks.base)
        var start = 0
        while start < slots {
            let width = Swift.min(8, slots - start)
            var word: UInt64 = 0
            if width == 8 {
                word = words.loadUnaligned(fromByteOffset: start, as: UInt64.self)
            } else {
                for offset in 0..<width { word |= UInt64(marks[start + offset]) << (8 * offset) }
            }
            while word != 0 {
                let index = start + word.trailingZeroBitCount / 8
                word &= ~(UInt64(0xFF) << (8 * (word.trailingZeroBitCount / 8)))
                if states[index].count > 0 {
                    let (messages, bytes) = drain(at: index, budget: budget)
                    result.messages += messages
                    result.bytes += bytes
                }
                if states[index].count == 0 { marks[index] = 0 }
            }
            start += 8
        }
        return result
    }

    // MARK: - Chunk arena

    /// Makes sure at least `count` chunks are free, growing the arena (by doubling) if not.
    @usableFromInline
    mutating func reserveChunks(_ count: Int) {
        guard freeChunkCount < count else { return }
        let old = chunkCount
        let new = Swift.max(old * 2, old + count - freeChunkCount, 64)
        precondition(new < Int(UInt32.max), "too many outbox chunks for 32-bit ids")
        entries.append(repeating: 0, count: (new - old) << Self.chunkShift)
        nextChunk.append(repeating: Self.noChunk, count: new - old)
        freeChunks.append(repeating: 0, count: new - old)
        // Pushed highest first, so the lowest number is handed out first.
        for chunk in (old..<new).reversed() { pushFreeChunk(UInt32(chunk)) }
    }

    @inline(__always)
    mutating func popFreeChunk() -> UInt32 {
        freeChunkCount -= 1
        return freeChunks[freeChunkCount]
    }

    @inline(__always)
    mutating func pushFreeChunk(_ chunk: UInt32) {
        freeChunks[freeChunkCount] = chunk
        freeChunkCount += 1
    }

    // MARK: - Checks and memory

    /// Whether every outbox's chain, counts and byte counts are consistent, every chunk is either
    /// free or in exactly one outbox, and the payload table's counts match the entries.
    func checkInvariants() -> Bool {
        var owner = [Bool](repeating: false, count: chunkCount)
        for position in 0..<freeChunkCount {
            let chunk = Int(freeChunks[position])
            guard chunk < chunkCount, !owner[chunk] else { return false }
            owner[chunk] = true
        }
        guard marks.count == states.count else { return false }
        var counted: [Int: Int] = [:]
        for index in 0..<states.count {
            let state = states[index]
            guard state.count == 0 || marks[index] != 0 else { return false }
            if state.headChunk == Self.noChunk {
                guard state.count == 0, state.byteCount == 0, state.tailChunk == Self.noChunk else { return false }
                continue
            }
            // The circle: every chunk owned by this connection alone, and it closes.
            var circle: [Int] = []
            var chunk = Int(state.headChunk)
            repeat {
                guard chunk < chunkCount, !owner[chunk] else { return false }
                owner[chunk] = true
                circle.append(chunk)
                chunk = Int(nextChunk[chunk])
            } while chunk != Int(state.headChunk)
            // The queue: the first chunks of the circle, ending at the tail.
            var position = 0
            var offset = Int(state.headOffset)
            var bytes = -state.sentBytesOfFirst
            for _ in 0..<Int(state.count) {
                if offset == Self.chunkEntries {
                    position += 1
                    guard position < circle.count else { return false }
                    offset = 0
                }
                let id = entries[circle[position] << Self.chunkShift | offset]
                guard Int(id) < payloads.slots.count else { return false }
                counted[Int(id), default: 0] += 1
                bytes += payloads.byteCount(of: id)
                offset += 1
            }
            guard circle[position] == Int(state.tailChunk), bytes == state.byteCount,
                state.count > 0 || (state.headOffset == 0 && state.sentBytesOfFirst == 0)
            else { return false }
        }
        return owner.allSatisfy { $0 } && payloads.matches(counted)
    }

    /// Estimated heap bytes of the per-connection records and drain marks (see
    /// ``FlatBuffer/heapBytes``).
    var stateBytes: Int { states.heapBytes + marks.heapBytes }

    /// Estimated heap bytes of queued messages: the chunk arena, its links and free stack,
    /// and the payload table (payload bodies excluded).
    var queueBytes: Int {
        entries.heapBytes + nextChunk.heapBytes + freeChunks.heapBytes + payloads.heapBytes
    }
}
