import FanoutInput

/// A workload to plan for: who connects, for how long, what they join, and what is sent.
///
/// Every field is optional in a scenario file and has a documented default (see `MODEL.md`);
/// the defaults are the seed post's requirement at 20,000 concurrent users: a 2 KB server
/// broadcast to everyone once a minute, clients that join two channels on every connect.
public struct Scenario: Codable, Sendable, Equatable {
    /// Name shown in reports.
    public var name: String = "seed-requirement"
    /// User population. With 24 connected hours a day this is also the concurrent connection count.
    public var users: Double = 20_000
    /// Hours each user is connected per day; average concurrent connections = users × hours / 24.
    public var hoursConnectedPerDay: Double = 24
    /// Hours in the billing month (AWS calculators use 730; AWS's worked examples use 720).
    public var monthHours: Double = 730
    public var sessions = Sessions()
    public var channels = Channels()
    public var userMessages = UserMessages()
    public var broadcasts = Broadcasts()
    public var keepalive = Keepalive()
    /// When users come online over the day: `flat`, or a CSV of 24 hourly relative rates
    /// (`datasets/daily-profile-synthetic.csv`). Only the simulator uses it; the analytic bill
    /// depends on daily means, which a profile does not change.
    public var dailyProfile = "flat"

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, users
        case hoursConnectedPerDay = "hours_connected_per_day"
        case monthHours = "month_hours"
        case sessions, channels
        case userMessages = "user_messages"
        case broadcasts, keepalive
        case dailyProfile = "daily_profile"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Scenario()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
        users = try c.decodeIfPresent(Double.self, forKey: .users) ?? d.users
        hoursConnectedPerDay =
            try c.decodeIfPresent(Double.self, forKey: .hoursConnectedPerDay) ?? d.hoursConnectedPerDay
        monthHours = try c.decodeIfPresent(Double.self, forKey: .monthHours) ?? d.monthHours
        sessions = try c.decodeIfPresent(Sessions.self, forKey: .sessions) ?? d.sessions
        channels = try c.decodeIfPresent(Channels.self, forKey: .channels) ?? d.channels
        userMessages = try c.decodeIfPresent(UserMessages.self, forKey: .userMessages) ?? d.userMessages
        broadcasts = try c.decodeIfPresent(Broadcasts.self, forKey: .broadcasts) ?? d.broadcasts
        keepalive = try c.decodeIfPresent(Keepalive.self, forKey: .keepalive) ?? d.keepalive
        dailyProfile = try c.decodeIfPresent(String.self, forKey: .dailyProfile) ?? d.dailyProfile
    }
}

/// Which channel a message is published to; recipients follow from channel membership.
public enum ChannelTarget: String, Codable, Sendable, CaseIterable {
    /// The `default` channel every connection is in (the seed's `$connect` row): everyone.
    case everyone
    /// The most popular topic channel.
    case top
    /// A topic channel drawn by popularity, which is also how a sender's own channels are distributed.
    case popular
}

