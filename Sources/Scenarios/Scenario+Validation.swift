public import FanoutInput

extension Scenario {
    /// API Gateway's maximum WebSocket payload: 128 KB (quotas page; see `models/pricing`).
    public static let maximumPayloadBytes = 131_072
    /// API Gateway's maximum connection duration: 2 hours, not increasable.
    public static let maximumSessionMinutes = 120.0

    /// Checks every field for meaning; the error names `source` and the key path.
    ///
    /// Bounds come from ``PhysicalRanges`` (negative, NaN, payloads over API Gateway's 128 KB,
    /// rates too small to happen or too large to count, more than a billion users, months longer
    /// than 31 days), and cross-field rules follow (joins within the channels, payload within the limit).
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        try v.check("users", users, PhysicalRanges.users)
        if users != users.rounded() { throw v.fail("users", "must be a whole number (got \(users))") }
        try v.check("hours_connected_per_day", hoursConnectedPerDay, PhysicalRanges.hoursPerDay)
        try v.check("month_hours", monthHours, PhysicalRanges.monthHours)

        let s = v.nested("sessions")
        try s.check("mean_minutes", sessions.meanMinutes, PhysicalRanges.sessionMinutes)
        try s.check("disconnect_event_loss_ratio", sessions.disconnectEventLossRatio, PhysicalRanges.ratio)

        let ch = v.nested("channels")
        try ch.check("count", channels.count, PhysicalRanges.channelCount)
        try ch.check("joins_per_connection", channels.joinsPerConnection, PhysicalRanges.joins)
        if channels.joinsPerConnection > channels.count {
            throw ch.fail("joins_per_connection", "cannot exceed channels.count (\(channels.count))")
        }
        try ch.check("popularity_zipf_exponent", channels.popularityZipfExponent, PhysicalRanges.zipfExponent)
        try ch.check("name_bytes", channels.nameBytes, PhysicalRanges.channelNameBytes)

        // An inbound sendmessage wraps the payload in an envelope; the whole must fit API Gateway's limit.
        let longestChannelName = max(channels.nameBytes, ClientProtocol.defaultChannel.utf8.count)
        let largestPayload = Self.maximumPayloadBytes - ClientProtocol.sendMessageEnvelopeBytes - longestChannelName
        let payloadRule =
            "bytes (API Gateway's 128 KB limit less the \(ClientProtocol.sendMessageEnvelopeBytes + longestChannelName)-byte sendmessage envelope)"

        let um = v.nested("user_messages")
        try um.check("per_user_per_day", userMessages.perUserPerDay, PhysicalRanges.messagesPerUserDay)
        try um.check("per_session", userMessages.perSession, PhysicalRanges.messagesPerSession)
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
        try b.check("per_minute", broadcasts.perMinute, PhysicalRanges.broadcastsPerMinute)
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
        try k.check("interval_seconds", keepalive.intervalSeconds, PhysicalRanges.keepaliveSeconds)
        try k.check("size_bytes", keepalive.sizeBytes, in: 1...Self.maximumPayloadBytes, "bytes")
    }

    /// Loads a scenario file and validates it.
    public static func load(path: String) throws(InputError) -> Scenario {
        let scenario = try ModelFile.load(Scenario.self, path: path)
        try scenario.validate(source: path)
        return scenario
    }
}
