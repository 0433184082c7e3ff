import ChannelEngine
import Testing

struct BadInputTests {
    @Test(arguments: [0, -1, Int.min])
    func nonPositiveCapIsRejected(cap: Int) {
        #expect(throws: EngineError.self) { try EngineConfiguration(outboxByteCap: cap) }
    }

    @Test(arguments: [0, -5, .nan, .infinity, -.infinity] as [Double])
    func nonPositiveOrNonFiniteRateIsRejected(rate: Double) {
        #expect(throws: EngineError.self) { try EngineConfiguration(drainBytesPerSecond: rate) }
    }

    @Test func errorsAreOneLineAndNameTheParameter() throws {
        let error = try #require(throws: EngineError.self) { try EngineConfiguration(outboxByteCap: 0) }
        #expect(error.code == .invalidConfiguration)
        #expect(error.description == "invalid configuration: outboxByteCap must be positive, got 0")
    }

    @Test func emptyPayloadsAreRejected() {
        #expect(throws: EngineError(.emptyPayload, "payload must have at least 1 byte")) { try Payload([]) }
        #expect(throws: EngineError.self) { try Payload(byteCount: 0) }
        #expect(throws: EngineError.self) { try Payload(byteCount: -3) }
    }

    @Test func negativeElapsedTimeIsRejected() {
        let hub = ChannelHub<ScanLookup>()
        #expect(throws: EngineError.self) { try hub.drain(for: .seconds(-1)) }
    }

    @Test func validConfigurationKeepsItsValues() throws {
        let configuration = try EngineConfiguration(
            outboxByteCap: 1,
            overflowPolicy: .dropOldest,
            drainBytesPerSecond: 0.5
        )
        #expect(configuration.outboxByteCap == 1)
        #expect(configuration.overflowPolicy == .dropOldest)
        #expect(configuration.drainBytesPerSecond == 0.5)
        #expect(EngineConfiguration.default.outboxByteCap == 1_048_576)
        #expect(EngineConfiguration.default.overflowPolicy == .disconnect)
    }

    /// Unknown ids are ignored and reported, never a crash.
    @Test func unknownIDsAreIgnored() throws {
        try checkUnknownIDs(ChannelHub<ScanLookup>())
        try checkUnknownIDs(ChannelHub<IndexLookup>())
    }

    private func checkUnknownIDs<Lookup: SubscriberLookup>(_ hub: ChannelHub<Lookup>) throws {
        let channel = hub.makeChannel()
        let client = hub.connect()
        let ghost = ConnectionID(rawValue: 1_000_000)
        let nowhere = ChannelID(rawValue: 1_000_000)
        #expect(!hub.subscribe(ghost, to: channel))
        #expect(!hub.subscribe(client, to: nowhere))
        #expect(!hub.unsubscribe(ghost, from: channel))
        #expect(!hub.unsubscribe(client, from: nowhere))
        #expect(!hub.unsubscribe(client, from: channel))
        #expect(!hub.disconnect(ghost))
        #expect(hub.outbox(of: ghost) == nil)
        #expect(hub.publish(try Payload([1]), to: nowhere) == PublishResult())
        #expect(hub.subscribe(client, to: channel))
        #expect(!hub.subscribe(client, to: channel))
        #expect(hub.publish(try Payload([1]), to: channel, excluding: ghost) == PublishResult(delivered: 1))
        #expect(hub.lookup.subscriptionCount == 1)

        var lookup = Lookup()
        let unsubscribed = lookup.unsubscribe(ghost, from: nowhere)
        let removed = lookup.removeAll(of: ghost)
        #expect(!unsubscribed)
        #expect(removed == 0)
        var buffer: [ConnectionID] = []
        lookup.appendSubscribers(of: nowhere, to: &buffer)
        #expect(buffer.isEmpty)
    }
}
