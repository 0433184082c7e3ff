import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Connects, joins and disconnects, and the rows they leave in the table.
extension SimulationRun {
    // MARK: - Connections

    mutating func attemptConnect(user: Int32, blockEnd: SimTime, isRetry: Bool) {
        guard blockEnd > now else { return leave(user: user) }
        connectAttempts += 1
        connectBucket.refill(to: now)
        let second = now.nanoseconds / 1_000_000_000
        if connectsThisSecond.second != second { connectsThisSecond = (second, 0) }
        connectsThisSecond.count += 1
        if connectBucket.balance < 1 {
            connectRejections += 1
            let demand = connectsThisSecond.count
            let capacity = quotas.apiGatewayNewConnectionsPerSecond.value
            noteLimit(.newConnections, demand: demand) { .newConnections(demand: demand, capacity: capacity) }
            return retryConnect(user: user, blockEnd: blockEnd, afterRetry: isRetry)
        }
        connectBucket.charge(1)
        let rowsWritten: Double
        if runQuietly(memo: availableConnect, reads: false, writes: true) {
            rowsWritten = memoRuns[availableConnect!].rowsWritten
        } else {
            // A `$connect` starts the same executions whatever the table grants (the authorizer if
            // there is one, then the function: `HandlerContext.connect`), so when the account has
            // no room for them Lambda refuses it before its capacity matters: in a storm, a third
            // of the attempts the connect quota lets through.
            if let full = availableConnect, refusesForConcurrency(executions: memoRuns[full].executionCount) {
                return retryConnect(user: user, blockEnd: blockEnd, afterRetry: isRetry)
            }
            let (available, throttles) = availability(
                reads: false,
                writes: true,
                timeoutSeconds: design.functions.connect.timeoutSeconds
            )
            var evaluated = evaluate(.connect, available)
            assert(
                availableConnect == nil || memoRuns[availableConnect!].executionCount == evaluated.run.executionCount,
                "a connect's executions depend on the table's capacity"
            )
            guard admit(&evaluated) else { return retryConnect(user: user, blockEnd: blockEnd, afterRetry: isRetry) }
            noteThrottles(throttles)
            commit(evaluated)
            settle(evaluated, attempted: available.writes ? nil : evaluate(.connect, .available).run)
            rowsWritten = evaluated.run.rowsWritten
        }
        guard rowsWritten >= 1 else {
            // `$connect` returned 500: API Gateway rejects the connection; the client retries.
            connectRejections += 1
            return retryConnect(user: user, blockEnd: blockEnd, afterRetry: isRetry)
        }
        sessionsOpened += 1
        openConnection(user: user, blockEnd: blockEnd, startedAt: now.seconds, billed: true)
    }

    /// Schedules the next attempt after a failed one (`afterRetry`: the failed one was itself a
    /// retry), unless it would fall after the user's block ends at `blockEnd`.
    mutating func retryConnect(user: Int32, blockEnd: SimTime, afterRetry: Bool) {
        let failures = countFailure(of: user, afterRetry: afterRetry)
        let delay = retryDelaySeconds(afterFailures: failures, unit: reconnectRNG.nextUnit())
        let at = now + .seconds(delay)
        if at >= blockEnd { return leave(user: user) }
        if settings.reconnects == .cohorts { return enqueueRetry(user: user, at: at, blockEnd: blockEnd) }
        scheduler.schedule(.retryConnect(blockEnd: blockEnd, user: user), at: at)
    }

    /// Counts a failed attempt of `user` (the first of a run of them unless `afterRetry`), saturating
    /// at 255 (``retryFailures``); returns the failures so far.
    @inline(__always)
    mutating func countFailure(of user: Int32, afterRetry: Bool) -> Int32 {
        let before = afterRetry ? retryFailures[Int(user)] : 0
        let failures = before == .max ? before : before + 1
        retryFailures[Int(user)] = failures
        return Int32(failures)
    }

    /// ReconnectingWebSocket's delay after `failures` failed attempts (≥ 1), `unit` a uniform draw.
    @inline(__always)
    func retryDelaySeconds(afterFailures failures: Int32, unit: Double) -> Double {
        min(
            ReconnectPolicy.maximumSeconds,
            (ReconnectPolicy.minimumSeconds + ReconnectPolicy.jitterSeconds * unit)
                * reconnectGrowth[min(Int(failures) - 1, reconnectGrowth.count - 1)]
        )
    }

    mutating func leave(user: Int32) { freeUsers.append(user) }

