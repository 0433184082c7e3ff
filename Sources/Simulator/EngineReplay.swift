public import Architectures
import ChannelEngine
import Foundation
public import Scenarios
import SimKernel
import Workloads

/// The simulated workload driving the real channel engine: every connect, subscribe, publish,
/// drain and disconnect really executes on a ``ChannelHub``, and its CPU time is measured.
///
/// Users keep `users × hours / 24` connections open; each ends after the scenario's session length
/// and reconnects at once (a self-hosted server has no 2 h cut of its own, but the scenario's
/// session length is kept, which is conservative). Broadcasts and user messages follow the
/// scenario; clients read their outboxes at the engine's drain rate.
public enum EngineReplay {
    /// CPU time one kind of engine operation took.
    public struct Operation: Codable, Sendable, Equatable {
        public var name: String
        public var count: Double
        public var cpuSeconds: Double
        /// Mean nanoseconds per operation (timer overhead subtracted).
        public var nanosecondsEach: Double

        enum CodingKeys: String, CodingKey {
            case name, count
            case cpuSeconds = "cpu_seconds"
            case nanosecondsEach = "ns_each"
        }
    }

    /// What the replay measured.
    public struct Result: Sendable {
        public var operations: [Operation]
        public var deliveries: Double
        public var dropped: Double
        public var simulatedSeconds: Double
        /// The measured costs, in the form the `engine` architecture sizes from.
        public var calibration: EngineCalibration
    }

    enum Event {
        case sessionEnd(ConnectionID)
        case broadcast
        case userSend
    }

    /// Replays `days` of `scenario` on a real engine (index lookup).
    /// `progress` counts the simulated hours passed, for a progress line.
    public static func run(
        scenario: Scenario,
        days: Double,
        seed: UInt64,
        machine: String,
        progress: SimulationProgress? = nil
    ) throws -> Result {
        let workload = Workload(scenario)
        let hub = ChannelHub<IndexLookup>()
        let streams = RandomStreams(seed: seed)
        var channelsRNG = streams.stream("channels")
        var sendsRNG = streams.stream("sends")
        var phaseRNG = streams.stream("arrivals")
        let topics = (0..<scenario.channels.count).map { _ in hub.makeChannel() }
        let everyone = hub.makeChannel()
        let popularity =
            topics.isEmpty
            ? nil : AliasTable.zipf(count: topics.count, exponent: scenario.channels.popularityZipfExponent)
        var joined: [ConnectionID: [ChannelID]] = [:]
        var live: [ConnectionID] = []
        var liveIndex: [ConnectionID: Int] = [:]

        let clock = ContinuousClock()
        let timerOverhead = clock.measure { for _ in 0..<1_000 { _ = clock.measure {} } } / 1_000
        var spent: [String: (count: Double, time: Duration)] = [:]
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            var value: T?
            let elapsed = try clock.measure { value = try body() }
            spent[name, default: (0, .zero)].count += 1
            spent[name, default: (0, .zero)].time += elapsed - timerOverhead
            return value!
        }

        func open(measured: Bool) -> ConnectionID {
            let connection = measured ? timed("connect") { hub.connect() } : hub.connect()
            if measured {
                timed("subscribe") { _ = hub.subscribe(connection, to: everyone) }
            } else {
                hub.subscribe(connection, to: everyone)
            }
            var mine: [ChannelID] = []
            if let popularity {
                while mine.count < min(scenario.channels.joinsPerConnection, topics.count) {
                    let channel = topics[popularity.sample(using: &channelsRNG)]
                    if mine.contains(channel) { continue }
                    mine.append(channel)
                    if measured {
                        timed("subscribe") { _ = hub.subscribe(connection, to: channel) }
                    } else {
                        hub.subscribe(connection, to: channel)
                    }
                }
            }
            joined[connection] = mine
            liveIndex[connection] = live.count
            live.append(connection)
            return connection
        }

        var scheduler = Scheduler<Event>()
        let session = SimDuration.seconds(workload.sessionSeconds)
        let initial = Int(workload.concurrentConnections.rounded())
        for _ in 0..<initial {
            let connection = open(measured: false)
            // Uniform phases: the run starts in steady state.
            scheduler.schedule(.sessionEnd(connection), at: .seconds(workload.sessionSeconds * phaseRNG.nextUnit()))
        }
        if workload.broadcastsPerSecond > 0 {
            scheduler.schedule(.broadcast, at: .seconds(1 / workload.broadcastsPerSecond))
        }
        let dailySends = scenario.users * scenario.userMessages.perUserPerDay / 86_400
        if dailySends > 0 {
            scheduler.schedule(.userSend, after: .seconds(exponential(rate: dailySends, using: &sendsRNG)))
        }

