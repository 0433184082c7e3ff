/// An in-process channel engine: connections subscribe to channels, a publish queues one shared
/// payload in every subscriber's bounded outbox, and a drain lets slow clients read at a set rate.
///
/// Generic over its ``SubscriberLookup`` so the same hub runs the scan design (``ScanLookup``)
/// or the index design (``IndexLookup``), each specialised. A class, because it is one piece of
/// shared mutable state with identity; it is not thread-safe (one hub per thread or event loop, as
/// uWebSockets keeps one TopicTree per thread).
///
/// Operations on a connection that is not connected, or on a channel the hub did not issue, do
/// nothing and report it: `subscribe`, `unsubscribe` and `disconnect` return `false`, `publish`
/// returns an empty ``PublishResult``.
///
/// ```swift
/// let hub = ChannelHub<IndexLookup>()
/// let room = hub.channel(named: "room")
/// let alice = hub.connect(), bob = hub.connect()
/// hub.subscribe(alice, to: room)
/// hub.subscribe(bob, to: room)
/// let result = hub.publish(try Payload(Array("hi".utf8)), to: room, excluding: alice)
/// // result.delivered == 1; hub.outbox(of: bob)?.count == 1
/// ```
public final class ChannelHub<Lookup: SubscriberLookup> {
    /// Limits and rates.
    public let configuration: EngineConfiguration
    /// Who is subscribed to what.
    @exclusivity(unchecked) public private(set) var lookup: Lookup

    @exclusivity(unchecked) @usableFromInline var connections = ConnectionTable()
    @usableFromInline var issuedChannels = 0
    private var channelsByName: [String: ChannelID] = [:]
    private var namesByChannel: [ChannelID: String] = [:]
    /// Subscribers of the channel being published to, for lookups that list them; reused.
    @exclusivity(unchecked) @usableFromInline var recipients: [ConnectionID] = []
    /// Subscribers over the cap under drop-oldest, served after a publish loop; reused.
    @exclusivity(unchecked) @usableFromInline var overflowed: [ConnectionID] = []
    /// Connections to disconnect after a publish loop, reused across publishes.
    @exclusivity(unchecked) @usableFromInline var slow: [ConnectionID] = []
    /// Fraction of a byte the clients may read, carried from one drain to the next.
    private var drainCarry = 0.0

    /// An empty hub.
    public init(configuration: EngineConfiguration = .default, lookup: Lookup = Lookup()) {
        self.configuration = configuration
        self.lookup = lookup
    }

    /// Connections currently connected.
    public var connectionCount: Int { connections.liveCount }
    /// Channels issued so far.
    public var channelCount: Int { issuedChannels }

    // MARK: - Connections

    /// Opens a connection with an empty outbox and no subscriptions.
    public func connect() -> ConnectionID { connections.open() }

    /// Whether `connection` is connected.
    public func isConnected(_ connection: ConnectionID) -> Bool { connections.contains(connection) }

    /// Closes `connection`: removes every subscription and discards its outbox.
    ///
    /// - Returns: `false` if it was not connected.
    /// - Complexity: that of ``SubscriberLookup/removeAll(of:)``.
    @discardableResult
    public func disconnect(_ connection: ConnectionID) -> Bool {
        guard connections.contains(connection) else { return false }
        _ = lookup.removeAll(of: connection)
        connections.close(connection)
        return true
    }

    /// The outbox of `connection`, or `nil` if it is not connected.
    ///
    /// A snapshot: O(messages queued) to build.
    public func outbox(of connection: ConnectionID) -> Outbox? {
        connections.contains(connection) ? connections.outbox(of: connection) : nil
    }

    /// Distinct published payloads the hub still holds because some outbox queues them.
    ///
    /// Each publish that reaches anyone holds its payload once, in one slot of the hub's payload
    /// table; the slot is freed when the last of its entries is read, evicted or discarded by a
    /// disconnect. Zero once every outbox is empty: the payload table's leak check.
    public var payloadsInFlight: Int { connections.outboxes.payloads.liveCount }

    /// Whether every outbox and the payload table agree: each queue's chain, message count and
    /// byte count are consistent, each chunk is free or in exactly one queue, and each payload
    /// slot's entry count equals the entries that refer to it.
    ///
    /// - Complexity: O(connection slots + chunks + queued messages); for tests.
    public func checkOutboxInvariants() -> Bool { connections.outboxes.checkInvariants() }

    // MARK: - Channels

    /// Issues a new unnamed channel.
    public func makeChannel() -> ChannelID {
        precondition(issuedChannels < Int(UInt32.max), "too many channels for 32-bit ids")
        issuedChannels += 1
        return ChannelID(rawValue: UInt32(issuedChannels - 1))
    }

    /// The channel called `name`, issued the first time it is asked for.
    public func channel(named name: String) -> ChannelID {
        if let channel = channelsByName[name] { return channel }
        let channel = makeChannel()
        channelsByName[name] = channel
        namesByChannel[channel] = name
        return channel
    }

    /// The name `channel` was issued under, if any.
    public func name(of channel: ChannelID) -> String? { namesByChannel[channel] }

    @inlinable func isIssued(_ channel: ChannelID) -> Bool { channel.index < issuedChannels }

    // MARK: - Subscriptions

    /// Subscribes `connection` to `channel`.
    ///
    /// - Returns: `false` if it already was, or if either id is unknown.
    @discardableResult
    public func subscribe(_ connection: ConnectionID, to channel: ChannelID) -> Bool {
        guard connections.contains(connection), isIssued(channel) else { return false }
        return lookup.subscribe(connection, to: channel)
    }

