import ArgumentParser
import ChannelEngine
import FanoutInput
import Foundation
import SimKernel

/// `fanout bench engine`: the in-process channel engine on this machine.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Fan-out throughput, scan vs index lookup, disconnect cost, memory and slow consumers.",
        discussion: """
            Every figure is measured in this run on one core; ratios compare against a baseline \
            measured in the same run. Build with -c release.
            """
    )

    @Option(
        parsing: .unconditional,
        help: "Deliveries per fan-out measurement (per subscriber count), split in at least 5 samples."
    )
    var deliveries = 20_000_000

    @Option(parsing: .unconditional, help: "Payload size in bytes for the fan-out measurement.")
    var payloadBytes = 64

    @Option(
        parsing: .unconditional,
        help: "Publishes between two drains in the fan-out measurement (the most messages an outbox holds)."
    )
    var queueDepth = EngineMeasurements.defaultQueueDepth

    @Flag(help: "Subscribe in random connection order (as churn leaves a channel) in the fan-out measurement.")
    var shuffleSubscribers = false

    func run() throws {
        try reportingInputErrors {
            guard (1_000...2_000_000_000).contains(deliveries) else {
                throw InputError(
                    source: "--deliveries",
                    keyPath: "",
                    message: "must be between 1000 and 2000000000 (got \(deliveries))"
                )
            }
            guard (1...(1 << 20)).contains(payloadBytes) else {
                throw InputError(
                    source: "--payload-bytes",
                    keyPath: "",
                    message: "must be between 1 and 1048576 (got \(payloadBytes))"
                )
            }
            #if DEBUG
            print("note: debug build; run `swift run -c release fanout bench engine` for real figures\n")
            #endif
            guard (1...100_000).contains(queueDepth) else {
                throw InputError(
                    source: "--queue-depth",
                    keyPath: "",
                    message: "must be between 1 and 100000 (got \(queueDepth))"
                )
            }
            let environment = BenchEnvironment()
            print(environment.header)
            defer { print(environment.footer()) }
            let payload = try engineCall { try Payload(byteCount: payloadBytes) }
            try fanOut(payload: payload)
            try lookupCost()
            try disconnectCost()
            try memory()
            try slowConsumers()
        }
    }

    /// Wraps engine errors as input errors (they only come from bad sizes).
    func engineCall<T>(_ body: () throws -> T) throws(InputError) -> T {
        do { return try body() } catch { throw InputError(source: "bench engine", keyPath: "", message: "\(error)") }
    }

    // MARK: - Fan-out

    func fanOut(payload: Payload) throws(InputError) {
        print(
            "fan-out, index lookup, one shared \(payload.byteCount)-byte payload, one core"
                + (shuffleSubscribers ? ", subscribers in random connection order" : "")
        )
        print(
            "(outboxes drained every \(grouped(queueDepth)) publishes or \(grouped(deliveries)) deliveries, whichever is fewer;"
        )
        print(" only publish loops timed; engine and raw samples alternate, ≥ 5 of each, best of each shown)")
        print("subscribers   deliveries/s (engine)   deliveries/s (raw store loop)   engine ÷ raw")
        for subscribers in [1, 100, 10_000, 100_000] {
            let (engineRate, rawRate) = try engineCall {
                try EngineMeasurements.fanOut(
                    subscribers: subscribers,
                    payload: payload,
                    deliveries: deliveries,
                    queueDepth: queueDepth,
                    shuffled: shuffleSubscribers
                )
            }
            print(
                [
                    pad(grouped(subscribers), 11), pad(String(format: "%.1f M", engineRate / 1e6), 22),
                    pad(String(format: "%.1f M", rawRate / 1e6), 32),
                    pad(String(format: "%.2f", engineRate / rawRate), 14),
                ].joined(separator: " ")
            )
        }
    }

    // MARK: - Lookup: scan vs index

    /// A hub with `rows` single-subscription connections, 100 of them on channel 0.
    func hub<L: SubscriberLookup>(_: L.Type, rows: Int) throws(InputError) -> (ChannelHub<L>, ChannelID, [ConnectionID])
    {
        let configuration = try engineCall {
            try EngineConfiguration(outboxByteCap: 1 << 30, overflowPolicy: .dropNewest)
        }
        let target = ChannelID(rawValue: 0)
        let filler = ChannelID(rawValue: 1)
        // Connections get ids 0, 1, … in order; the scan table is loaded in bulk (subscribing one
        // by one is O(rows) each, which would take minutes at a million rows).
        var lookup = L()
        if L.self == ScanLookup.self {
            let table = ScanLookup(
                loading: (0..<rows).map {
                    ScanLookup.Row(connection: ConnectionID(rawValue: UInt32($0)), channel: $0 < 100 ? target : filler)
                }
            )
            lookup = table as! L
        }
        let hub = ChannelHub<L>(configuration: configuration, lookup: lookup)
        _ = hub.makeChannel()
        _ = hub.makeChannel()
        var connections: [ConnectionID] = []
        connections.reserveCapacity(rows)
        for index in 0..<rows {
            let connection = hub.connect()
            if L.self != ScanLookup.self { hub.subscribe(connection, to: index < 100 ? target : filler) }
            connections.append(connection)
        }
        return (hub, target, connections)
    }

    func publishNanoseconds<L: SubscriberLookup>(_ type: L.Type, rows: Int) throws(InputError) -> Double {
        let (hub, target, _) = try hub(type, rows: rows)
        let payload = try engineCall { try Payload(byteCount: 16) }
        let repeats = max(20, min(20_000, 20_000_000 / max(rows, 100)))
        let clock = ContinuousClock()
        var total = Duration.zero
        var done = 0
        while done < repeats {
            let count = min(1_000, repeats - done)
            total += clock.measure { for _ in 0..<count { hub.publish(payload, to: target) } }
            _ = try? hub.drain(for: .seconds(1_000_000))
            done += count
        }
        return total.seconds * 1e9 / Double(repeats)
    }

    func lookupCost() throws(InputError) {
        print("\npublish to a 100-subscriber channel, scan vs index, by total rows in the table")
        print("      rows   scan ns/publish   index ns/publish   scan ÷ index")
        var points: [(rows: Double, scan: Double, index: Double)] = []
        for rows in [100, 1_000, 10_000, 100_000, 1_000_000] {
            let scan = try publishNanoseconds(ScanLookup.self, rows: rows)
            let index = try publishNanoseconds(IndexLookup.self, rows: rows)
            points.append((Double(rows), scan, index))
            print(
                [
                    pad(grouped(rows), 10), pad(String(format: "%.0f", scan), 17),
                    pad(String(format: "%.0f", index), 18),
                    pad(String(format: "%.1f", scan / index), 14),
                ].joined(separator: " ")
            )
        }
        // Crossover: where the scan's cost line meets the index's (log-linear interpolation).
        if let pair = zip(points, points.dropFirst()).first(where: { $0.0.scan <= $0.0.index && $0.1.scan > $0.1.index }
        ) {
            let (a, b) = pair
            let da = log(a.scan / a.index)
            let db = log(b.scan / b.index)
            let crossover = exp(log(a.rows) + (log(b.rows) - log(a.rows)) * (0 - da) / (db - da))
            print("  crossover: the scan costs more than the index above ≈ \(grouped(Int(crossover))) rows")
        } else if let first = points.first, first.scan > first.index {
            print("  crossover: below \(grouped(Int(first.rows))) rows (the index is cheaper at every size measured)")
        } else {
            print("  crossover: above \(grouped(Int(points.last?.rows ?? 0))) rows")
        }
    }

    // MARK: - Disconnect

    func disconnectCost() throws(InputError) {
        print("\ndisconnect of a connection with k subscriptions, 100,000 rows in the table")
        print("    k   scan µs/disconnect   index µs/disconnect   scan ÷ index")
        for k in [1, 10, 100] {
            let scan = try disconnectMicroseconds(ScanLookup.self, subscriptions: k)
            let index = try disconnectMicroseconds(IndexLookup.self, subscriptions: k)
            print(
                [
                    pad("\(k)", 5), pad(String(format: "%.2f", scan), 20), pad(String(format: "%.3f", index), 21),
                    pad(String(format: "%.0f", scan / index), 14),
                ].joined(separator: " ")
            )
        }
    }

    func disconnectMicroseconds<L: SubscriberLookup>(_: L.Type, subscriptions k: Int) throws(InputError) -> Double {
        let channelCount = max(k, 100)
        let connections = 100_000 / k
        func channel(_ c: Int, _ j: Int) -> ChannelID { ChannelID(rawValue: UInt32((c + j) % channelCount)) }
        var lookup = L()
        if L.self == ScanLookup.self {
            var rows: [ScanLookup.Row] = []
            for c in 0..<connections {
                for j in 0..<k {
                    rows.append(ScanLookup.Row(connection: ConnectionID(rawValue: UInt32(c)), channel: channel(c, j)))
                }
            }
            lookup = ScanLookup(loading: rows) as! L
        }
        let hub = ChannelHub<L>(lookup: lookup)
        for _ in 0..<channelCount { _ = hub.makeChannel() }
        var ids: [ConnectionID] = []
        for c in 0..<connections {
            let connection = hub.connect()
            if L.self != ScanLookup.self { for j in 0..<k { hub.subscribe(connection, to: channel(c, j)) } }
            ids.append(connection)
        }
        var rng = Xoshiro256(seed: 5)
        let repeats = L.self == ScanLookup.self ? 200 : 20_000
        let clock = ContinuousClock()
        var total = Duration.zero
        for _ in 0..<repeats {
            let slot = Int(rng.next() % UInt64(ids.count))
            total += clock.measure { hub.disconnect(ids[slot]) }
            let connection = hub.connect()
            for j in 0..<k { hub.subscribe(connection, to: channel(slot, j)) }
            ids[slot] = connection
        }
        return total.seconds * 1e6 / Double(repeats)
    }

    // MARK: - Memory

    func memory() throws(InputError) {
        print("\nmemory of engine state (estimate from layouts and capacities; see MemoryReport)")
        let (perConnection, perSubscription) = EngineMeasurements.memory(connections: 100_000)
        print("  idle connection: \(String(format: "%.0f", perConnection)) B (goal ≤ 256 B), 100,000 connections")
        print(
            "  subscription: \(String(format: "%.1f", perSubscription)) B (goal ≤ 64 B), 100,000 connections × 10 of 1,000 channels"
        )
    }

    // MARK: - Slow consumers

    func slowConsumers() throws(InputError) {
        print("\npublish-to-last-delivery for healthy subscribers, 10,000 subscribers, 1 KB payload, 64 KB cap")
        print("(healthy clients read everything between publishes; slow ones read nothing)")
        print("slow share   policy        p50 µs    p99 µs    delivered   dropped, evicted or disconnected")
        let payload = try engineCall { try Payload(byteCount: 1024) }
        for (share, policy) in [
            (0.0, EngineConfiguration.OverflowPolicy.dropNewest), (0.1, .dropNewest), (0.1, .dropOldest),
            (0.1, .disconnect),
        ] {
            let configuration = try engineCall {
                try EngineConfiguration(outboxByteCap: 64 * 1024, overflowPolicy: policy)
            }
            let hub = ChannelHub<IndexLookup>(configuration: configuration)
            let channel = hub.makeChannel()
            var healthy: [ConnectionID] = []
            for index in 0..<10_000 {
                let connection = hub.connect()
                hub.subscribe(connection, to: channel)
                if Double(index % 100) >= share * 100 { healthy.append(connection) }
            }
            var latencies = Percentiles()
            var delivered = 0
            var lost = 0
            let clock = ContinuousClock()
            for _ in 0..<2_000 {
                var result = PublishResult()
                let elapsed = clock.measure { result = hub.publish(payload, to: channel) }
                latencies.add(elapsed.seconds * 1e6)
                delivered += result.delivered
                lost += result.dropped + result.evicted + result.disconnected
                for connection in healthy { hub.drain(connection, upTo: Int.max / 2) }
            }
            print(
                [
                    pad(String(format: "%.0f %%", share * 100), 10),
                    "  " + "\(policy)".padding(toLength: 12, withPad: " ", startingAt: 0),
                    pad(String(format: "%.0f", latencies.percentile(50) ?? 0), 8),
                    pad(String(format: "%.0f", latencies.percentile(99) ?? 0), 9), pad(grouped(delivered), 12),
                    pad(grouped(lost), 22),
                ].joined(separator: " ")
            )
        }
    }
}