        let broadcastPayload = try Payload(byteCount: scenario.broadcasts.sizeBytes)
        var deliveries = 0.0
        var dropped = 0.0
        var lastDrain = SimTime.zero
        func publish(_ payload: Payload, to channel: ChannelID, from sender: ConnectionID?) {
            let elapsed = scheduler.now - lastDrain
            if elapsed.nanoseconds > 0 {
                _ = timed("drain") { try? hub.drain(for: .nanoseconds(elapsed.nanoseconds)) }
                lastDrain = scheduler.now
            }
            let result = timed("publish") { hub.publish(payload, to: channel, excluding: sender) }
            deliveries += Double(result.delivered)
            dropped += Double(result.dropped + result.evicted + result.disconnected)
        }

        let end = SimTime.seconds(days * 86_400)
        var nextHour = SimTime.seconds(3600)
        while let event = scheduler.next(until: end) {
            while scheduler.now >= nextHour {
                progress?.hourClosed()
                nextHour = nextHour + .seconds(3600)
            }
            switch event {
            case .sessionEnd(let connection):
                timed("disconnect") { _ = hub.disconnect(connection) }
                if let index = liveIndex.removeValue(forKey: connection) {
                    let last = live.removeLast()
                    if index < live.count {
                        live[index] = last
                        liveIndex[last] = index
                    }
                }
                joined[connection] = nil
                let next = open(measured: true)
                scheduler.schedule(.sessionEnd(next), after: session)
            case .broadcast:
                scheduler.schedule(.broadcast, after: .seconds(1 / workload.broadcastsPerSecond))
                let channel: ChannelID
                switch scenario.broadcasts.target {
                case .everyone: channel = everyone
                case .top: channel = topics.first ?? everyone
                case .popular: channel = popularity.map { topics[$0.sample(using: &channelsRNG)] } ?? everyone
                }
                publish(broadcastPayload, to: channel, from: nil)
            case .userSend:
                scheduler.schedule(.userSend, after: .seconds(exponential(rate: dailySends, using: &sendsRNG)))
                guard !live.isEmpty else { continue }
                let sender = live[Int(sendsRNG.next() % UInt64(live.count))]
                let mine = joined[sender] ?? []
                let channel: ChannelID
                switch scenario.userMessages.target {
                case .everyone: channel = everyone
                case .top: channel = topics.first ?? everyone
                case .popular: channel = mine.isEmpty ? everyone : mine[Int(sendsRNG.next() % UInt64(mine.count))]
                }
                // Encode once per publish: one payload object shared by every recipient.
                let payload = try timed("encode") { try Payload(byteCount: scenario.userMessages.sizeBytes) }
                publish(payload, to: channel, from: sender)
            }
        }

        let operations = ["connect", "subscribe", "publish", "drain", "disconnect", "encode"].compactMap { name in
            spent[name].map { entry in
                let parts = entry.time.components
                let seconds = max(0, Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
                return Operation(
                    name: name,
                    count: entry.count,
                    cpuSeconds: seconds,
                    nanosecondsEach: entry.count > 0 ? seconds * 1e9 / entry.count : 0
                )
            }
        }
        func each(_ name: String) -> Double { operations.first { $0.name == name }?.nanosecondsEach ?? 0 }
        let publishCPU = operations.first { $0.name == "publish" }?.cpuSeconds ?? 0
        let drainCPU = operations.first { $0.name == "drain" }?.cpuSeconds ?? 0
        let memory = hub.memoryReport()
        let subscriptionsPerConnection = Double(1 + scenario.channels.joinsPerConnection)
        let calibration = EngineCalibration(
            machine: machine,
            measuredOn: "replay",
            command: "fanout simulate --architecture engine",
            // Publishing and draining both scale with deliveries: their CPU is the delivery cost.
            deliveriesPerCoreSecond: deliveries > 0 && publishCPU + drainCPU > 0
                ? deliveries / (publishCPU + drainCPU) : 1e12,
            publishNanoseconds: 0,
            connectNanoseconds: each("connect"),
            subscribeNanoseconds: each("subscribe"),
            disconnectNanosecondsPerSubscription: each("disconnect") / subscriptionsPerConnection,
            bytesPerConnection: memory.bytesPerConnection,
            bytesPerSubscription: memory.bytesPerSubscription
        )
        return Result(
            operations: operations,
            deliveries: deliveries,
            dropped: dropped,
            simulatedSeconds: days * 86_400,
            calibration: calibration
        )
    }
}
