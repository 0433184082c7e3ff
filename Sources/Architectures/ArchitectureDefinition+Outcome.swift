import Scenarios

extension ArchitectureDefinition {
    /// What handling `action` costs and achieves under this design, given the table as it is.
    ///
    /// This is the single statement of each handler's behaviour: the analytic bill multiplies it
    /// by rates, the simulator replays it per event.
    ///
    /// - Parameters:
    ///   - action: what happened.
    ///   - table: rows and bytes in the table when the handler runs (a Scan reads all of them).
    ///   - layout: row sizes.
    ///   - latency: the duration assumptions.
    ///   - availability: whether DynamoDB serves this request's reads and writes; a refused call
    ///     is retried by the SDK until it gives up, and the handler then fails.
    public func outcome(
        of action: ConnectionAction,
        table: TableState,
        layout: ConnectionTable,
        latency: LambdaLatencyModel,
        availability: CapacityAvailability = .available
    ) -> ActionOutcome {
        var handler = HandlerContext(
            design: self,
            table: table,
            layout: layout,
            latency: latency,
            availability: availability
        )
        switch action {
        case .connect: handler.connect()
        case .join: handler.join()
        case .publish(let publication): handler.publish(publication)
        case .disconnect(let rows): handler.disconnect(rows: rows)
        case .keepalive(let bytes): handler.outcome.messages.append(MessageFlow(.keepalive, count: 1, bytes: bytes))
        }
        return handler.outcome
    }
}

/// A Lambda handler's clock: time spent so far against its timeout.
struct HandlerClock {
    let timeoutMs: Double
    private(set) var elapsedMs = 0.0
    private(set) var timedOut = false
    private(set) var neededMs = 0.0

    init(timeoutSeconds: Double) { timeoutMs = timeoutSeconds * 1000 }

    /// Spends `ms`; returns the share of that step done before the timeout (0…1).
    mutating func spend(_ ms: Double) -> Double {
        neededMs += ms
        guard !timedOut else { return 0 }
        let remaining = timeoutMs - elapsedMs
        if ms <= remaining {
            elapsedMs += ms
            return 1
        }
        elapsedMs = timeoutMs
        timedOut = true
        return ms > 0 ? max(0, remaining) / ms : 0
    }
}

struct HandlerContext {
    let design: ArchitectureDefinition
    let table: TableState
    let layout: ConnectionTable
    let latency: LambdaLatencyModel
    let availability: CapacityAvailability
    var outcome = ActionOutcome()

    init(
        design: ArchitectureDefinition,
        table: TableState,
        layout: ConnectionTable,
        latency: LambdaLatencyModel,
        availability: CapacityAvailability
    ) {
        self.design = design
        self.table = table
        self.layout = layout
        self.latency = latency
        self.availability = availability
    }

    private var consistent: Bool { design.table.consistentReads }
    private var indexWrites: Double { design.table.channelIndex ? 1 : 0 }

    private func cpuMs(_ atOneVCPU: Double, _ fn: LambdaFunction) -> Double {
        atOneVCPU / latency.vCPUShare(memoryMB: fn.memoryMB)
    }

    /// One SDK request: network round trip plus the CPU to build and sign it.
    private func requestMs(_ fn: LambdaFunction) -> Double {
        latency.dynamoDBRequestMs + cpuMs(latency.cpuMsPerSDKCallAtOneVCPU, fn)
    }

    private mutating func finish(_ role: FunctionRole, _ fn: LambdaFunction, _ clock: HandlerClock) {
        outcome.invocations.append(
            Invocation(
                role: role,
                durationMs: clock.elapsedMs,
                memoryMB: fn.memoryMB,
                cpu: fn.cpu,
                timedOut: clock.timedOut
            )
        )
        if clock.timedOut {
            outcome.limits.append(
                ExceededLimit(
                    name: "lambda.timeout.\(role.rawValue)",
                    demand: clock.neededMs / 1000,
                    capacity: fn.timeoutSeconds,
                    unit: "s per invocation",
                    effect: "the handler is killed at its timeout; work not done by then is lost"
                )
            )
        }
    }

    /// A throttled call: the SDK retries with backoff, then the handler fails (returns 500).
    private mutating func throttled(_ clock: inout HandlerClock) {
        outcome.dynamoDBRequests += Double(1 + latency.sdkMaxRetries)
        _ = clock.spend(latency.expectedRetryExhaustionMs)
    }

    /// Puts one row; returns false when the write was refused.
    private mutating func putRow(bytes: Double, fn: LambdaFunction, clock: inout HandlerClock) -> Bool {
        outcome.writeRequestShare = 1
        guard availability.writes else {
            throttled(&clock)
            return false
        }
        outcome.dynamoDBRequests += 1
        _ = clock.spend(availability.writeWaitMs)
        let done = clock.spend(requestMs(fn))
        guard done == 1 else { return false }
        if outcome.firstWriteDoneAtMs == nil { outcome.firstWriteDoneAtMs = clock.elapsedMs }
        outcome.writeUnits += DynamoDBCapacity.writeUnits(itemBytes: bytes) * (1 + indexWrites)
        outcome.rowsWritten += 1
        return true
    }

