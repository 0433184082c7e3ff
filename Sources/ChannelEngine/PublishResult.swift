/// What one publish did to each subscriber of the channel (the sender excluded).
public struct PublishResult: Sendable, Equatable {
    /// Subscribers whose outbox received the message.
    public var delivered = 0
    /// Subscribers that did not receive it because their outbox was full (``EngineConfiguration/OverflowPolicy/dropNewest``,
    /// or a message larger than the cap under ``EngineConfiguration/OverflowPolicy/dropOldest``).
    public var dropped = 0
    /// Older messages discarded to make room (``EngineConfiguration/OverflowPolicy/dropOldest``).
    public var evicted = 0
    /// Subscribers disconnected because their outbox was full (``EngineConfiguration/OverflowPolicy/disconnect``).
    public var disconnected = 0

    public init(delivered: Int = 0, dropped: Int = 0, evicted: Int = 0, disconnected: Int = 0) {
        self.delivered = delivered
        self.dropped = dropped
        self.evicted = evicted
        self.disconnected = disconnected
    }

    /// Subscribers the publish reached for, delivered or not.
    public var recipients: Int { delivered + dropped + disconnected }
}
