/// Estimated bytes of a hub's state and what they come to per connection and per subscription.
///
/// Produced by ``ChannelHub/memoryReport()``, which documents the method.
public struct MemoryReport: Sendable, Equatable {
    public var connections: Int
    public var subscriptions: Int
    public var channels: Int
    /// The hub's own per-connection state: outbox records, live flags, free ids.
    public var hubConnectionBytes: Int
    /// Storage of queued messages: the outbox chunk arena and the payload table (not the payload
    /// bodies). Grows with messages queued, not with connections or subscriptions.
    public var queueBytes: Int
    /// The lookup's state, split by what it grows with.
    public var lookup: LookupMemory

    public init(
        connections: Int,
        subscriptions: Int,
        channels: Int,
        hubConnectionBytes: Int,
        queueBytes: Int = 0,
        lookup: LookupMemory
    ) {
        self.connections = connections
        self.subscriptions = subscriptions
        self.channels = channels
        self.hubConnectionBytes = hubConnectionBytes
        self.queueBytes = queueBytes
        self.lookup = lookup
    }

    /// Every estimated byte.
    public var totalBytes: Int { hubConnectionBytes + queueBytes + lookup.totalBytes }

    /// Hub and lookup connection bytes over live connections (0 with none).
    public var bytesPerConnection: Double {
        connections == 0 ? 0 : Double(hubConnectionBytes + lookup.connectionBytes) / Double(connections)
    }

    /// Lookup subscription bytes over subscriptions (0 with none).
    public var bytesPerSubscription: Double {
        subscriptions == 0 ? 0 : Double(lookup.subscriptionBytes) / Double(subscriptions)
    }
}