    mutating func connect() {
        if let auth = design.functions.authorizer {
            var clock = HandlerClock(timeoutSeconds: auth.timeoutSeconds)
            _ = clock.spend(latency.invocationOverheadMs + cpuMs(latency.cpuMsPerAuthorizationAtOneVCPU, auth))
            finish(.authorizer, auth, clock)
        }
        let fn = design.functions.connect
        var clock = HandlerClock(timeoutSeconds: fn.timeoutSeconds)
        _ = clock.spend(latency.invocationOverheadMs)
        _ = putRow(bytes: layout.defaultRowBytes, fn: fn, clock: &clock)
        finish(.connect, fn, clock)
    }

    mutating func join() {
        outcome.messages.append(
            MessageFlow(.join, count: 1, bytes: ClientProtocol.joinRequestEnvelopeBytes + layout.topicNameBytes)
        )
        let fn = design.functions.joinChannel
        var clock = HandlerClock(timeoutSeconds: fn.timeoutSeconds)
        _ = clock.spend(latency.invocationOverheadMs)
        if putRow(bytes: layout.topicRowBytes, fn: fn, clock: &clock), design.joinAck {
            let done = clock.spend(latency.postToConnectionMs + cpuMs(latency.cpuMsPerSDKCallAtOneVCPU, fn))
            if done == 1 {
                outcome.callbackRequests += 1
                outcome.messages.append(
                    MessageFlow(
                        .joinAck,
                        count: 1,
                        bytes: ClientProtocol.joinAckEnvelopeBytes + layout.topicNameBytes + layout.connectionIdBytes
                    )
                )
            }
        }
        finish(.joinChannel, fn, clock)
    }

    /// Reads `bytes` with a paginated Scan or Query (on one partition key when `oneKey`);
    /// returns false when refused.
    private mutating func paginatedRead(
        bytes: Double,
        fn: LambdaFunction,
        clock: inout HandlerClock,
        oneKey: Bool = false
    ) -> Bool {
        guard availability.reads else {
            throttled(&clock)
            return false
        }
        // A handler that times out while its SDK still waits for the table never gets the read.
        guard clock.spend(availability.readWaitMs) == 1 else { return false }
        let (pages, units) = ScanPage.readUnits(forPaginatedBytes: bytes, consistent: consistent)
        outcome.dynamoDBRequests += pages
        outcome.readUnits += units
        if oneKey { outcome.keyReadUnits += units }
        _ = clock.spend(pages * requestMs(fn) + bytes / 1024 * latency.dynamoDBMsPerEvaluatedKB)
        return true
    }

    /// One Scan call: reads the first page only. Returns the share of the table it saw, or nil when refused.
    private mutating func firstPageScan(fn: LambdaFunction, clock: inout HandlerClock, purpose: String) -> Double? {
        guard availability.reads else {
            throttled(&clock)
            return nil
        }
        // A handler that times out while its SDK still waits for the table never gets the read.
        guard clock.spend(availability.readWaitMs) == 1 else { return nil }
        let evaluated = min(table.bytes, ScanPage.maxBytes)
        outcome.dynamoDBRequests += 1
        let units = DynamoDBCapacity.readUnits(totalBytes: evaluated, consistent: consistent)
        outcome.readUnits += units
        outcome.keyReadUnits += units
        _ = clock.spend(requestMs(fn) + evaluated / 1024 * latency.dynamoDBMsPerEvaluatedKB)
        let coverage = table.firstPageCoverage
        if coverage < 1 {
            outcome.limits.append(
                ExceededLimit(
                    name: "dynamodb.scan_page.\(purpose)",
                    demand: table.bytes,
                    capacity: ScanPage.maxBytes,
                    unit: "bytes per Scan call",
                    effect:
                        "one Scan call reads 1 MB and the code has no LastEvaluatedKey loop: rows past it are never seen"
                )
            )
        }
        return coverage
    }