extension Scenario {
    /// How long connections last and how they end.
    public struct Sessions: Codable, Sendable, Equatable {
        /// Mean session length in minutes before the client disconnects or is cut; API Gateway ends
        /// every connection at 120 minutes and clients reconnect at once.
        public var meanMinutes: Double = 120
        /// Share of `$disconnect` events API Gateway fails to deliver (it is best-effort; no rate is published).
        public var disconnectEventLossRatio: Double = 0
        /// Whether messages API Gateway sends to a client (deliveries, broadcasts) reset its
        /// 10-minute idle timeout, as well as messages the client sends. AWS does not say; `true`
        /// is the assumption, `false` means only client traffic (sends, keep-alives) keeps it open.
        public var idleTimeoutCountsServerMessages = true

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case meanMinutes = "mean_minutes"
            case disconnectEventLossRatio = "disconnect_event_loss_ratio"
            case idleTimeoutCountsServerMessages = "idle_timeout_counts_server_messages"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Sessions()
            meanMinutes = try c.decodeIfPresent(Double.self, forKey: .meanMinutes) ?? d.meanMinutes
            disconnectEventLossRatio =
                try c.decodeIfPresent(Double.self, forKey: .disconnectEventLossRatio) ?? d.disconnectEventLossRatio
            idleTimeoutCountsServerMessages =
                try c.decodeIfPresent(Bool.self, forKey: .idleTimeoutCountsServerMessages)
                ?? d.idleTimeoutCountsServerMessages
        }
    }

    /// Topic channels besides `default`, and how connections join them.
    public struct Channels: Codable, Sendable, Equatable {
        /// Number of topic channels.
        public var count: Int = 2
        /// Topic channels each connection joins after it opens (one `joinchannel` message each).
        public var joinsPerConnection: Int = 2
        /// Zipf exponent of channel popularity; 0 is uniform.
        public var popularityZipfExponent: Double = 0
        /// Length of a channel name in bytes (UTF-8); the post's `friends-channel` is 15.
        public var nameBytes: Int = 15

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case count
            case joinsPerConnection = "joins_per_connection"
            case popularityZipfExponent = "popularity_zipf_exponent"
            case nameBytes = "name_bytes"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Channels()
            count = try c.decodeWholeNumberIfPresent(forKey: .count) ?? d.count
            joinsPerConnection = try c.decodeWholeNumberIfPresent(forKey: .joinsPerConnection) ?? d.joinsPerConnection
            popularityZipfExponent =
                try c.decodeIfPresent(Double.self, forKey: .popularityZipfExponent) ?? d.popularityZipfExponent
            nameBytes = try c.decodeWholeNumberIfPresent(forKey: .nameBytes) ?? d.nameBytes
        }
    }

    /// Messages users send through the `sendmessage` route.
    public struct UserMessages: Codable, Sendable, Equatable {
        /// Messages each user sends per day (while connected).
        public var perUserPerDay: Double = 0
        /// Messages sent right after each connect (the post's client sends one per open).
        public var perSession: Double = 0
        /// Payload size in bytes; API Gateway meters 32 KB increments and rejects more than 128 KB.
        public var sizeBytes: Int = 256
        /// Channel each message goes to.
        public var target: ChannelTarget = .popular
        /// Fixed number of recipients per message, overriding channel membership (direct or
        /// small-group messages the application addresses itself). `nil` derives it from channels.
        public var recipients: Double? = nil

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case perUserPerDay = "per_user_per_day"
            case perSession = "per_session"
            case sizeBytes = "size_bytes"
            case target, recipients
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = UserMessages()
            perUserPerDay = try c.decodeIfPresent(Double.self, forKey: .perUserPerDay) ?? d.perUserPerDay
            perSession = try c.decodeIfPresent(Double.self, forKey: .perSession) ?? d.perSession
            sizeBytes = try c.decodeWholeNumberIfPresent(forKey: .sizeBytes) ?? d.sizeBytes
            target = try c.decodeIfPresent(ChannelTarget.self, forKey: .target) ?? d.target
            recipients = try c.decodeIfPresent(Double.self, forKey: .recipients)
        }
    }

    /// Messages a server publishes (through the same `sendmessage` route in the seed).
    public struct Broadcasts: Codable, Sendable, Equatable {
        /// Broadcasts per minute.
        public var perMinute: Double = 1
        /// Payload size in bytes (the seed's requirement: at least 2 KB).
        public var sizeBytes: Int = 2048
        /// Channel each broadcast goes to.
        public var target: ChannelTarget = .everyone

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case perMinute = "per_minute"
            case sizeBytes = "size_bytes"
            case target
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Broadcasts()
            perMinute = try c.decodeIfPresent(Double.self, forKey: .perMinute) ?? d.perMinute
            sizeBytes = try c.decodeWholeNumberIfPresent(forKey: .sizeBytes) ?? d.sizeBytes
            target = try c.decodeIfPresent(ChannelTarget.self, forKey: .target) ?? d.target
        }
    }

    /// Application-level pings a client sends so API Gateway's 10-minute idle timeout does not close it.
    public struct Keepalive: Codable, Sendable, Equatable {
        /// Seconds between pings; 0 means the client sends none.
        public var intervalSeconds: Double = 0
        /// Ping payload in bytes.
        public var sizeBytes: Int = 32

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case intervalSeconds = "interval_seconds"
            case sizeBytes = "size_bytes"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Keepalive()
            intervalSeconds = try c.decodeIfPresent(Double.self, forKey: .intervalSeconds) ?? d.intervalSeconds
            sizeBytes = try c.decodeWholeNumberIfPresent(forKey: .sizeBytes) ?? d.sizeBytes
        }
    }
}