    /// Opens a connection whose `$connect` succeeded: its `default` row, its joins, its first messages.
    ///
    /// An unbilled connection is one open when the run starts: `startedAt` is then when its user
    /// came online, and the connection is the one its session cycle has open at time zero.
    mutating func openConnection(user: Int32, blockEnd: SimTime, startedAt: Double, billed: Bool) {
        accrueStorage()
        let connection = freeSlot()
        let c = Int(connection)
        // Built here and stored once, before anything reads it.
        var record = ConnectionRecord(
            start: .seconds(startedAt),
            blockEnd: blockEnd,
            rowFlags: 1 << 63,
            user: user,
            liveIndex: Int32(liveConnections.count)
        )
        liveConnections.append(connection)
        members[0] += 1
        addRow(channel: 0)
        if billed { chargeIndexWrite(channel: 0) }

        // Topic joins: distinct channels drawn by popularity, one joinchannel each.
        var isBroadcastMember = scenario.broadcasts.target == .everyone
        if popularity != nil, joins > 0 {
            // Distinct channels, written straight into the connection's slots.
            let base = c * joins
            var picked = 0
            var tries = 0
            while picked < joins {
                // Sampled in place: binding the table to a local would retain its arrays.
                var channel = Int32(popularity!.sample(using: &channelsRNG) + 1)
                tries += 1
                if tries > 50 * joins {
                    // Nearly every channel taken: fall back to the next free one in order.
                    channel = Int32(
                        (1...channelCount).first { !isPicked(Int32($0), base: base, count: picked) } ?? 1
                    )
                }
                if isPicked(channel, base: base, count: picked) { continue }
                connChannels[base + picked] = channel
                picked += 1
            }
            for j in 0..<joins {
                let channel = connChannels[base + j]
                members[Int(channel)] += 1
                if channel == 1 && scenario.broadcasts.target == .top { isBroadcastMember = true }
                guard billed else {
                    record.rowFlags |= 1 << UInt64(j)
                    addRow(channel: Int(channel))
                    continue
                }
                takeInboundRequest()  // the inbound joinchannel
                let run: HandlerRun
                if runQuietly(memo: availableJoin, reads: false, writes: true) {
                    run = memoRuns[availableJoin!]
                } else {
                    guard let joined = runJoin() else { continue }
                    run = joined
                }
                _ = requestBucket.take(run.callbackRequests, over: 0)  // the join ack
                if run.rowsWritten >= 1 {
                    record.rowFlags |= 1 << UInt64(j)
                    addRow(channel: Int(channel))
                    chargeIndexWrite(channel: Int(channel))
                }
            }
        }
        if scenario.broadcasts.target == .popular { isBroadcastMember = effectsRNG.nextUnit() < broadcastMembership }

        // Session length: API Gateway's cut (or the client's), the idle timeout for its class, the user's block.
        let idles = isBroadcastMember ? memberIdles : otherIdles
        let length = idles ? min(sessionSeconds, Workload.idleTimeoutSeconds) : sessionSeconds
        if !billed {
            // The user has reconnected every `length` seconds since it came online.
            record.start = .seconds(startedAt + (-startedAt / length).rounded(.down) * length)
        }
        records[c] = record
        let lengthDuration = SimDuration.seconds(length)
        let sessionEnd = min(record.start + lengthDuration, record.blockEnd)
        if idles, length < sessionSeconds, billed {
            noteLimit(
                .idleTimeout(
                    sessionSeconds: sessionSeconds,
                    capacity: Workload.idleTimeoutSeconds,
                    detail: "connections"
                )
            )
        }
        if billed, sessionEnd == record.start + lengthDuration {
            // A fixed delay from now: its lane stays in time order and keeps the heap small.
            scheduler.schedule(.sessionEnd(connection: connection), at: sessionEnd, lane: idles ? 1 : 0)
        } else if !billed, sessionEnd >= seededEndsTail {
            // The connections open at the start are opened in the order their sessions end.
            seededEndsTail = sessionEnd
            scheduler.schedule(.sessionEnd(connection: connection), at: max(now, sessionEnd), lane: 2)
        } else {
            scheduler.schedule(.sessionEnd(connection: connection), at: max(now, sessionEnd))
        }

        if billed {
            for _ in 0..<messagesPerSession { publish(from: connection) }
        }
    }

    /// A `joinchannel` that ``runQuietly(memo:reads:writes:)`` could not run: its run, or nil when
    /// Lambda refused it. Out of line, so that the path every quiet join takes stays short.
    @inline(never)
    mutating func runJoin() -> HandlerRun? {
        let (available, throttles) = availability(
            reads: false,
            writes: true,
            timeoutSeconds: design.functions.joinChannel.timeoutSeconds
        )
        var evaluated = evaluate(.join, available)
        guard admit(&evaluated) else { return nil }
        noteThrottles(throttles)
        commit(evaluated)
        settle(evaluated, attempted: available.writes ? nil : evaluate(.join, .available).run)
        return evaluated.run
    }

    /// A free connection slot: the first of the next few at the cursor, or a new one.
    mutating func freeSlot() -> Int32 {
        for _ in 0..<Self.slotProbes where slotCursor < records.count {
            let slot = slotCursor
            slotCursor = slotCursor + 1 == records.count ? 0 : slotCursor + 1
            if records[slot].liveIndex == ConnectionRecord.free { return Int32(slot) }
        }
        records.append(ConnectionRecord(start: .zero, blockEnd: .zero, rowFlags: 0, user: 0, liveIndex: 0))
        connChannels.append(repeating: 0, count: joins)
        return Int32(records.count - 1)
    }

    /// Slots ``freeSlot()`` looks at before it adds one.
    static let slotProbes = 8

