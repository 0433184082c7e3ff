/// What the gateway has counted since it started; rendered by ``GatewayCore/metricsText()``.
struct GatewayCounters {
    var connectionsOpened = 0
    var connectionsClosed = 0
    var framesIn = 0
    var bytesIn = 0
    var framesOut = 0
    var bytesOut = 0
    /// Messages the engine queued in outboxes (one per subscriber reached).
    var deliveriesQueued = 0
    /// Messages not queued because an outbox was full, or evicted to make room.
    var deliveriesDropped = 0
    var userMessages = 0
    var userMessageBytes = 0
    var userMessageRecipients = 0
    var broadcasts = 0
    var broadcastBytes = 0
    var broadcastRecipients = 0
    /// Handshakes and publishes refused, by reason (`origin`, `token_missing`, …).
    var rejects: [String: Int] = [:]
    /// Connections the server closed, by reason (`rate_limit`, `slow_consumer`, `message_too_large`, …).
    var serverCloses: [String: Int] = [:]
    /// Error frames sent, by ``ClientRequest/Problem``.
    var protocolErrors: [String: Int] = [:]
    /// ∫ connections dt and ∫ subscriptions dt, in connection-seconds.
    var connectionSeconds = 0.0
    var subscriptionSeconds = 0.0
}
