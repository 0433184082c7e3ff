@_spi(Measurement) import ChannelEngine
import Foundation
import SimKernel

/// Measurements of the channel engine shared by `fanout bench engine` and `fanout calibrate`.
enum EngineMeasurements {
    /// Deliveries per second of the index engine fanning one shared payload out to `subscribers`,
    /// and of a raw loop storing the same payload's entry into the same outboxes (the memory limit).
    ///
    /// Steady state: clients read everything every `queueDepth` publishes (an untimed drain), so
    /// each outbox holds at most `queueDepth` messages; an untimed round of each kind warms the
    /// outboxes first. Only the publish loops are timed. The raw loop runs on the same hub and
    /// outboxes with the same chunk handling, but without lookup, cap, byte count, sender check or
    /// payload-table slot per publish. Engine and raw samples alternate (so both see the same
    /// machine), at least five of each, each sample about a fifth of `deliveries` but never less
    /// than one drain round; the best sample of each is reported. With `shuffled`, the channel's
    /// subscribers are in random connection order (as churn leaves them) instead of connection
    /// order; the raw loop still walks the outboxes in connection order.
    static func fanOut(
        subscribers: Int,
        payload: Payload,
        deliveries: Int,
        queueDepth: Int = defaultQueueDepth,
        shuffled: Bool = false
    ) throws -> (engine: Double, raw: Double) {
        let configuration = try EngineConfiguration(outboxByteCap: 1 << 20, overflowPolicy: .dropNewest)
        let hub = ChannelHub<IndexLookup>(configuration: configuration)
        let channel = hub.makeChannel()
        var connections = (0..<subscribers).map { _ in hub.connect() }
        if shuffled {
            var rng = Xoshiro256(seed: 2026)
            connections.shuffle(using: &rng)
        }
        for connection in connections { hub.subscribe(connection, to: channel) }
        let batch = max(
            1,
            min(queueDepth, deliveries / subscribers, configuration.outboxByteCap / payload.byteCount / 2)
        )
        let roundsPerSample = max(1, deliveries / 5 / (batch * subscribers))
        let samples = max(5, deliveries / (roundsPerSample * batch * subscribers))
        let clock = ContinuousClock()

        func engineRound() throws -> (Duration, Int) {
            var delivered = 0
            let time = clock.measure {
                for _ in 0..<batch { delivered += hub.publish(payload, to: channel).delivered }
            }
            _ = try hub.drain(for: .seconds(1_000_000))
            return (time, delivered)
        }
        func rawRound() -> (Duration, Int) {
            let time = clock.measure { hub.storeRaw(payload, connections: subscribers, publishes: batch) }
            hub.discardQueuedMessages()
            return (time, batch * subscribers)
        }
        _ = try engineRound()
        _ = rawRound()
        var bestEngine = 0.0
        var bestRaw = 0.0
        for _ in 0..<samples {
            var time = Duration.zero
            var count = 0
            for _ in 0..<roundsPerSample {
                let (t, n) = try engineRound()
                time += t
                count += n
            }
            bestEngine = max(bestEngine, Double(count) / time.seconds)
            time = .zero
            count = 0
            for _ in 0..<roundsPerSample {
                let (t, n) = rawRound()
                time += t
                count += n
            }
            bestRaw = max(bestRaw, Double(count) / time.seconds)
        }
        return (bestEngine, bestRaw)
    }

    /// Publishes between two drains in ``fanOut(subscribers:payload:deliveries:queueDepth:)``.
    static let defaultQueueDepth = 1_000

    /// Messages per second one core queues *and* hands to clients: publishes of one shared payload
    /// to `subscribers` (index lookup, connection order), each round of `queueDepth` publishes
    /// followed by a drain that empties every outbox, both timed. A server does both for every
    /// message it sends, so this is the engine's delivery cost that `fanout calibrate` records;
    /// the best of `samples` rounds is kept.
    static func deliveryCycle(
        subscribers: Int,
        payload: Payload,
        queueDepth: Int = 10,
        samples: Int = 20
    ) throws -> Double {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(outboxByteCap: 1 << 20))
        let channel = hub.makeChannel()
        for _ in 0..<subscribers { hub.subscribe(hub.connect(), to: channel) }
        let clock = ContinuousClock()
        var best = 0.0
        for _ in 0...samples {  // the first round warms the outboxes and is not kept
            var delivered = 0
            var drained = DrainResult()
            let time = try clock.measure {
                for _ in 0..<queueDepth { delivered += hub.publish(payload, to: channel).delivered }
                drained = try hub.drain(for: .seconds(1_000_000))
            }
            precondition(drained.messages == delivered, "the drain left messages queued")
            best = max(best, Double(delivered) / time.seconds)
        }
        return best
    }

    /// Nanoseconds per publish to a channel with one subscriber (the fixed cost of a publish).
    static func publishNanoseconds(payload: Payload) throws -> Double {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(outboxByteCap: 1 << 30))
        let channel = hub.makeChannel()
        hub.subscribe(hub.connect(), to: channel)
        let clock = ContinuousClock()
        var total = Duration.zero
        for _ in 0..<200 {
            total += clock.measure { for _ in 0..<1_000 { hub.publish(payload, to: channel) } }
            _ = try hub.drain(for: .seconds(1_000_000))
        }
        return total.seconds * 1e9 / 200_000
    }

    /// Nanoseconds per connect, per subscribe, and per subscription a disconnect removes, with
    /// `connections` connections of 10 subscriptions each over 1,000 channels.
    static func churn(connections: Int) -> (connect: Double, subscribe: Double, disconnectPerSubscription: Double) {
        let hub = ChannelHub<IndexLookup>()
        let channels = (0..<1_000).map { _ in hub.makeChannel() }
        let clock = ContinuousClock()
        var ids: [ConnectionID] = []
        ids.reserveCapacity(connections)
        let connectTime = clock.measure { for _ in 0..<connections { ids.append(hub.connect()) } }
        let subscribeTime = clock.measure {
            for (c, id) in ids.enumerated() {
                for j in 0..<10 { hub.subscribe(id, to: channels[(c * 7 + j * 101) % channels.count]) }
            }
        }
        let disconnectTime = clock.measure { for id in ids { hub.disconnect(id) } }
        let n = Double(connections)
        return (
            connectTime.seconds * 1e9 / n, subscribeTime.seconds * 1e9 / (n * 10),
            disconnectTime.seconds * 1e9 / (n * 10)
        )
    }

    /// Engine bytes per idle connection, and per subscription with 10 subscriptions each.
    static func memory(connections: Int) -> (perConnection: Double, perSubscription: Double) {
        let idle = ChannelHub<IndexLookup>()
        for _ in 0..<connections { _ = idle.connect() }
        let subscribed = ChannelHub<IndexLookup>()
        let channels = (0..<1_000).map { _ in subscribed.makeChannel() }
        for c in 0..<connections {
            let connection = subscribed.connect()
            for j in 0..<10 { subscribed.subscribe(connection, to: channels[(c * 7 + j * 101) % channels.count]) }
        }
        return (idle.memoryReport().bytesPerConnection, subscribed.memoryReport().bytesPerSubscription)
    }
}
