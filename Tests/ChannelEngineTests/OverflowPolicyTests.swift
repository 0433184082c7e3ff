import ChannelEngine
import Testing

/// A flood to slow consumers: the byte cap holds under every policy, and each policy does what it says.
struct OverflowPolicyTests {
    /// 10 messages of 1,000 bytes fit under the 10,000-byte cap.
    static let cap = 10_000
    static let messageBytes = 1_000

    /// Publishes `count` distinct 1,000-byte messages from a publisher to five slow subscribers,
    /// draining 150 bytes each (0.15 s at 1,000 B/s) between publishes if `drain` is set.
    private func flood<Lookup: SubscriberLookup>(
        _ hub: ChannelHub<Lookup>,
        count: Int,
        drain: Bool
    ) throws -> (publisher: ConnectionID, subscribers: [ConnectionID], sent: [Payload], results: [PublishResult]) {
        let channel = hub.channel(named: "flood")
        let publisher = hub.connect()
        hub.subscribe(publisher, to: channel)
        let subscribers = (0..<5).map { _ in hub.connect() }
        for subscriber in subscribers { hub.subscribe(subscriber, to: channel) }
        var sent: [Payload] = []
        var results: [PublishResult] = []
        for number in 0..<count {
            let payload = try Payload(byteCount: Self.messageBytes, repeating: UInt8(number % 256))
            sent.append(payload)
            results.append(hub.publish(payload, to: channel, excluding: publisher))
            for subscriber in subscribers {
                #expect((hub.outbox(of: subscriber)?.byteCount ?? 0) <= Self.cap)
            }
            if drain { try hub.drain(for: .milliseconds(150)) }
        }
        return (publisher, subscribers, sent, results)
    }

    private func hub<Lookup: SubscriberLookup>(
        _: Lookup.Type,
        _ policy: EngineConfiguration.OverflowPolicy
    ) throws -> ChannelHub<Lookup> {
        ChannelHub(
            configuration: try EngineConfiguration(
                outboxByteCap: Self.cap,
                overflowPolicy: policy,
                drainBytesPerSecond: 1_000
            )
        )
    }

    @Test(arguments: EngineConfiguration.OverflowPolicy.allCases)
    func capHoldsWhileSlowClientsRead(policy: EngineConfiguration.OverflowPolicy) throws {
        _ = try flood(try hub(IndexLookup.self, policy), count: 200, drain: true)
        _ = try flood(try hub(ScanLookup.self, policy), count: 200, drain: true)
    }

    @Test func dropNewestKeepsTheOldest() throws {
        let hub = try hub(IndexLookup.self, .dropNewest)
        let run = try flood(hub, count: 30, drain: false)
        for subscriber in run.subscribers {
            let outbox = try #require(hub.outbox(of: subscriber))
            #expect(outbox.byteCount == Self.cap)
            #expect(outbox.payloads.elementsEqual(run.sent.prefix(10), by: ===) == true)
        }
        #expect(run.results[9] == PublishResult(delivered: 5))
        #expect(run.results[10] == PublishResult(dropped: 5))
    }

    @Test func dropOldestKeepsTheNewest() throws {
        let hub = try hub(ScanLookup.self, .dropOldest)
        let run = try flood(hub, count: 30, drain: false)
        for subscriber in run.subscribers {
            let outbox = try #require(hub.outbox(of: subscriber))
            #expect(outbox.byteCount == Self.cap)
            #expect(outbox.payloads.elementsEqual(run.sent.suffix(10), by: ===) == true)
        }
        #expect(run.results[10] == PublishResult(delivered: 5, evicted: 5))
    }

    @Test func dropOldestDropsAMessageLargerThanTheCap() throws {
        let hub = try hub(IndexLookup.self, .dropOldest)
        let channel = hub.makeChannel()
        let client = hub.connect()
        hub.subscribe(client, to: channel)
        let small = try Payload(byteCount: 10)
        hub.publish(small, to: channel)
        #expect(hub.publish(try Payload(byteCount: Self.cap + 1), to: channel) == PublishResult(dropped: 1))
        #expect(hub.outbox(of: client)?.payloads.elementsEqual([small], by: ===) == true)
    }

    @Test func disconnectRemovesTheSlowConnectionAndItsSubscriptions() throws {
        let hub = try hub(IndexLookup.self, .disconnect)
        let other = hub.makeChannel()
        let run = try flood(hub, count: 12, drain: false)
        // The eleventh publish disconnected them: their ids are dead, so subscribing does nothing.
        for subscriber in run.subscribers { #expect(!hub.subscribe(subscriber, to: other)) }
        #expect(run.results[10] == PublishResult(disconnected: 5))
        #expect(run.results[11] == PublishResult())
        for subscriber in run.subscribers {
            #expect(!hub.isConnected(subscriber))
            #expect(hub.outbox(of: subscriber) == nil)
        }
        #expect(hub.connectionCount == 1)
        #expect(hub.lookup.subscriptionCount == 1)
        #expect(hub.lookup.isSubscribed(run.publisher, to: hub.channel(named: "flood")))
        #expect(hub.lookup.storedEntryCount == 3)
    }

    @Test func disconnectPolicyOnTheScanLookupLeavesNoRows() throws {
        let hub = try hub(ScanLookup.self, .disconnect)
        let run = try flood(hub, count: 11, drain: false)
        #expect(run.results.last == PublishResult(disconnected: 5))
        #expect(hub.lookup.rows == [ScanLookup.Row(connection: run.publisher, channel: hub.channel(named: "flood"))])
    }
}

struct PerConnectionDrainTests {
    @Test func drainingOneConnectionLeavesTheOthers() throws {
        let hub = ChannelHub<IndexLookup>()
        let channel = hub.makeChannel()
        let fast = hub.connect()
        let slow = hub.connect()
        hub.subscribe(fast, to: channel)
        hub.subscribe(slow, to: channel)
        let payload = try Payload(byteCount: 100)
        for _ in 0..<3 { hub.publish(payload, to: channel) }
        let sent = hub.drain(fast, upTo: 250)
        #expect(sent.messages == 2)
        #expect(sent.bytes == 250)
        #expect(hub.outbox(of: fast)?.byteCount == 50)
        #expect(hub.outbox(of: slow)?.byteCount == 300)
        #expect(hub.drain(ConnectionID(rawValue: 99), upTo: 100) == DrainResult())
        #expect(hub.drain(slow, upTo: -1) == DrainResult())
    }
}
