import Foundation

/// What `fanout load` does: how many connections, how fast, which channels, what is published.
public struct LoadPlan: Sendable {
    /// Server host (loopback) and port.
    public var host = "127.0.0.1"
    /// Server port.
    public var port = 8080
    /// Request path and query, with the token if the server wants one (`/?token=...`).
    public var path = "/"
    /// `Origin` header sent with every handshake.
    public var origin = "http://localhost"
    /// Receiving connections to open.
    public var connections = 1_000
    /// Connections opened per second.
    public var connectsPerSecond = 2_000.0
    /// Local addresses the connections are spread over (127.0.0.1 … 127.0.0.N), each with its own
    /// ephemeral port range.
    public var sourceAddresses = 4
    /// Topic channels each receiving connection joins besides `default` (`ch0`, `ch1`, …).
    public var joinsPerConnection = 2
    /// Size of each broadcast's message, in bytes.
    public var broadcastBytes = 2_048
    /// Broadcasts per minute to `default` (everyone); 0 publishes the next as soon as the previous
    /// has reached every receiver, `window` at a time (a saturation test).
    public var broadcastsPerMinute = 60.0
    /// Broadcasts in flight at once when `broadcastsPerMinute` is 0.
    public var window = 4
    /// Seconds of publishing after every connection is in.
    public var durationSeconds = 60.0
    /// Seconds to wait for stragglers after the last publish.
    public var drainSeconds = 5.0
    /// Seconds to hold the connections idle before publishing (for memory readings).
    public var idleHoldSeconds = 0.0
    /// Called on the generator's event loop when publishing starts (after the idle hold): where a
    /// benchmark reads the server's memory and CPU time.
    public var onPublishStart: (@Sendable () -> Void)?
    /// Called on the generator's event loop when the run ends, before the connections close.
    public var onFinish: (@Sendable () -> Void)?

    /// The defaults: 1,000 connections at 2,000/s, two channels each, a 2 KB broadcast a second for a minute.
    public init() {}
}

/// What one load run measured on the client side.
public struct LoadReport: Sendable {
    /// Receiving connections started.
    public var connectionsAttempted = 0
    /// Connections upgraded to WebSocket.
    public var connectionsEstablished = 0
    /// Connections that failed to connect or were refused at the handshake.
    public var connectionsFailed = 0
    /// Connections closed by the server during the run.
    public var connectionsLost = 0
    /// TCP connect to WebSocket upgrade done.
    public var connectTime = LatencyHistogram()
    /// Seconds from the first connect to the last one established and joined.
    public var connectPhaseSeconds = 0.0
    /// Broadcasts published.
    public var broadcastsSent = 0
    /// Deliveries the broadcasts should have made (receivers connected when each was sent).
    public var deliveriesExpected = 0
    /// Broadcast deliveries the clients received.
    public var deliveriesReceived = 0
    /// Publish to receive, per delivery.
    public var latency = LatencyHistogram()
    /// Publish to the last receiver, per broadcast.
    public var lastDelivery = LatencyHistogram()
    /// Seconds from the first publish to the last delivery.
    public var publishPhaseSeconds = 0.0
    /// Whether the publishing connection failed (no server, or its handshake was refused).
    public var publisherFailed = false
    /// Open-file limit before and after raising it.
    public var fileLimit = (before: 0, after: 0)

    /// Deliveries expected but not received.
    public var deliveriesLost: Int { max(0, deliveriesExpected - deliveriesReceived) }
    /// Deliveries received per second of the publish phase.
    public var deliveriesPerSecond: Double {
        publishPhaseSeconds > 0 ? Double(deliveriesReceived) / publishPhaseSeconds : 0
    }

    /// An empty report.
    public init() {}

    /// The report as aligned text lines.
    public func text() -> String {
        func ms(_ h: LatencyHistogram) -> String {
            String(
                format: "p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms",
                h.milliseconds(atQuantile: 0.5),
                h.milliseconds(atQuantile: 0.99),
                h.milliseconds(atQuantile: 0.999),
                Double(h.maxNanoseconds) / 1e6
            )
        }
        return """
            open files limit     \(fileLimit.before) -> \(fileLimit.after)
            connections          \(connectionsEstablished) of \(connectionsAttempted) established, \(connectionsFailed) failed, \(connectionsLost) closed by the server
            connect phase        \(String(format: "%.2f", connectPhaseSeconds)) s
            connect time         \(ms(connectTime))
            broadcasts           \(broadcastsSent) sent
            deliveries           \(deliveriesReceived) of \(deliveriesExpected) received, \(deliveriesLost) lost
            deliveries/s         \(String(format: "%.0f", deliveriesPerSecond)) over \(String(format: "%.2f", publishPhaseSeconds)) s
            latency              \(ms(latency))
            last delivery        \(ms(lastDelivery)) (per broadcast)

            """
    }
}
