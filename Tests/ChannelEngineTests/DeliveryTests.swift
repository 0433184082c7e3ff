import ChannelEngine
import Testing

struct DeliveryTests {
    /// Encode once: every outbox entry of a publish to N subscribers is the one payload object.
    @Test func everyOutboxReferencesTheSamePayload() throws {
        try checkSharing(ChannelHub<IndexLookup>())
        try checkSharing(ChannelHub<ScanLookup>())
    }

    private func checkSharing<Lookup: SubscriberLookup>(_ hub: ChannelHub<Lookup>) throws {
        let channel = hub.channel(named: "lobby")
        let clients = (0..<50).map { _ in hub.connect() }
        for client in clients { hub.subscribe(client, to: channel) }
        let payload = try Payload(Array("{\"type\":\"message\",\"body\":\"hello\"}".utf8))
        let result = hub.publish(payload, to: channel, excluding: clients[0])
        #expect(result == PublishResult(delivered: 49))
        #expect(hub.outbox(of: clients[0])?.isEmpty == true)
        var identities: Set<ObjectIdentifier> = []
        for client in clients.dropFirst() {
            let outbox = try #require(hub.outbox(of: client))
            #expect(outbox.count == 1)
            #expect(outbox.byteCount == payload.byteCount)
            #expect(outbox.first === payload)
            for entry in outbox.payloads { identities.insert(ObjectIdentifier(entry)) }
        }
        #expect(identities == [ObjectIdentifier(payload)])
    }

    /// A client reads `rate × elapsed` bytes, oldest first; a message leaves when its last byte is read.
    @Test func drainReadsAtTheConfiguredRate() throws {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(drainBytesPerSecond: 1_000))
        let channel = hub.makeChannel()
        let client = hub.connect()
        hub.subscribe(client, to: channel)
        let messages = try (0..<3).map { _ in try Payload(byteCount: 600) }
        for message in messages { hub.publish(message, to: channel) }

        #expect(try hub.drain(for: .seconds(1)) == DrainResult(messages: 1, bytes: 1_000))
        var outbox = try #require(hub.outbox(of: client))
        #expect(outbox.count == 2)
        #expect(outbox.byteCount == 800)
        #expect(outbox.sentBytesOfFirst == 400)
        #expect(outbox.first === messages[1])

        #expect(try hub.drain(for: .milliseconds(500)) == DrainResult(messages: 1, bytes: 500))
        outbox = try #require(hub.outbox(of: client))
        #expect(outbox.count == 1)
        #expect(outbox.byteCount == 300)

        // Half a byte twice makes one byte.
        #expect(try hub.drain(for: .microseconds(500)) == DrainResult())
        #expect(try hub.drain(for: .microseconds(500)) == DrainResult(messages: 0, bytes: 1))
        #expect(try hub.drain(for: .seconds(10)) == DrainResult(messages: 1, bytes: 299))
        #expect(hub.outbox(of: client)?.isEmpty == true)
        #expect(try hub.drain(for: .zero) == DrainResult())
    }

    /// The ring buffer keeps order across wrap-around and growth.
    @Test func outboxKeepsOrderAcrossWrapAround() throws {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(drainBytesPerSecond: 1))
        let channel = hub.makeChannel()
        let client = hub.connect()
        hub.subscribe(client, to: channel)
        var expected: [Payload] = []
        for round in 0..<20 {
            for _ in 0..<(round % 7 + 1) {
                let payload = try Payload(byteCount: 1)
                hub.publish(payload, to: channel)
                expected.append(payload)
            }
            let read = try hub.drain(for: .seconds(round % 5))
            expected.removeFirst(read.messages)
            #expect(hub.outbox(of: client)?.payloads.elementsEqual(expected, by: ===) == true)
        }
    }

    /// A hub-wide drain visits only outboxes that received something; a slot emptied by a
    /// per-connection drain or a disconnect, and then reused, is still drained exactly once.
    @Test func hubWideDrainFollowsOutboxesThatReceived() throws {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(drainBytesPerSecond: 10))
        let channel = hub.makeChannel()
        let clients = (0..<4).map { _ in hub.connect() }
        for client in clients { hub.subscribe(client, to: channel) }
        hub.publish(try Payload(byteCount: 10), to: channel)
        hub.drain(clients[0], upTo: 10)
        hub.disconnect(clients[1])
        let reused = hub.connect()
        #expect(reused == clients[1])
        hub.subscribe(reused, to: channel)
        hub.publish(try Payload(byteCount: 10), to: channel)
        #expect(hub.checkOutboxInvariants())
        // clients[0] and reused hold one message, clients[2] and clients[3] two.
        #expect(try hub.drain(for: .seconds(1)) == DrainResult(messages: 4, bytes: 40))
        #expect(try hub.drain(for: .seconds(2)) == DrainResult(messages: 2, bytes: 20))
        #expect(try hub.drain(for: .seconds(1)) == DrainResult())
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
    }

    @Test func reusedIDsStartClean() throws {
        let hub = ChannelHub<IndexLookup>()
        let channel = hub.channel(named: "a")
        #expect(hub.channel(named: "a") == channel)
        #expect(hub.name(of: channel) == "a")
        let first = hub.connect()
        hub.subscribe(first, to: channel)
        hub.publish(try Payload([7]), to: channel)
        hub.disconnect(first)
        let second = hub.connect()
        #expect(second == first)
        #expect(hub.outbox(of: second)?.isEmpty == true)
        #expect(!hub.lookup.isSubscribed(second, to: channel))
    }
}
