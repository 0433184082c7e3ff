/// Something a client or the server does that the stack must handle.
public enum ConnectionAction: Sendable, Hashable {
    /// A client opens a WebSocket (`$connect`).
    case connect
    /// A client sends `joinchannel`.
    case join
    /// A message published to a channel through `sendmessage`.
    case publish(Publication)
    /// API Gateway delivers `$disconnect` for a connection that had `rows` rows.
    case disconnect(rows: Double)
    /// A client sends an application-level ping.
    case keepalive(bytes: Int)
}

/// One message published to a channel.
public struct Publication: Sendable, Hashable {
    /// Who published it.
    public enum Origin: String, Sendable, Hashable { case user, server }
    public var origin: Origin
    /// Payload bytes posted to each recipient.
    public var payloadBytes: Int
    /// Connections that should receive it (the sender excluded).
    public var recipients: Double
    /// Rows of the target channel in the table: live rows (the sender's included, if any) and stale ones.
    public var channelRows: Double
    /// Whether the channel is `default` (rows are the smaller default rows).
    public var toDefaultChannel: Bool
    /// Recipients whose row is missing (their `$connect` or join write failed): no lookup finds them.
    public var recipientsWithoutRow: Double
    /// Rows of connections that are gone: a lookup finds them and the handler posts to them (410 Gone).
    public var staleRows: Double

    public init(
        origin: Origin,
        payloadBytes: Int,
        recipients: Double,
        channelRows: Double,
        toDefaultChannel: Bool,
        recipientsWithoutRow: Double = 0,
        staleRows: Double = 0
    ) {
        self.origin = origin
        self.payloadBytes = payloadBytes
        self.recipients = recipients
        self.channelRows = channelRows
        self.toDefaultChannel = toDefaultChannel
        self.recipientsWithoutRow = recipientsWithoutRow
        self.staleRows = staleRows
    }
}

/// Which DynamoDB capacity is available to a request, and after how long.
///
/// The analytic path asks for both outcomes and weights them by the served share; the
/// simulator asks with the state of its token buckets: a call refused now but admitted within
/// the SDK's retries is served after `readWaitMs` / `writeWaitMs`.
public struct CapacityAvailability: Sendable, Hashable {
    public var reads: Bool
    public var writes: Bool
    /// Time the handler spends in SDK retries before its reads are admitted (ms).
    public var readWaitMs: Double
    /// Time the handler spends in SDK retries before its writes are admitted (ms).
    public var writeWaitMs: Double

    @inlinable
    public init(reads: Bool, writes: Bool, readWaitMs: Double = 0, writeWaitMs: Double = 0) {
        self.reads = reads
        self.writes = writes
        self.readWaitMs = readWaitMs
        self.writeWaitMs = writeWaitMs
    }
    /// Reads and writes both admitted at once. Computed and inlinable, so it folds to a constant
    /// where the simulator's hot paths use it instead of going through a global's lazy initialiser.
    @inlinable public static var available: CapacityAvailability { CapacityAvailability(reads: true, writes: true) }
}
