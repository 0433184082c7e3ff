import ChannelEngine
import Testing

struct MemoryReportTests {
    /// 1,000 connections in 5 of 100 channels each.
    private func populate<Lookup: SubscriberLookup>(_ hub: ChannelHub<Lookup>) {
        let channels = (0..<100).map { _ in hub.makeChannel() }
        for number in 0..<1_000 {
            let client = hub.connect()
            for offset in 0..<5 { hub.subscribe(client, to: channels[(number * 7 + offset * 13) % 100]) }
        }
    }

    @Test func indexLookupCostsAFewDozenBytesPerSubscription() {
        let hub = ChannelHub<IndexLookup>()
        populate(hub)
        let report = hub.memoryReport()
        #expect(report.connections == 1_000)
        #expect(report.subscriptions == 5_000)
        #expect(report.channels == 100)
        #expect(report.totalBytes == report.hubConnectionBytes + report.queueBytes + report.lookup.totalBytes)
        // Two 4-byte entries plus 16-byte map buckets at ≤ ¾ load, with spare capacity (about 36 here).
        #expect(report.bytesPerSubscription > 24 && report.bytesPerSubscription < 100)
        // An outbox record, a live flag, an array reference and header per connection (about 74 here).
        #expect(report.bytesPerConnection > 40 && report.bytesPerConnection < 200)
    }

    @Test func scanLookupCostsOneRowPerSubscription() {
        let hub = ChannelHub<ScanLookup>()
        populate(hub)
        let report = hub.memoryReport()
        #expect(report.bytesPerSubscription >= 8 && report.bytesPerSubscription < 20)
        #expect(report.lookup.connectionBytes == 0)
    }

    @Test func queuedMessagesCostAFewBytesEachNotTheirSize() throws {
        let hub = ChannelHub<IndexLookup>(configuration: try EngineConfiguration(outboxByteCap: 1 << 30))
        let channel = hub.makeChannel()
        let client = hub.connect()
        hub.subscribe(client, to: channel)
        let before = hub.memoryReport()
        #expect(before.queueBytes == 0)
        let payload = try Payload(byteCount: 100_000)
        for _ in 0..<1_000 { hub.publish(payload, to: channel) }
        let after = hub.memoryReport()
        #expect(hub.outbox(of: client)?.count == 1_000)
        // Per message a 4-byte entry (in 64-byte chunks) and a payload slot (reference, size,
        // count, free-stack place): a few dozen bytes with spare capacity, not 100 MB of bytes.
        #expect(after.hubConnectionBytes == before.hubConnectionBytes)
        #expect(after.queueBytes > 1_000 * 4 && after.queueBytes < 1_000 * 80)
        #expect(after.totalBytes == after.hubConnectionBytes + after.queueBytes + after.lookup.totalBytes)
        // Draining frees the payload slots; slots and chunks are reused, so a second round of the
        // same traffic does not grow anything.
        _ = try hub.drain(for: .seconds(1_000_000))
        #expect(hub.payloadsInFlight == 0)
        let drained = hub.memoryReport().queueBytes
        for _ in 0..<1_000 { hub.publish(payload, to: channel) }
        _ = try hub.drain(for: .seconds(1_000_000))
        #expect(hub.payloadsInFlight == 0)
        #expect(hub.memoryReport().queueBytes == drained)
        #expect(hub.checkOutboxInvariants())
    }
}