    /// Unsubscribes `connection` from `channel`.
    ///
    /// - Returns: `false` if it was not subscribed, or if either id is unknown.
    @discardableResult
    public func unsubscribe(_ connection: ConnectionID, from channel: ChannelID) -> Bool {
        guard connections.contains(connection), isIssued(channel) else { return false }
        return lookup.unsubscribe(connection, from: channel)
    }

    // MARK: - Delivery

    /// Queues `payload` in the outbox of every subscriber of `channel` except `sender`.
    ///
    /// The hub holds `payload` once, in a slot of its payload table, and every outbox gets that
    /// slot's 4-byte number (encode once, write N times; no per-subscriber reference counting). A
    /// subscriber whose unsent bytes would exceed ``EngineConfiguration/outboxByteCap`` is handled
    /// by the overflow policy; with ``EngineConfiguration/OverflowPolicy/disconnect`` it is
    /// disconnected once the loop is done. Allocates nothing once the hub's chunk arena, payload
    /// table and scratch buffers have grown.
    ///
    /// - Parameters:
    ///   - payload: the message, encoded once.
    ///   - channel: where to publish; an unknown channel reaches no one.
    ///   - sender: a connection not to echo to, usually the publisher.
    /// - Complexity: the lookup's cost to list the subscribers, plus O(subscribers).
    @inlinable @discardableResult
    public func publish(
        _ payload: Payload,
        to channel: ChannelID,
        excluding sender: ConnectionID? = nil
    ) -> PublishResult {
        guard isIssued(channel) else { return PublishResult() }
        let size = payload.byteCount
        let id = connections.outboxes.payloads.insert(payload, byteCount: size)
        let skipping = sender?.index ?? -1
        let cap = configuration.outboxByteCap
        let policy = configuration.overflowPolicy
        let result = lookup.withSubscribers(of: channel, scratch: &recipients) { subscribers in
            connections.outboxes.deliver(
                id,
                size: size,
                to: subscribers,
                skipping: skipping,
                cap: cap,
                policy: policy,
                overflowed: &overflowed,
                slow: &slow
            )
        }
        if !slow.isEmpty {
            for connection in slow { disconnect(connection) }
            slow.removeAll(keepingCapacity: true)
        }
        return result
    }

    /// Sends up to `bytes` from one connection's outbox (a client that reads at its own pace);
    /// an unknown connection or a negative budget sends nothing.
    @discardableResult
    public func drain(_ connection: ConnectionID, upTo bytes: Int) -> DrainResult {
        guard connections.contains(connection), bytes > 0 else { return DrainResult() }
        let sent = connections.outboxes.drain(at: connection.index, budget: bytes)
        return DrainResult(messages: sent.messages, bytes: sent.bytes)
    }

    /// Lets every client read from its outbox for `elapsed` at
    /// ``EngineConfiguration/drainBytesPerSecond``, oldest message first.
    ///
    /// Each connection may read `rate × elapsed` bytes (fractions of a byte carry over to the next
    /// drain); a message leaves the outbox when its last byte is read.
    ///
    /// - Throws: ``EngineError`` with code ``EngineError/Code/invalidElapsedTime`` if `elapsed` is negative.
    /// - Complexity: O(connection slots ÷ 8 + outboxes that received a message since the previous
    ///   hub-wide drain + messages completed); outboxes are visited in slot order and connections
    ///   with nothing queued are skipped eight at a time.
    @discardableResult
    public func drain(for elapsed: Duration) throws -> DrainResult {
        let parts = elapsed.components
        let seconds = Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
        guard seconds >= 0 else {
            throw EngineError(.invalidElapsedTime, "drain elapsed time must not be negative, got \(elapsed)")
        }
        let allowance = seconds * configuration.drainBytesPerSecond + drainCarry
        let budget: Int
        if allowance >= Double(Int.max / 2) {
            budget = Int.max / 2
            drainCarry = 0
        } else {
            budget = Int(allowance)  // truncation is the floor here: allowance is not negative
            drainCarry = allowance - Double(budget)
        }
        return connections.drain(budget: budget)
    }
}

extension ChannelHub {
    /// Queues `payload` in the outboxes of connections `0 ..< connections`, `publishes` times over,
    /// with no lookup, no cap or byte count, no sender check, no drain mark and no result: the raw
    /// store loop a publish is measured against (the memory limit of the outbox representation).
    ///
    /// Stores into the same outboxes with the same chunk handling as ``publish(_:to:excluding:)``,
    /// holding `payload` in one payload slot. It leaves byte counts wrong, so call
    /// ``discardQueuedMessages()`` before using the hub again. Connection ids `0 ..< connections`
    /// must be live.
    @_spi(Measurement)
    public func storeRaw(_ payload: Payload, connections count: Int, publishes: Int) {
        assert((0..<count).allSatisfy { connections.contains(ConnectionID(rawValue: UInt32($0))) })
        let id = connections.outboxes.payloads.insert(payload, byteCount: payload.byteCount)
        connections.outboxes.storeRaw(id, connections: count, publishes: publishes)
    }

    /// Empties every outbox without counting anything as read (each keeps one chunk).
    @_spi(Measurement)
    public func discardQueuedMessages() {
        for index in 0..<connections.outboxes.states.count { connections.outboxes.discardAll(at: index) }
    }
}
