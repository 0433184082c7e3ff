/// A snapshot of a connection's queue of messages not yet read by its client: the shared
/// ``Payload``s, oldest first, with the count of unsent bytes the byte cap is checked against.
///
/// Returned by ``ChannelHub/outbox(of:)``; a value, so it does not change when the hub does. Inside
/// the hub a queued message is a 4-byte slot number in a chunk of the connection's queue, and the
/// payload itself is held once by the hub's payload table however many outboxes it is queued in.
public struct Outbox: Sendable {
    /// The queued messages, oldest first (each the very object that was published).
    public let payloads: [Payload]
    /// Bytes not yet read by the client: the queued payloads minus what was sent of the first.
    public let byteCount: Int
    /// Bytes of the first message the client has already read.
    public let sentBytesOfFirst: Int

    init(payloads: [Payload], byteCount: Int, sentBytesOfFirst: Int) {
        self.payloads = payloads
        self.byteCount = byteCount
        self.sentBytesOfFirst = sentBytesOfFirst
    }

    /// Messages queued, including a partly sent first one.
    public var count: Int { payloads.count }

    /// Whether nothing is queued.
    public var isEmpty: Bool { payloads.isEmpty }

    /// The oldest queued message.
    public var first: Payload? { payloads.first }

    /// The newest queued message.
    public var last: Payload? { payloads.last }
}
