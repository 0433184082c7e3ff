import ChannelEngine
import SimKernel
import Testing

/// The hub holds each published payload once, in a slot counted by the outbox entries that refer
/// to it: the slot must be freed exactly when its last entry is read, evicted or discarded.
struct PayloadTableTests {
    private func hub(
        _ policy: EngineConfiguration.OverflowPolicy = .dropNewest,
        cap: Int = 1 << 20
    ) throws -> ChannelHub<IndexLookup> {
        ChannelHub(
            configuration: try EngineConfiguration(outboxByteCap: cap, overflowPolicy: policy, drainBytesPerSecond: 100)
        )
    }

    @Test func aSlotIsFreedWhenItsLastEntryIsRead() throws {
        let hub = try hub()
        let channel = hub.makeChannel()
        let (a, b) = (hub.connect(), hub.connect())
        hub.subscribe(a, to: channel)
        hub.subscribe(b, to: channel)
        hub.publish(try Payload(byteCount: 100), to: channel)
        hub.publish(try Payload(byteCount: 100), to: channel)
        #expect(hub.payloadsInFlight == 2)
        hub.drain(a, upTo: 150)
        #expect(hub.payloadsInFlight == 2)  // b still queues both; a is half way through the second
        hub.drain(b, upTo: 100)
        #expect(hub.payloadsInFlight == 1)
        #expect(try hub.drain(for: .seconds(1)) == DrainResult(messages: 2, bytes: 150))
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
    }

    /// The table retains each payload exactly once and releases it with its slot, or when the hub
    /// itself goes away with messages still queued.
    @Test func payloadsAreReleasedExactly() throws {
        weak var drained: Payload?
        weak var abandoned: Payload?
        do {
            let hub = try hub()
            let channel = hub.makeChannel()
            for _ in 0..<3 { hub.subscribe(hub.connect(), to: channel) }
            do {
                let first = try Payload(byteCount: 10)
                let second = try Payload(byteCount: 10)
                drained = first
                abandoned = second
                hub.publish(first, to: channel)
                _ = try hub.drain(for: .seconds(1))
                hub.publish(second, to: channel)
            }
            #expect(drained == nil)
            #expect(abandoned != nil)
            #expect(hub.payloadsInFlight == 1)
        }
        #expect(abandoned == nil)
    }

    @Test func aPublishThatReachesNoOneHoldsNothing() throws {
        let hub = try hub(.dropNewest, cap: 100)
        let channel = hub.makeChannel()
        let empty = hub.makeChannel()
        let sender = hub.connect()
        hub.subscribe(sender, to: channel)
        #expect(hub.publish(try Payload(byteCount: 10), to: empty) == PublishResult())
        #expect(hub.publish(try Payload(byteCount: 10), to: channel, excluding: sender) == PublishResult())
        let other = hub.connect()
        hub.subscribe(other, to: channel)
        #expect(hub.publish(try Payload(byteCount: 101), to: channel, excluding: sender) == PublishResult(dropped: 1))
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
    }

    @Test func evictionAndDisconnectReleaseEntries() throws {
        let oldest = try hub(.dropOldest, cap: 300)
        let channel = oldest.makeChannel()
        let client = oldest.connect()
        oldest.subscribe(client, to: channel)
        for _ in 0..<10 { oldest.publish(try Payload(byteCount: 100), to: channel) }
        // Seven were evicted one by one; only the three newest are held.
        #expect(oldest.payloadsInFlight == 3)
        #expect(oldest.checkOutboxInvariants())
        oldest.disconnect(client)
        #expect(oldest.payloadsInFlight == 0)
        #expect(oldest.checkOutboxInvariants())

        let strict = try hub(.disconnect, cap: 300)
        let room = strict.makeChannel()
        let (slow, fast) = (strict.connect(), strict.connect())
        strict.subscribe(slow, to: room)
        strict.subscribe(fast, to: room)
        for _ in 0..<4 {
            strict.publish(try Payload(byteCount: 100), to: room)
            strict.drain(fast, upTo: 100)
        }
        #expect(!strict.isConnected(slow))
        #expect(strict.payloadsInFlight == 0)
        #expect(strict.checkOutboxInvariants())
    }