    mutating func publish(_ p: Publication) {
        let channelNameBytes = p.toDefaultChannel ? ConnectionTable.defaultChannel.utf8.count : layout.topicNameBytes
        outcome.messages.append(
            MessageFlow(
                p.origin == .user ? .userMessage : .broadcastPublish,
                count: 1,
                bytes: ClientProtocol.sendMessageBytes(payloadBytes: p.payloadBytes, channelNameBytes: channelNameBytes)
            )
        )
        outcome.intendedDeliveries = p.recipients
        let fn = design.functions.sendMessage
        var clock = HandlerClock(timeoutSeconds: fn.timeoutSeconds)
        _ = clock.spend(latency.invocationOverheadMs)

        let rowBytes = p.toDefaultChannel ? layout.defaultRowBytes : layout.topicRowBytes
        var coverage = 1.0
        switch design.subscriberLookup {
        case .scanFirstPage:
            guard let seen = firstPageScan(fn: fn, clock: &clock, purpose: "send_message") else {
                return finish(.sendMessage, fn, clock)
            }
            coverage = seen
        case .scanAllPages:
            guard paginatedRead(bytes: table.bytes, fn: fn, clock: &clock) else {
                return finish(.sendMessage, fn, clock)
            }
        case .indexQuery:
            guard paginatedRead(bytes: p.channelRows * rowBytes, fn: fn, clock: &clock, oneKey: true) else {
                return finish(.sendMessage, fn, clock)
            }
        }
        let found = p.channelRows * coverage
        _ = clock.spend(found * cpuMs(latency.cpuMsPerItemAtOneVCPU, fn))

        // Every post is started at once; the SDK's agent runs `httpMaxSockets` at a time, and the
        // single Node.js thread must build and sign each one: the slower of the two bounds wins.
        // Rows of gone connections are posted to as well (API Gateway answers 410 Gone).
        let reachable = max(0, p.recipients - p.recipientsWithoutRow) * coverage
        let gone = p.staleRows * coverage
        let posts = reachable + gone
        let waves = (posts / Double(design.httpMaxSockets)).rounded(.up)
        let networkMs = waves * latency.postToConnectionMs
        let cpuBoundMs = posts * cpuMs(latency.cpuMsPerSDKCallAtOneVCPU, fn)
        let fanOutMs = max(networkMs, cpuBoundMs)
        let done = clock.spend(fanOutMs)
        let delivered = reachable * done
        outcome.goneResponses = gone * done
        outcome.fanOutMs = fanOutMs
        outcome.deliveries = delivered
        outcome.callbackRequests += delivered + outcome.goneResponses
        if delivered > 0 {
            outcome.messages.append(MessageFlow(.delivery, count: delivered, bytes: p.payloadBytes))
        }
        finish(.sendMessage, fn, clock)
    }

    mutating func disconnect(rows: Double) {
        let fn = design.functions.disconnect
        var clock = HandlerClock(timeoutSeconds: fn.timeoutSeconds)
        _ = clock.spend(latency.invocationOverheadMs)
        outcome.rowsLeftStale = rows
        var coverage = 1.0
        switch design.disconnectLookup {
        case .scanFirstPage:
            guard let seen = firstPageScan(fn: fn, clock: &clock, purpose: "disconnect") else {
                return finish(.disconnect, fn, clock)
            }
            coverage = seen
        case .scanAllPages:
            guard paginatedRead(bytes: table.bytes, fn: fn, clock: &clock) else {
                return finish(.disconnect, fn, clock)
            }
        case .keyQuery:
            guard paginatedRead(bytes: layout.connectionBytes(rows: rows), fn: fn, clock: &clock) else {
                return finish(.disconnect, fn, clock)
            }
        }
        // A connection's rows share its hash key, so they sit together: a one-page Scan sees all
        // of them (with probability `coverage`) or none. Expected values follow.
        guard rows > 0, coverage > 0 else { return finish(.disconnect, fn, clock) }
        _ = clock.spend(coverage * rows * cpuMs(latency.cpuMsPerItemAtOneVCPU, fn))

        let batch = design.disconnectBatchSize
        if batch == 0, rows > Double(DynamoDBCapacity.batchWriteMaxItems) {
            // One BatchWriteItem with more than 25 requests is rejected (ValidationException).
            outcome.dynamoDBRequests += coverage
            _ = clock.spend(coverage * requestMs(fn))
            outcome.limits.append(
                ExceededLimit(
                    name: "dynamodb.batch_write_items",
                    demand: rows,
                    capacity: Double(DynamoDBCapacity.batchWriteMaxItems),
                    unit: "items per BatchWriteItem",
                    effect: "the whole delete is rejected and every row of the connection stays"
                )
            )
            return finish(.disconnect, fn, clock)
        }
        outcome.writeRequestShare = coverage
        guard availability.writes else {
            throttled(&clock)
            return finish(.disconnect, fn, clock)
        }
        _ = clock.spend(coverage * availability.writeWaitMs)
        let calls = coverage * (batch == 0 ? 1 : (rows / Double(batch)).rounded(.up))
        outcome.dynamoDBRequests += calls
        let firstDoneAt = clock.elapsedMs + requestMs(fn)
        let done = clock.spend(calls * requestMs(fn))
        if done > 0, firstDoneAt <= clock.timeoutMs { outcome.firstWriteDoneAtMs = firstDoneAt }
        let deletedShare = coverage * done
        outcome.writeUnits += deletedShare * layout.deleteWriteUnits(rows: rows) * (1 + indexWrites)
        outcome.rowsDeleted = deletedShare * rows
        outcome.rowsLeftStale = rows - outcome.rowsDeleted
        finish(.disconnect, fn, clock)
    }
}