    /// Whether `channel` is among the `count` channels already written at `connChannels[base...]`.
    @inline(__always)
    func isPicked(_ channel: Int32, base: Int, count: Int) -> Bool {
        var k = base
        while k < base + count {
            if connChannels[k] == channel { return true }
            k += 1
        }
        return false
    }

    mutating func addRow(channel: Int) {
        liveRows[channel] += 1
        tableRows += 1
        tableBytes += channel == 0 ? layout.defaultRowBytes : layout.topicRowBytes
    }

    /// A row written or deleted in the channel GSI takes its share of the channel key's partition.
    mutating func chargeIndexWrite(channel: Int) {
        guard design.table.channelIndex, partitionKeys != nil else { return }
        let writeUnits = channel == 0 ? layout.defaultRowWriteUnits : layout.topicRowWriteUnits
        let time = now
        partitionKeys!.chargeWrites(channel, writeUnits: writeUnits, at: time)
    }

    mutating func endSession(_ connection: Int32) {
        accrueStorage()
        let c = Int(connection)
        let user = records[c].user
        connectionSeconds += (now - max(records[c].start, .zero)).seconds
        if records[c].start >= .zero {
            sessionsClosed += 1
            closedSessionSeconds += (now - records[c].start).seconds
        }

        // Remove from the live set.
        let index = Int(records[c].liveIndex)
        let last = liveConnections.removeLast()
        if index < liveConnections.count {
            liveConnections[index] = last
            records[Int(last)].liveIndex = Int32(index)
        }
        members[0] -= 1
        for j in 0..<joins { members[Int(connChannels[c * joins + j])] -= 1 }

        let flags = records[c].rowFlags
        let rows = (flags >> 63 & 1) + UInt64((flags & ~(1 << 63)).nonzeroBitCount)
        var deleted = false
        if rows > 0 {
            rowsToDelete += Double(rows)
            if effectsRNG.nextUnit() < scenario.sessions.disconnectEventLossRatio {
                lostDisconnectEvents += 1
            } else {
                let quiet =
                    disconnectReadsTable || rows >= availableDisconnect.count ? nil : availableDisconnect[Int(rows)]
                if runQuietly(memo: quiet, reads: true, writes: true) {
                    deleted = effectsRNG.nextUnit() < memoRuns[quiet!].rowsDeleted / Double(rows)
                    chargeFirstPage(memoRuns[quiet!].keyReadUnits)
                } else {
                    let (available, throttles) = availability(
                        reads: true,
                        writes: true,
                        timeoutSeconds: design.functions.disconnect.timeoutSeconds
                    )
                    let action = ConnectionAction.disconnect(rows: Double(rows))
                    var evaluated = evaluate(action, available)
                    if admit(&evaluated) {
                        // One draw says whether the Scan found the connection's rows: only then is
                        // their delete sent (and can the table throttle it), and only then can it
                        // delete them, together or not at all.
                        let found = effectsRNG.nextUnit()
                        let sentWrite = found < evaluated.run.writeRequestShare
                        noteThrottles(sentWrite ? throttles : throttles.subtracting(.writes))
                        commit(evaluated)
                        let full = available.reads && available.writes ? nil : evaluate(action, .available).run
                        settle(evaluated, attempted: full)
                        chargeFirstPage(evaluated.run.keyReadUnits)
                        deleted = found < evaluated.run.rowsDeleted / Double(rows)
                    }
                }
            }
        }
        // Rows not deleted stay in the table as stale rows, for good.
        if flags >> 63 & 1 == 1 { retireRow(channel: 0, deleted: deleted) }
        for j in 0..<joins where flags >> UInt64(j) & 1 == 1 {
            retireRow(channel: Int(connChannels[c * joins + j]), deleted: deleted)
        }
        if deleted { rowsDeleted += Double(rows) }
        records[c].liveIndex = ConnectionRecord.free

        if records[c].blockEnd > now {
            // API Gateway (or the idle timeout) closed it; ReconnectingWebSocket reconnects.
            let delay = ReconnectPolicy.minimumSeconds + ReconnectPolicy.jitterSeconds * reconnectRNG.nextUnit()
            let at = now + .seconds(delay)
            if at < records[c].blockEnd {
                scheduler.schedule(.connect(blockEnd: records[c].blockEnd, user: user), at: at)
            } else {
                leave(user: user)
            }
        } else {
            leave(user: user)
        }
    }

    /// A `$disconnect`'s one-page Scan takes its share of the table's first partition.
    mutating func chargeFirstPage(_ readUnits: Double) {
        guard readUnits > 0, let first = partitionKeys?.firstPage else { return }
        let time = now
        partitionKeys!.chargeReads(first, readUnits: readUnits, attemptedReadUnits: readUnits, at: time)
    }

    mutating func retireRow(channel: Int, deleted: Bool) {
        liveRows[channel] -= 1
        if deleted {
            chargeIndexWrite(channel: channel)
            tableRows -= 1
            tableBytes -= channel == 0 ? layout.defaultRowBytes : layout.topicRowBytes
        } else {
            staleRows[channel] += 1
            tableStaleRows += 1
        }
    }
}