    /// Long queues span several 16-entry chunks; interleaved connections share the arena and
    /// recycle chunks, and every queue keeps its own order.
    @Test func longQueuesKeepOrderAcrossChunks() throws {
        let hub = try hub(.dropNewest, cap: 1 << 30)
        let channels = (0..<3).map { _ in hub.makeChannel() }
        let clients = (0..<6).map { _ in hub.connect() }
        for (number, client) in clients.enumerated() {
            for (c, channel) in channels.enumerated() where (number + c) % 2 == 0 { hub.subscribe(client, to: channel) }
        }
        var expected = [[Payload]](repeating: [], count: clients.count)
        var rng = SplitMix64(seed: 7)
        for step in 0..<2_000 {
            let c = Int.random(in: 0..<channels.count, using: &rng)
            let payload = try Payload(byteCount: Int.random(in: 1...40, using: &rng), repeating: UInt8(step % 256))
            hub.publish(payload, to: channels[c])
            for (number, _) in clients.enumerated() where (number + c) % 2 == 0 { expected[number].append(payload) }
            if step % 50 == 49 {
                let number = Int.random(in: 0..<clients.count, using: &rng)
                let budget = Int.random(in: 0..<2_000, using: &rng)
                var outbox = try #require(hub.outbox(of: clients[number]))
                let sent = hub.drain(clients[number], upTo: budget)
                expected[number].removeFirst(sent.messages)
                outbox = try #require(hub.outbox(of: clients[number]))
                #expect(outbox.payloads.elementsEqual(expected[number], by: ===) == true)
                #expect(hub.checkOutboxInvariants())
            }
        }
        for (number, client) in clients.enumerated() {
            #expect(hub.outbox(of: client)?.payloads.elementsEqual(expected[number], by: ===) == true)
        }
        #expect(hub.checkOutboxInvariants())
        for client in clients { hub.disconnect(client) }
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
    }

    /// A flood under each policy with random reads and churn: the cap holds, the bookkeeping stays
    /// consistent, and nothing is left once everyone has gone.
    @Test(arguments: EngineConfiguration.OverflowPolicy.allCases)
    func floodLeavesNothingBehind(policy: EngineConfiguration.OverflowPolicy) throws {
        try flood(ChannelHub<IndexLookup>.self, policy)
        try flood(ChannelHub<ScanLookup>.self, policy)
    }

    private func flood<Lookup: SubscriberLookup>(
        _: ChannelHub<Lookup>.Type,
        _ policy: EngineConfiguration.OverflowPolicy
    ) throws {
        let cap = 2_000
        let hub = ChannelHub<Lookup>(
            configuration: try EngineConfiguration(
                outboxByteCap: cap,
                overflowPolicy: policy,
                drainBytesPerSecond: 5_000
            )
        )
        let channels = (0..<4).map { _ in hub.makeChannel() }
        var live: [ConnectionID] = []
        var rng = SplitMix64(seed: 11)
        for step in 0..<3_000 {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<10:
                let client = hub.connect()
                live.append(client)
                for channel in channels where Bool.random(using: &rng) { hub.subscribe(client, to: channel) }
            case 10..<14 where !live.isEmpty:
                hub.disconnect(live.remove(at: Int.random(in: 0..<live.count, using: &rng)))
            case 14..<20:
                _ = try hub.drain(for: .milliseconds(Int.random(in: 0..<50, using: &rng)))
            default:
                let payload = try Payload(byteCount: Int.random(in: 1...(cap + 200), using: &rng))
                let result = hub.publish(
                    payload,
                    to: channels.randomElement(using: &rng)!,
                    excluding: live.randomElement(using: &rng)
                )
                live.removeAll { !hub.isConnected($0) }
                #expect(result.disconnected == 0 || policy == .disconnect)
            }
            for client in live { #expect((hub.outbox(of: client)?.byteCount ?? 0) <= cap) }
            if step % 101 == 0 { #expect(hub.checkOutboxInvariants()) }
        }
        for client in live { hub.disconnect(client) }
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.checkOutboxInvariants())
        #expect(hub.lookup.isEmpty)
    }
}
