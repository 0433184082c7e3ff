/// Something a client or the server does that the stack must handle.
public enum ConnectionAction: Sendable, Equatable {
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
public struct Publication: Sendable, Equatable {
    /// Who published it.
    public enum Origin: String, Sendable { case user, server }
    public var origin: Origin
    /// Payload bytes posted to each recipient.
    public var payloadBytes: Int
    /// Connections that should receive it (the sender excluded).
    public var recipients: Double
    /// Rows of the target channel in the table (recipients plus the sender's row, if any).
    public var channelRows: Double
    /// Whether the channel is `default` (rows are the smaller default rows).
    public var toDefaultChannel: Bool

    public init(origin: Origin, payloadBytes: Int, recipients: Double, channelRows: Double, toDefaultChannel: Bool) {
        self.origin = origin
        self.payloadBytes = payloadBytes
        self.recipients = recipients
        self.channelRows = channelRows
        self.toDefaultChannel = toDefaultChannel
    }
}

/// Which DynamoDB capacity is available to a request at the moment it runs.
///
/// The analytic path asks for both outcomes and weights them by the served share; the
/// simulator will ask with the state of its token buckets.
public struct CapacityAvailability: Sendable, Equatable {
    public var reads: Bool
    public var writes: Bool
    public init(reads: Bool, writes: Bool) {
        self.reads = reads
        self.writes = writes
    }
    public static let available = CapacityAvailability(reads: true, writes: true)
}
