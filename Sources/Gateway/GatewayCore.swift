import ChannelEngine
import NIOCore
import NIOWebSocket

/// The gateway's one piece of shared state, owned by its event loop: the channel engine, the live
/// sessions by connection id, connections per token subject, and the counters.
///
/// Not thread-safe, like the ``ChannelHub`` it wraps: every call happens on ``eventLoop``
/// (uWebSockets keeps one topic tree per thread the same way).
final class GatewayCore {
    let configuration: GatewayConfiguration
    let eventLoop: any EventLoop
    let hub: ChannelHub<IndexLookup>
    let defaultChannel: ChannelID
    /// Live sessions, indexed by ``ConnectionID/index``.
    private(set) var sessions: [WebSocketSession?] = []
    private var connectionsBySubject: [String: Int] = [:]
    var counters = GatewayCounters()
    private var subscriptions = 0
    private let startedNanoseconds: UInt64
    private var lastAccountedNanoseconds: UInt64
    /// Recently published payloads as ready frame buffers, so a fan-out writes one shared buffer.
    private var frameCache: [(payload: Payload, buffer: ByteBuffer)] = []
    private var recipients: [ConnectionID] = []
    private var serialNumber: UInt64 = 0
    /// Set once shutdown has begun: new sessions are refused.
    private(set) var isShuttingDown = false

    init(configuration: GatewayConfiguration, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.hub = ChannelHub(configuration: configuration.engine)
        self.defaultChannel = hub.channel(named: GatewayConfiguration.defaultChannel)
        let now = NIODeadline.now().uptimeNanoseconds
        startedNanoseconds = now
        lastAccountedNanoseconds = now
    }

    var uptimeSeconds: Double { Double(NIODeadline.now().uptimeNanoseconds - startedNanoseconds) * 1e-9 }
    var connectionCount: Int { hub.connectionCount }
    var subscriptionCount: Int { subscriptions }

    /// Adds the time since the last change to the connection- and subscription-seconds integrals.
    func account() {
        let now = NIODeadline.now().uptimeNanoseconds
        let seconds = Double(now - lastAccountedNanoseconds) * 1e-9
        counters.connectionSeconds += Double(hub.connectionCount) * seconds
        counters.subscriptionSeconds += Double(subscriptions) * seconds
        lastAccountedNanoseconds = now
    }

    // MARK: - Sessions

    /// Connections `subject` holds now.
    func connections(of subject: String) -> Int { connectionsBySubject[subject] ?? 0 }

    /// Opens an engine connection for `session`, subscribed to `default`.
    func register(_ session: WebSocketSession) -> (ConnectionID, String) {
        account()
        let id = hub.connect()
        hub.subscribe(id, to: defaultChannel)
        subscriptions += 1
        if sessions.count <= id.index {
            sessions.append(contentsOf: repeatElement(nil, count: id.index + 1 - sessions.count))
        }
        sessions[id.index] = session
        if let subject = session.token?.subject { connectionsBySubject[subject, default: 0] += 1 }
        counters.connectionsOpened += 1
        serialNumber += 1
        return (id, "c" + String(serialNumber, radix: 36))
    }

    /// Closes the engine connection of `session` (a no-op if the engine already dropped it).
    func unregister(_ session: WebSocketSession, id: ConnectionID) {
        guard id.index < sessions.count, sessions[id.index] === session else { return }
        account()
        subscriptions -= session.channels.count
        hub.disconnect(id)
        forget(session, id: id)
    }

    private func forget(_ session: WebSocketSession, id: ConnectionID) {
        sessions[id.index] = nil
        if let subject = session.token?.subject {
            connectionsBySubject[subject, default: 1] -= 1
            if connectionsBySubject[subject] == 0 { connectionsBySubject[subject] = nil }
        }
        counters.connectionsClosed += 1
    }

    func subscribe(_ id: ConnectionID, to channel: ChannelID) -> Bool {
        account()
        guard hub.subscribe(id, to: channel) else { return false }
        subscriptions += 1
        return true
    }

    func unsubscribe(_ id: ConnectionID, from channel: ChannelID) -> Bool {
        account()
        guard hub.unsubscribe(id, from: channel) else { return false }
        subscriptions -= 1
        return true
    }

    // MARK: - Delivery

    /// Publishes `bytes` to `channel` (except `sender`), then writes what each recipient's socket
    /// will take now and closes the slow consumers the engine disconnected.
    ///
    /// - Returns: the engine's result.
    @discardableResult
    func publish(_ bytes: [UInt8], to channel: ChannelID, excluding sender: ConnectionID?) -> PublishResult {
        guard let payload = try? Payload(bytes) else { return PublishResult() }
        recipients.removeAll(keepingCapacity: true)
        hub.lookup.appendSubscribers(of: channel, to: &recipients)
        let result = hub.publish(payload, to: channel, excluding: sender)
        counters.deliveriesQueued += result.delivered
        counters.deliveriesDropped += result.dropped + result.evicted
        if result.delivered > 0 { cache(payload) }
        if result.disconnected > 0 { account() }
        for id in recipients where id != sender {
            guard let session = sessions[id.index] else { continue }
            if hub.isConnected(id) {
                session.writeQueued()
            } else {
                // The engine disconnected it: its outbox passed the byte cap.
                subscriptions -= session.channels.count
                forget(session, id: id)
                session.close(code: .policyViolation, reason: "slow_consumer", detachedFromEngine: true)
            }
        }
        return result
    }

    private func cache(_ payload: Payload) {
        if frameCache.contains(where: { $0.payload === payload }) { return }
        if frameCache.count >= 8 { frameCache.removeFirst() }
        frameCache.append((payload, ByteBufferAllocator().buffer(bytes: payload.bytes)))
    }

    /// The frame buffer of `payload`: the shared one if it is recent, else a new copy.
    func buffer(for payload: Payload, allocator: ByteBufferAllocator) -> ByteBuffer {
        for entry in frameCache.reversed() where entry.payload === payload { return entry.buffer }
        return allocator.buffer(bytes: payload.bytes)
    }

    // MARK: - Timers and shutdown

    /// Closes sessions idle or open too long; run once a second.
    func sweep() {
        account()
        let now = NIODeadline.now().uptimeNanoseconds
        let idle = UInt64(configuration.idleTimeoutSeconds * 1e9)
        let longest = UInt64(configuration.maxSessionSeconds * 1e9)
        for session in sessions {
            guard let session else { continue }
            if idle > 0, now &- session.lastInboundNanoseconds > idle {
                session.close(code: .goingAway, reason: "idle_timeout")
            } else if longest > 0, now &- session.openedNanoseconds > longest {
                session.close(code: .goingAway, reason: "max_session")
            }
        }
    }

    /// Refuses new sessions, writes what every outbox holds and closes each session with 1001.
    func beginShutdown() {
        isShuttingDown = true
        for session in sessions { session?.close(code: .goingAway, reason: "shutdown", flushFirst: true) }
    }

    /// Counts a server-initiated close or a refused request under `reason`.
    func countClose(_ reason: String) { counters.serverCloses[reason, default: 0] += 1 }
    func countReject(_ reason: String) { counters.rejects[reason, default: 0] += 1 }
}
