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
        #expect(report.totalBytes == report.hubConnectionBytes + report.lookup.totalBytes)
        // Two 4-byte entries plus 16-byte map buckets at ≤ ¾ load, with spare capacity (about 36 here).
        #expect(report.bytesPerSubscription > 24 && report.bytesPerSubscription < 100)
        // An Outbox, a live flag, an array reference and header per connection (about 82 here).
        #expect(report.bytesPerConnection > 40 && report.bytesPerConnection < 200)
    }

    @Test func scanLookupCostsOneRowPerSubscription() {
        let hub = ChannelHub<ScanLookup>()
        populate(hub)
        let report = hub.memoryReport()
        #expect(report.bytesPerSubscription >= 8 && report.bytesPerSubscription < 20)
        #expect(report.lookup.connectionBytes == 0)
    }

    @Test func queuedMessagesCostOneReferenceEach() throws {
        let hub = ChannelHub<IndexLookup>()
        let channel = hub.makeChannel()
        let client = hub.connect()
        hub.subscribe(client, to: channel)
        let before = hub.memoryReport().hubConnectionBytes
        let payload = try Payload(byteCount: 100_000)
        for _ in 0..<8 { hub.publish(payload, to: channel) }
        let after = hub.memoryReport().hubConnectionBytes
        // An 8-slot ring of references and its header, not 800 KB of bytes.
        #expect(after - before == 32 + 8 * 8)
    }
}
