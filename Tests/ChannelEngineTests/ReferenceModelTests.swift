import ChannelEngine
import SimKernel
import Testing

/// Random operation sequences against a trivial model (channel → set of connections): both lookups
/// must deliver every publish to exactly the model's subscribers, and leave nothing behind.
struct ReferenceModelTests {
    /// Which connections received each publish, in publish order.
    typealias DeliveryLog = [Set<ConnectionID>]

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func bothLookupsMatchTheModel(seed: UInt64) throws {
        let scan = try run(ScanLookup.self, seed: seed)
        let index = try run(IndexLookup.self, seed: seed)
        #expect(scan == index)
        #expect(scan.count > 500)
        #expect(scan.contains { $0.count > 3 })
    }

    /// Runs 4,000 random operations on a hub using `Lookup`, checking each publish against the model.
    private func run<Lookup: SubscriberLookup>(_: Lookup.Type, seed: UInt64) throws -> DeliveryLog {
        var rng = SplitMix64(seed: seed)
        let hub = ChannelHub<Lookup>(configuration: try EngineConfiguration(overflowPolicy: .dropNewest))
        let channels = (0..<12).map { _ in hub.makeChannel() }
        let unknownConnection = ConnectionID(rawValue: 9_999)
        let unknownChannel = ChannelID(rawValue: 9_999)
        var model: [ChannelID: Set<ConnectionID>] = [:]
        var live: [ConnectionID] = []
        var log: DeliveryLog = []

        for step in 0..<4_000 {
            let roll = Int.random(in: 0..<100, using: &rng)
            switch roll {
            case 0..<12:
                let connection = hub.connect()
                #expect(!live.contains(connection))
                live.append(connection)
            case 12..<18 where !live.isEmpty:
                let connection = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
                #expect(hub.disconnect(connection))
                for channel in model.keys { model[channel]!.remove(connection) }
            case 18..<45 where !live.isEmpty:
                let connection = live.randomElement(using: &rng)!
                let channel = channels.randomElement(using: &rng)!
                let added = model[channel, default: []].insert(connection).inserted
                #expect(hub.subscribe(connection, to: channel) == added)
            case 45..<60 where !live.isEmpty:
                let connection = live.randomElement(using: &rng)!
                let channel = channels.randomElement(using: &rng)!
                let removed = model[channel]?.remove(connection) != nil
                #expect(hub.unsubscribe(connection, from: channel) == removed)
            case 60..<63:
                // Unknown ids are ignored.
                #expect(!hub.subscribe(unknownConnection, to: channels[0]))
                #expect(!hub.unsubscribe(unknownConnection, from: channels[0]))
                #expect(!hub.disconnect(unknownConnection))
                #expect(hub.publish(try Payload([1]), to: unknownChannel) == PublishResult())
            case 63..<66:
                _ = try hub.drain(for: .milliseconds(Int.random(in: 0..<20, using: &rng)))
            default:
                let channel = channels.randomElement(using: &rng)!
                let sender = Bool.random(using: &rng) ? live.randomElement(using: &rng) : nil
                let payload = try Payload([UInt8(truncatingIfNeeded: step), 0])
                let result = hub.publish(payload, to: channel, excluding: sender)
                var expected = model[channel, default: []]
                if let sender { expected.remove(sender) }
                let got = Set(live.filter { hub.outbox(of: $0)?.last === payload })
                #expect(got == expected, "seed \(seed) step \(step)")
                #expect(result == PublishResult(delivered: expected.count))
                log.append(got)
            }
            #expect(hub.lookup.subscriptionCount == model.values.reduce(0) { $0 + $1.count })
            if let index = hub.lookup as? IndexLookup, step % 97 == 0 { #expect(index.checkInvariants()) }
            if step % 89 == 0 { #expect(hub.checkOutboxInvariants(), "seed \(seed) step \(step)") }
        }

        // Leak invariant: once everyone has gone, no row or index entry is left.
        for connection in live { #expect(hub.disconnect(connection)) }
        #expect(hub.connectionCount == 0)
        #expect(hub.lookup.subscriptionCount == 0)
        #expect(hub.lookup.storedEntryCount == 0)
        #expect(hub.lookup.isEmpty)
        // The payload table leaks nothing either: every slot was freed with its last entry.
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
        return log
    }

    @Test func disconnectRemovesEverySubscriptionOfTheConnection() {
        checkDisconnect(ChannelHub<ScanLookup>())
        checkDisconnect(ChannelHub<IndexLookup>())
    }

    private func checkDisconnect<Lookup: SubscriberLookup>(_ hub: ChannelHub<Lookup>) {
        let (a, b) = (hub.connect(), hub.connect())
        let channels = (0..<5).map { _ in hub.makeChannel() }
        for channel in channels {
            hub.subscribe(a, to: channel)
            hub.subscribe(b, to: channel)
        }
        #expect(hub.lookup.subscriptionCount == 10)
        #expect(hub.disconnect(a))
        #expect(!hub.disconnect(a))
        #expect(hub.lookup.subscriptionCount == 5)
        for channel in channels {
            #expect(!hub.lookup.isSubscribed(a, to: channel))
            #expect(hub.lookup.isSubscribed(b, to: channel))
        }
    }
}
