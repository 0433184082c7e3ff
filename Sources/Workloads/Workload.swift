public import Scenarios

/// A scenario turned into steady-state rates: connects, joins, sends and broadcasts per second,
/// and who receives what.
///
/// These are expected values over the month. The simulator draws the same quantities as random
/// events; the analytic bill multiplies them by what each action costs.
public struct Workload: Sendable, Equatable {
    /// API Gateway closes a connection with no messages for 10 minutes (not increasable).
    public static let idleTimeoutSeconds = 600.0

    public let scenario: Scenario
    /// Average concurrent connections: users × hours connected / 24.
    public let concurrentConnections: Double
    /// Seconds in the billing month.
    public let monthSeconds: Double
    /// Mean connection lifetime in seconds after API Gateway's idle timeout is applied
    /// (C ÷ connects per second, over connections that idle and those that do not).
    public let sessionSeconds: Double
    /// True when some connections see no message for 10 minutes, so API Gateway's idle timeout ends their sessions.
    public let idleTimeoutEndsSessions: Bool
    /// Share of connections whose sessions the idle timeout ends.
    public let idleTimeoutShare: Double
    /// New connections per second (every session reconnects when it ends).
    public let connectsPerSecond: Double
    /// `joinchannel` requests per second.
    public let joinsPerSecond: Double
    /// User `sendmessage` requests per second.
    public let userSendsPerSecond: Double
    /// Server broadcasts per second.
    public let broadcastsPerSecond: Double
    /// Keep-alive pings per second.
    public let keepalivesPerSecond: Double
    /// Expected recipients of one user message (the sender excluded).
    public let userMessageRecipients: Double
    /// Expected rows a user message's channel has in the table (recipients plus the sender's row, if subscribed).
    public let userMessageChannelRows: Double
    /// Expected recipients of one broadcast.
    public let broadcastRecipients: Double
    /// Expected rows of the broadcast's channel in the table.
    public let broadcastChannelRows: Double
    /// Connection minutes in the month.
    public let connectionMinutes: Double

    /// Inclusion probabilities of the topic channels by popularity.
    public let popularity: ChannelPopularity

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        let c = scenario.users * scenario.hoursConnectedPerDay / 24
        concurrentConnections = c
        monthSeconds = scenario.monthHours * 3600
        connectionMinutes = c * scenario.monthHours * 60

        popularity = ChannelPopularity(
            count: scenario.channels.count,
            joins: scenario.channels.joinsPerConnection,
            zipfExponent: scenario.channels.popularityZipfExponent
        )
        let um = scenario.userMessages
        if let fixed = um.recipients {
            userMessageRecipients = fixed
            userMessageChannelRows = fixed + 1
        } else {
            // A user message goes to `default`, the top channel, or one of the sender's own channels.
            let p: Double =
                switch um.target {
                case .everyone: 1
                case .top: popularity.topMembership
                case .popular: popularity.ownChannelMembership
                }
            userMessageRecipients = max(0, c - 1) * p
            // The sender is in `everyone` and in its own (popular) channels; in `top` with probability p.
            let senderRow = um.target == .top ? p : 1
            userMessageChannelRows = userMessageRecipients + senderRow
        }
        // A broadcast goes to `default`, the top channel, or a channel drawn by popularity.
        let bp: Double =
            switch scenario.broadcasts.target {
            case .everyone: 1
            case .top: popularity.topMembership
            case .popular: popularity.popularMembership
            }
        broadcastRecipients = c * bp
        // The publisher's own connection has a `default` row too (the seed has no other way to publish).
        broadcastChannelRows = broadcastRecipients + (scenario.broadcasts.target == .everyone ? 1 : 0)

        broadcastsPerSecond = scenario.broadcasts.perMinute / 60
        let dailySendsPerSecond = scenario.users * um.perUserPerDay / 86_400
        keepalivesPerSecond = scenario.keepalive.intervalSeconds > 0 ? c / scenario.keepalive.intervalSeconds : 0

        // API Gateway's idle timeout acts per connection, so connections are split by whether
        // server broadcasts reach them. Messages per second crossing one connection, both ways:
        // user traffic is spread over all connections (an average), broadcasts reach members only.
        // When server messages do not count (`idle_timeout_counts_server_messages` false), only
        // what a client sends does: its own messages and keep-alives.
        let serverMessagesCount = scenario.sessions.idleTimeoutCountsServerMessages
        let broadcastMembership = broadcastsPerSecond > 0 && c > 0 ? min(1, broadcastRecipients / c) : 0
        let userActivity =
            c > 0 ? dailySendsPerSecond * (1 + (serverMessagesCount ? userMessageRecipients : 0)) / c : 0
        let keepaliveActivity = scenario.keepalive.intervalSeconds > 0 ? 1 / scenario.keepalive.intervalSeconds : 0
        let keptAlive =
            scenario.keepalive.intervalSeconds > 0 && scenario.keepalive.intervalSeconds <= Self.idleTimeoutSeconds
        let requested = scenario.sessions.meanMinutes * 60
        func session(activity: Double) -> Double {
            !keptAlive && activity < 1 / Self.idleTimeoutSeconds && requested > Self.idleTimeoutSeconds
                ? Self.idleTimeoutSeconds : requested
        }
        let memberSession = session(
            activity: userActivity + (serverMessagesCount ? broadcastsPerSecond : 0) + keepaliveActivity
        )
        let otherSession = session(activity: userActivity + keepaliveActivity)
        var idleShare = 0.0
        if memberSession < requested { idleShare += broadcastMembership }
        if otherSession < requested { idleShare += 1 - broadcastMembership }
        idleTimeoutShare = idleShare
        idleTimeoutEndsSessions = idleShare > 0
        let connectsPerConnection = broadcastMembership / memberSession + (1 - broadcastMembership) / otherSession
        sessionSeconds = 1 / connectsPerConnection
        connectsPerSecond = c / sessionSeconds
        joinsPerSecond = connectsPerSecond * Double(scenario.channels.joinsPerConnection)
        userSendsPerSecond = dailySendsPerSecond + connectsPerSecond * um.perSession
    }

    /// Topic channels each connection joins.
    public var joinsPerConnection: Int { scenario.channels.joinsPerConnection }
}
