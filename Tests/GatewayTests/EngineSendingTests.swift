import ChannelEngine
import Testing

/// The engine calls the gateway writes sockets with: messages leave an outbox one at a time.
struct EngineSendingTests {
    @Test func takeFirstEmptiesTheOutboxInOrder() throws {
        let hub = ChannelHub<IndexLookup>()
        let room = hub.channel(named: "room")
        let alice = hub.connect()
        let bob = hub.connect()
        hub.subscribe(alice, to: room)
        hub.subscribe(bob, to: room)
        let first = try Payload(Array("one".utf8))
        let second = try Payload(Array("two!".utf8))
        hub.publish(first, to: room, excluding: alice)
        hub.publish(second, to: room)
        #expect(hub.queuedByteCount(of: bob) == 7 && hub.queuedMessageCount(of: bob) == 2)
        #expect(hub.takeFirst(of: bob) === first)
        #expect(hub.takeFirst(of: bob) === second)
        #expect(hub.takeFirst(of: bob) == nil)
        #expect(hub.takeFirst(of: alice) === second)
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
        hub.disconnect(bob)
        #expect(hub.takeFirst(of: bob) == nil && hub.queuedByteCount(of: bob) == 0)
    }
}
