/// A connection's queue of messages not yet read by its client: references to shared ``Payload``s,
/// oldest first, with the count of unsent bytes the byte cap is checked against.
///
/// A ring buffer of references that doubles when full and releases its storage when emptied by a
/// disconnect; queueing a message stores one reference and copies no bytes.
public struct Outbox: Sendable {
    @usableFromInline var slots: ContiguousArray<Payload?> = []
    @usableFromInline var head = 0
    /// Messages queued, including a partly sent first one.
    public private(set) var count = 0
    /// Bytes not yet read by the client: the queued payloads minus what was sent of the first.
    public private(set) var byteCount = 0
    /// Bytes of the first message the client has already read.
    public private(set) var sentBytesOfFirst = 0

    init() {}

    public var isEmpty: Bool { count == 0 }

    /// The oldest queued message.
    public var first: Payload? { count == 0 ? nil : slots[head] }

    /// The newest queued message.
    public var last: Payload? { count == 0 ? nil : slots[(head + count - 1) & (slots.count - 1)] }

    /// The queued messages, oldest first.
    public var payloads: [Payload] {
        (0..<count).map { slots[(head + $0) & (slots.count - 1)]! }
    }

    /// Ring slots allocated (a power of two, or zero).
    public var capacity: Int { slots.count }

    /// Queues `payload` at the end.
    mutating func append(_ payload: Payload) {
        if count == slots.count { grow() }
        slots[(head + count) & (slots.count - 1)] = payload
        count += 1
        byteCount += payload.byteCount
    }

    /// Removes the oldest message, returning the bytes of it that were still unsent.
    @discardableResult
    mutating func removeFirst() -> Int {
        let payload = slots[head]!
        slots[head] = nil
        head = (head + 1) & (slots.count - 1)
        count -= 1
        let unsent = payload.byteCount - sentBytesOfFirst
        byteCount -= unsent
        sentBytesOfFirst = 0
        return unsent
    }

    /// Lets the client read up to `budget` bytes, completing messages in order.
    ///
    /// - Returns: the messages completed and the bytes read.
    mutating func drain(budget: Int) -> (messages: Int, bytes: Int) {
        var remaining = budget
        var messages = 0
        while remaining > 0, count > 0 {
            let unsent = slots[head]!.byteCount - sentBytesOfFirst
            if unsent <= remaining {
                removeFirst()
                remaining -= unsent
                messages += 1
            } else {
                sentBytesOfFirst += remaining
                byteCount -= remaining
                remaining = 0
            }
        }
        return (messages, budget - remaining)
    }

    /// Empties the outbox and releases its storage.
    mutating func removeAll() {
        self = Outbox()
    }

    private mutating func grow() {
        let newCapacity = Swift.max(4, slots.count * 2)
        var newSlots = ContiguousArray<Payload?>(repeating: nil, count: newCapacity)
        for offset in 0..<count { newSlots[offset] = slots[(head + offset) & (slots.count - 1)] }
        slots = newSlots
        head = 0
    }
}
