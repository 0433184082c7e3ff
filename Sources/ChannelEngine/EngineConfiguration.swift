/// Limits and rates of a ``ChannelHub``: the per-connection outbox byte cap, what happens when a
/// publish would exceed it, and how fast clients read.
public struct EngineConfiguration: Sendable, Equatable {
    /// What a publish does when a subscriber's outbox would exceed ``EngineConfiguration/outboxByteCap``.
    public enum OverflowPolicy: Sendable, Hashable, CaseIterable {
        /// Discard the new message for that subscriber (uWebSockets' `DROPPED`).
        case dropNewest
        /// Discard the oldest queued messages until the new one fits, then queue it; a message larger
        /// than the cap is dropped instead. A partly read first message may be discarded too (the
        /// model does not protect frame boundaries).
        case dropOldest
        /// Disconnect the subscriber and remove all its subscriptions (Centrifuge's `DisconnectSlow`,
        /// NATS and Redis slow consumers).
        case disconnect
    }

    /// Centrifuge's default client queue size, 1 MiB.
    public static let defaultOutboxByteCap = 1 << 20

    /// Most unsent bytes one connection's outbox may hold.
    public let outboxByteCap: Int
    /// What to do when a message would not fit under ``outboxByteCap``.
    public let overflowPolicy: OverflowPolicy
    /// How many bytes per second each connection's client reads from its outbox during a drain.
    public let drainBytesPerSecond: Double

    /// Checks and stores the limits.
    ///
    /// - Parameters:
    ///   - outboxByteCap: bytes per connection; default 1 MiB, like Centrifuge.
    ///   - overflowPolicy: default ``OverflowPolicy/disconnect``, like Centrifuge.
    ///   - drainBytesPerSecond: read rate of each client; default 1 MiB/s.
    /// - Throws: ``EngineError`` with code ``EngineError/Code/invalidConfiguration`` if the cap is not
    ///   positive or the rate is not a positive finite number.
    public init(
        outboxByteCap: Int = EngineConfiguration.defaultOutboxByteCap,
        overflowPolicy: OverflowPolicy = .disconnect,
        drainBytesPerSecond: Double = 1_048_576
    ) throws {
        guard outboxByteCap > 0 else {
            throw EngineError(.invalidConfiguration, "outboxByteCap must be positive, got \(outboxByteCap)")
        }
        guard drainBytesPerSecond.isFinite, drainBytesPerSecond > 0 else {
            throw EngineError(
                .invalidConfiguration,
                "drainBytesPerSecond must be a positive finite number, got \(drainBytesPerSecond)"
            )
        }
        self.init(checked: outboxByteCap, overflowPolicy, drainBytesPerSecond)
    }

    private init(checked outboxByteCap: Int, _ overflowPolicy: OverflowPolicy, _ drainBytesPerSecond: Double) {
        self.outboxByteCap = outboxByteCap
        self.overflowPolicy = overflowPolicy
        self.drainBytesPerSecond = drainBytesPerSecond
    }

    /// The defaults: a 1 MiB cap, disconnect on overflow, clients reading 1 MiB/s.
    public static let `default` = EngineConfiguration(
        checked: defaultOutboxByteCap,
        .disconnect,
        1_048_576
    )
}
