public import FanoutInput

extension Scenario {
    /// API Gateway's maximum WebSocket payload: 128 KB (quotas page; see `models/pricing`).
    public static let maximumPayloadBytes = 131_072
    /// API Gateway's maximum connection duration: 2 hours, not increasable.
    public static let maximumSessionMinutes = 120.0

    /// Checks every field for meaning; the error names `source` and the key path.
    ///
    /// Bounds reject what cannot be (negative, NaN, payloads over API Gateway's 128 KB) and what
    /// is absurd for this tool (more than a billion users, months longer than 31 days).
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        try v.check("users", users, in: 1...1e9, "users")
        if users != users.rounded() { throw v.fail("users", "must be a whole number (got \(users))") }
        try v.check("hours_connected_per_day", hoursConnectedPerDay, in: 0.01...24, "hours")
        try v.check("month_hours", monthHours, in: 1...744, "hours")

        let s = v.nested("sessions")
        try s.check(
            "mean_minutes",
            sessions.meanMinutes,
            in: 0.1...Self.maximumSessionMinutes,
            "minutes (API Gateway closes connections at 2 h)"
        )
        try s.check("disconnect_event_loss_ratio", sessions.disconnectEventLossRatio, in: 0...1)

        let ch = v.nested("channels")
        try ch.check("count", channels.count, in: 0...100_000_000)
        try ch.check("joins_per_connection", channels.joinsPerConnection, in: 0...10_000)
        if channels.joinsPerConnection > channels.count {
            throw ch.fail("joins_per_connection", "cannot exceed channels.count (\(channels.count))")
        }
        try ch.check("popularity_zipf_exponent", channels.popularityZipfExponent, in: 0...10)
        try ch.check("name_bytes", channels.nameBytes, in: 1...1024)

        // An inbound sendmessage wraps the payload in an envelope; the whole must fit API Gateway's limit.
        let longestChannelName = max(channels.nameBytes, ClientProtocol.defaultChannel.utf8.count)
        let largestPayload = Self.maximumPayloadBytes - ClientProtocol.sendMessageEnvelopeBytes - longestChannelName
        let payloadRule =
            "bytes (API Gateway's 128 KB limit less the \(ClientProtocol.sendMessageEnvelopeBytes + longestChannelName)-byte sendmessage envelope)"

        let um = v.nested("user_messages")
        try um.check("per_user_per_day", userMessages.perUserPerDay, in: 0...1e7)
        try um.check("per_session", userMessages.perSession, in: 0...1e6)
        try um.check(
            "size_bytes",
            userMessages.sizeBytes,
            in: 1...largestPayload,
            payloadRule
        )
        if let recipients = userMessages.recipients {
            let others = max(0, (users * hoursConnectedPerDay / 24).rounded(.down) - 1)
            try um.check("recipients", recipients, in: 0...others, "(connections online besides the sender)")
        }
        let sendsMessages = userMessages.perUserPerDay > 0 || userMessages.perSession > 0
        if sendsMessages, userMessages.recipients == nil, userMessages.target != .everyone,
            channels.joinsPerConnection == 0
        {
            throw um.fail(
                "target",
                "'\(userMessages.target.rawValue)' needs channels.joins_per_connection > 0, or set recipients"
            )
        }

        let b = v.nested("broadcasts")
        try b.check("per_minute", broadcasts.perMinute, in: 0...600_000)
        try b.check(
            "size_bytes",
            broadcasts.sizeBytes,
            in: 1...largestPayload,
            payloadRule
        )
        if broadcasts.perMinute > 0, broadcasts.target != .everyone, channels.joinsPerConnection == 0 {
            throw b.fail("target", "'\(broadcasts.target.rawValue)' needs channels.joins_per_connection > 0")
        }

        let k = v.nested("keepalive")
        try k.check("interval_seconds", keepalive.intervalSeconds, in: 0...86_400)
        try k.check("size_bytes", keepalive.sizeBytes, in: 1...Self.maximumPayloadBytes, "bytes")
    }

    /// Loads a scenario file and validates it.
    public static func load(path: String) throws(InputError) -> Scenario {
        let scenario = try ModelFile.load(Scenario.self, path: path)
        try scenario.validate(source: path)
        return scenario
    }
}
