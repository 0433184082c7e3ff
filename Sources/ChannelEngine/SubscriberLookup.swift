/// How a ``ChannelHub`` finds the subscribers of a channel and the subscriptions of a connection.
///
/// The seam between the two designs Fanout compares: ``ScanLookup`` (one flat table of
/// `(connection, channel)` rows filtered on every publish and disconnect, the DynamoDB Scan design)
/// and ``IndexLookup`` (channel → subscribers and connection → channels, as every production engine
/// does). Ids are expected to be dense, as a hub issues them; a lookup may size arrays by the
/// largest id it has seen. Removing or querying ids it has never seen does nothing.
public protocol SubscriberLookup {
    /// An empty lookup.
    init()

    /// Subscriptions stored: one per distinct `(connection, channel)` pair.
    var subscriptionCount: Int { get }

    /// Entries held in every internal structure (rows, both index directions, position maps).
    ///
    /// Zero exactly when nothing is left behind; the leak check after everyone disconnects.
    var storedEntryCount: Int { get }

    /// Adds `connection` to `channel`'s subscribers.
    ///
    /// - Returns: `false` if it was already subscribed.
    mutating func subscribe(_ connection: ConnectionID, to channel: ChannelID) -> Bool

    /// Removes `connection` from `channel`'s subscribers.
    ///
    /// - Returns: `false` if it was not subscribed.
    mutating func unsubscribe(_ connection: ConnectionID, from channel: ChannelID) -> Bool

    /// Removes every subscription of `connection` (its disconnect).
    ///
    /// - Returns: how many subscriptions were removed.
    mutating func removeAll(of connection: ConnectionID) -> Int

    /// Appends the subscribers of `channel` to `buffer`, in no particular order.
    ///
    /// A buffer the caller reuses, so a publish allocates nothing once it has grown.
    func appendSubscribers(of channel: ChannelID, to buffer: inout [ConnectionID])

    /// Calls `body` with the subscribers of `channel`, in no particular order.
    ///
    /// The default lists them into `scratch` (a buffer the caller reuses) with
    /// ``appendSubscribers(of:to:)``; a lookup that already keeps them contiguous can hand over its
    /// own storage instead, so a publish copies nothing.
    func withSubscribers<Result>(
        of channel: ChannelID,
        scratch: inout [ConnectionID],
        _ body: (UnsafeBufferPointer<ConnectionID>) throws -> Result
    ) rethrows -> Result

    /// Whether `connection` is subscribed to `channel`.
    func isSubscribed(_ connection: ConnectionID, to channel: ChannelID) -> Bool

    /// Estimated heap and inline bytes of the lookup's own state, split by what they grow with.
    ///
    /// See ``LookupMemory`` for the method.
    var memory: LookupMemory { get }
}

extension SubscriberLookup {
    @inlinable
    public func withSubscribers<Result>(
        of channel: ChannelID,
        scratch: inout [ConnectionID],
        _ body: (UnsafeBufferPointer<ConnectionID>) throws -> Result
    ) rethrows -> Result {
        scratch.removeAll(keepingCapacity: true)
        appendSubscribers(of: channel, to: &scratch)
        return try scratch.withUnsafeBufferPointer(body)
    }

    /// Whether no subscription and no internal entry is left.
    public var isEmpty: Bool { storedEntryCount == 0 }
}
