import Architectures
import SimKernel
import Testing

/// What each design's handlers do, through ``ArchitectureDefinition/outcome(of:table:layout:latency:availability:)``.
struct HandlerOutcomeTests {
    let latency = LambdaLatencyModel.builtIn
    let layout = ConnectionTable(connectionIdBytes: 16, topicNameBytes: 15)

    func design(_ name: String) throws -> ArchitectureDefinition {
        try #require(ArchitectureDefinition.builtIn(named: name))
    }

    /// A table of `connections` connections each in `default` and `joins` topics.
    func table(connections: Double, joins: Int = 2) -> TableState {
        TableState(
            rows: connections * Double(1 + joins),
            bytes: connections * (layout.defaultRowBytes + Double(joins) * layout.topicRowBytes)
        )
    }

    func broadcast(to connections: Double) -> ConnectionAction {
        .publish(
            Publication(
                origin: .server,
                payloadBytes: 2048,
                recipients: connections,
                channelRows: connections + 1,
                toDefaultChannel: true
            )
        )
    }

    @Test func seedSendReadsOnePageAndMissesRowsPastIt() throws {
        let seed = try design("seed")
        let t = table(connections: 20_000)
        let o = seed.outcome(of: broadcast(to: 20_000), table: t, layout: layout, latency: latency)
        #expect(o.readUnits == 128)  // 1 MB eventually consistent
        #expect(o.dynamoDBRequests == 1)
        #expect(o.intendedDeliveries == 20_000)
        #expect(o.deliveries < 20_000 * t.firstPageCoverage + 1e-9)
        #expect(o.limits.contains { $0.name == "dynamodb.scan_page.send_message" })
        #expect(o.limits.contains { $0.name == "lambda.timeout.send_message" })
        #expect(o.invocations.first?.durationMs == 3000)
    }

    @Test func scanDesignReadsEveryPageAndDeliversAll() throws {
        let scan = try design("scan")
        let t = table(connections: 20_000)
        let o = scan.outcome(of: broadcast(to: 20_000), table: t, layout: layout, latency: latency)
        #expect(o.deliveries == 20_000)
        #expect(o.dynamoDBRequests == 3)  // 2.84 MB in 1 MB pages
        #expect(o.readUnits == ScanPage.readUnits(forPaginatedBytes: t.bytes, consistent: false).units)
        #expect(o.limits.isEmpty)
    }

    @Test func indexedQueryReadsOnlyTheChannel() throws {
        let indexed = try design("indexed")
        let t = table(connections: 20_000)
        let small = Publication(
            origin: .user,
            payloadBytes: 100,
            recipients: 5,
            channelRows: 6,
            toDefaultChannel: false
        )
        let o = indexed.outcome(of: .publish(small), table: t, layout: layout, latency: latency)
        #expect(o.readUnits == 0.5)  // 6 × 50 B, one 4 KB step, eventually consistent
        #expect(o.deliveries == 5)
        #expect(o.messages.contains { $0.purpose == .delivery && $0.count == 5 && $0.bytes == 100 })
    }

    @Test func seedDisconnectWithMoreThan25RowsFailsWhole() throws {
        let seed = try design("seed")
        let o = seed.outcome(
            of: .disconnect(rows: 30),
            table: table(connections: 100, joins: 29),
            layout: layout,
            latency: latency
        )
        #expect(o.rowsDeleted == 0)
        #expect(o.rowsLeftStale == 30)
        #expect(o.limits.contains { $0.name == "dynamodb.batch_write_items" })
        // The chunked designs delete all 30 in two calls.
        let indexed = try design("indexed")
        let fixed = indexed.outcome(
            of: .disconnect(rows: 30),
            table: table(connections: 100, joins: 29),
            layout: layout,
            latency: latency
        )
        #expect(fixed.rowsDeleted == 30)
        #expect(fixed.writeUnits == 60)  // base table + GSI
    }

    @Test func throttledReadFailsTheHandlerAfterSDKRetries() throws {
        let seed = try design("seed")
        let o = seed.outcome(
            of: broadcast(to: 100),
            table: table(connections: 100),
            layout: layout,
            latency: latency,
            availability: CapacityAvailability(reads: false, writes: true)
        )
        #expect(o.deliveries == 0)
        #expect(o.readUnits == 0)
        #expect(o.dynamoDBRequests == Double(1 + latency.sdkMaxRetries))
        // Expected retry backoff (≈25.6 s) outlasts the 3 s timeout.
        #expect(o.invocations.first?.timedOut == true)
        #expect(o.invocations.first?.durationMs == 3000)
    }

