/// The hub's payloads in flight: each published ``Payload`` held once, in a numbered slot, with a
/// plain count of the outbox entries that still refer to it.
///
/// Outboxes store a slot's 4-byte number instead of a class reference, so queueing a message costs
/// no atomic reference count. A publish retains its payload once (when it takes a slot) and adds
/// the number of outboxes it reached in one step; every entry that leaves an outbox (read by the
/// client, evicted, or discarded with a disconnect) subtracts one, and the slot and its reference
/// are released when the count reaches zero. Freed slot numbers are reused, most recent first.
///
/// Noncopyable: it holds its payloads by manual retain (one per slot in use) and releases any
/// still held when it is destroyed.
@usableFromInline
struct PayloadTable: ~Copyable {
    /// A slot's hot part: the size every entry costs and the entries left.
    @usableFromInline
    struct Slot: BitwiseCopyable {
        @usableFromInline var byteCount: Int
        @usableFromInline var entries: Int
    }

    /// The payload of each slot, retained once; `nil` when the slot is free.
    @usableFromInline var payloads = FlatBuffer<Unmanaged<Payload>?>()
    /// Size and outstanding entries of each slot.
    @usableFromInline var slots = FlatBuffer<Slot>()
    /// Free slot numbers, the most recently freed last.
    @usableFromInline var freeSlots = FlatBuffer<UInt32>()

    @usableFromInline init() {}

    @inlinable deinit {
        for id in 0..<payloads.count { payloads[id]?.release() }
    }

    /// Slots holding a payload.
    var liveCount: Int { slots.count - freeSlots.count }

    /// Takes a slot for `payload`, with no entries yet.
    @usableFromInline
    mutating func insert(_ payload: Payload, byteCount: Int) -> UInt32 {
        if !freeSlots.isEmpty {
            let id = freeSlots.removeLast()
            payloads[Int(id)] = Unmanaged.passRetained(payload)
            slots[Int(id)] = Slot(byteCount: byteCount, entries: 0)
            return id
        }
        precondition(slots.count < Int(UInt32.max), "too many payloads in flight for 32-bit ids")
        payloads.append(Unmanaged.passRetained(payload))
        slots.append(Slot(byteCount: byteCount, entries: 0))
        return UInt32(slots.count - 1)
    }

    /// Records `count` new entries of slot `id`; frees the slot if it still has none.
    @usableFromInline
    mutating func addEntries(_ count: Int, to id: UInt32) {
        slots[Int(id)].entries += count
        if slots[Int(id)].entries == 0 { free(id) }
    }

    /// One entry of slot `id` left an outbox; frees the slot with its last entry.
    @inline(__always)
    mutating func removeEntry(of id: UInt32) {
        slots[Int(id)].entries -= 1
        if slots[Int(id)].entries == 0 { free(id) }
    }

    /// Bytes of the payload in slot `id`.
    @inline(__always)
    func byteCount(of id: UInt32) -> Int { slots[Int(id)].byteCount }

    /// The payload in slot `id`, which must be in use.
    func payload(_ id: UInt32) -> Payload { payloads[Int(id)]!.takeUnretainedValue() }

    /// Frees slot `id`, whose last entry has gone, and releases its payload.
    mutating func free(_ id: UInt32) {
        payloads[Int(id)]!.release()
        payloads[Int(id)] = nil
        freeSlots.append(id)
    }

    /// Estimated heap bytes (see ``FlatBuffer/heapBytes``).
    var heapBytes: Int {
        payloads.heapBytes + slots.heapBytes + freeSlots.heapBytes
    }

    /// Whether every slot's count equals the entries that refer to it (`counted[id]`), and free
    /// slots hold nothing.
    func matches(_ counted: [Int: Int]) -> Bool {
        let free = Set((0..<freeSlots.count).map { freeSlots[$0] })
        guard free.count == freeSlots.count else { return false }
        for id in 0..<slots.count {
            if free.contains(UInt32(id)) {
                guard payloads[id] == nil, counted[id] == nil else { return false }
            } else {
                guard payloads[id] != nil, slots[id].entries > 0, counted[id] == slots[id].entries else { return false }
            }
        }
        return true
    }
}