    /// A read the table serves after a wait is read only if the handler is still running then:
    /// `$disconnect` has spent its invocation overhead before its Scan, so a wait of its whole
    /// timeout outlasts it and reads (and deletes) nothing, and one 100 ms shorter reads the page.
    @Test(arguments: [(100.0, true), (0.0, false)])
    func aReadServedAfterTheTimeoutReadsNothing(msBeforeTimeout: Double, reads: Bool) throws {
        let seed = try design("seed")
        let o = seed.outcome(
            of: .disconnect(rows: 3),
            table: table(connections: 100),
            layout: layout,
            latency: latency,
            availability: CapacityAvailability(
                reads: true,
                writes: true,
                readWaitMs: seed.functions.disconnect.timeoutSeconds * 1000 - msBeforeTimeout
            )
        )
        #expect((o.readUnits > 0) == reads)
        #expect((o.rowsDeleted > 0) == reads)
        if !reads { #expect(o.invocations.first?.timedOut == true) }
    }

    @Test func throttledPutWritesNoRow() throws {
        let seed = try design("seed")
        let o = seed.outcome(
            of: .connect,
            table: table(connections: 10),
            layout: layout,
            latency: latency,
            availability: CapacityAvailability(reads: true, writes: false)
        )
        #expect(o.rowsWritten == 0)
        #expect(o.writeUnits == 0)
    }

    @Test func joinAckIsAnOutboundMessage() throws {
        let seed = try design("seed")
        let o = seed.outcome(of: .join, table: table(connections: 10), layout: layout, latency: latency)
        #expect(o.messages.map(\.purpose) == [.join, .joinAck])
        #expect(o.callbackRequests == 1)
        #expect(o.writeUnits == 1)
    }

    @Test func authorizerRunsOnConnectWhenConfigured() throws {
        let indexed = try design("indexed")
        let o = indexed.outcome(of: .connect, table: table(connections: 10), layout: layout, latency: latency)
        #expect(o.invocations.map(\.role) == [.authorizer, .connect])
        #expect(o.writeUnits == 2)  // row + GSI entry
        let seed = try design("seed")
        #expect(
            seed.outcome(of: .connect, table: table(connections: 10), layout: layout, latency: latency).invocations.map(
                \.role
            ) == [.connect]
        )
    }

    /// Property: for random tables and channels, the fixed designs deliver every recipient when
    /// nothing times out, and the index never reads more than the full-table scan.
    @Test func fixedDesignsDeliverEverythingAndIndexReadsLess() throws {
        let scan = try design("scan")
        let indexed = try design("indexed")
        var rng = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let connections = Double(rng.next() % 50_000 + 1)
            let joins = Int(rng.next() % 4)
            let t = table(connections: connections, joins: joins)
            let recipients = Double(rng.next() % UInt64(connections))
            let p = Publication(
                origin: .user,
                payloadBytes: 64,
                recipients: recipients,
                channelRows: recipients + 1,
                toDefaultChannel: joins == 0
            )
            let a = scan.outcome(of: .publish(p), table: t, layout: layout, latency: latency)
            let b = indexed.outcome(of: .publish(p), table: t, layout: layout, latency: latency)
            if !a.invocations.contains(where: \.timedOut) { #expect(a.deliveries == recipients) }
            if !b.invocations.contains(where: \.timedOut) { #expect(b.deliveries == recipients) }
            #expect(b.readUnits <= a.readUnits)
        }
    }

    @Test func timeoutCutsFanOutProportionally() throws {
        var seed = try design("seed")
        seed.functions.sendMessage.timeoutSeconds = 900
        let t = table(connections: 1000)
        let full = seed.outcome(of: broadcast(to: 1000), table: t, layout: layout, latency: latency)
        #expect(full.deliveries == 1000)
        seed.functions.sendMessage.timeoutSeconds = 1
        let cut = seed.outcome(of: broadcast(to: 1000), table: t, layout: layout, latency: latency)
        #expect(cut.deliveries > 0 && cut.deliveries < 1000)
        let before = full.invocations[0].durationMs - full.fanOutMs
        let expected = 1000 * (1000 - before) / full.fanOutMs
        #expect(abs(cut.deliveries - expected) < 1e-6)
    }
}
