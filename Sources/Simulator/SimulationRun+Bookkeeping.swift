import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Storage, the hourly series, the limits noted per hour, and the result.
extension SimulationRun {
    // MARK: - Bookkeeping

    mutating func accrueStorage() {
        let seconds = (now - lastStorageUpdate).seconds
        if seconds > 0 {
            storedByteSeconds += (tableBytes + Double(tableRows) * DynamoDBCapacity.storageOverheadBytes) * seconds
            lastStorageUpdate = now
        }
    }

    mutating func closeHour() {
        let hour = timeseries.count
        let provisioned = design.table.capacityMode == .provisioned
        if ExceededLimit.exceeds(hourAttemptedReadUnits / 3600, readBucket.rate) {
            noteWorst(
                .readCapacity(
                    demand: hourAttemptedReadUnits / 3600,
                    capacity: readBucket.rate,
                    provisioned: provisioned,
                    over: "hourly mean"
                )
            )
        }
        if ExceededLimit.exceeds(hourAttemptedWriteUnits / 3600, writeBucket.rate) {
            noteWorst(
                .writeCapacity(
                    demand: hourAttemptedWriteUnits / 3600,
                    capacity: writeBucket.rate,
                    provisioned: provisioned,
                    over: "hourly mean"
                )
            )
        }
        notePartitionLimits()
        timeseries.append(
            HourlySample(
                hour: hour + 1,
                connections: Double(liveConnections.count),
                tableRows: Double(tableRows),
                tableBytes: tableBytes,
                staleRows: Double(tableStaleRows),
                consumedRCU: hourReadUnits / 3600,
                provisionedRCU: readBucket.rate,
                consumedWCU: hourWriteUnits / 3600,
                provisionedWCU: writeBucket.rate,
                throttledCalls: hourThrottled,
                lambdaConcurrency: hourConcurrency,
                deliveries: hourDeliveries,
                deliveredRatio: hourIntended > 0 ? hourDeliveries / hourIntended : 1
            )
        )
        hourReadUnits = 0
        hourWriteUnits = 0
        hourThrottled = 0
        hourConcurrency = Double(roleRunning.total)
        hourDeliveries = 0
        hourIntended = 0
        hourAttemptedReadUnits = 0
        hourAttemptedWriteUnits = 0
        if now < end { scheduler.schedule(.hour, after: .seconds(3600)) }
    }

    /// The hour's busiest partition key, and a new on-demand table against the busiest hour so far.
    mutating func notePartitionLimits() {
        if let firstPage = partitionKeys?.firstPage, let busiest = partitionKeys?.closeHour(seconds: 3600) {
            if ExceededLimit.exceeds(busiest.load, 1) {
                let name =
                    busiest.key == firstPage
                    ? "the table's first partition" : busiest.key == 0 ? "channel default" : "channel #\(busiest.key)"
                noteWorst(.partitionThroughput(load: busiest.load, key: name, over: "hourly mean"))
            }
        }
        guard design.table.capacityMode == .onDemand else { return }
        peakHourReadUnits = max(peakHourReadUnits, hourAttemptedReadUnits / 3600)
        peakHourWriteUnits = max(peakHourWriteUnits, hourAttemptedWriteUnits / 3600)
        let warmUp = OnDemandWarmUp(
            peakReadUnitsPerSecond: peakHourReadUnits,
            peakWriteUnitsPerSecond: peakHourWriteUnits,
            quotas: quotas
        )
        if ExceededLimit.exceeds(warmUp.newTableLoad, 1) { noteWorst(.onDemandWarmUp(warmUp)) }
    }

    func result() -> SimulationResult {
        var usage = self.usage
        for (outcome, count) in zip(memoOutcomes, memoCounts) { usage.record(outcome, times: count * monthScale) }
        let simulatedSeconds = settings.days * 86_400
        usage.connectionMinutes = connectionSeconds / 60 * monthScale
        usage.sessions = sessionsOpened * monthScale
        usage.table = TableCapacity(
            mode: design.table.capacityMode,
            provisionedRCU: design.table.provisionedRCU,
            provisionedWCU: design.table.provisionedWCU
        )
        usage.tableHours = scenario.monthHours
        usage.storedBytes = storedByteSeconds / simulatedSeconds * (design.table.channelIndex ? 2 : 1)
        if scenario.keepalive.intervalSeconds > 0 {
            let pings = connectionSeconds / scenario.keepalive.intervalSeconds
            usage.record(
                design.outcome(
                    of: .keepalive(bytes: scenario.keepalive.sizeBytes),
                    table: TableState(rows: 0, bytes: 0),
                    layout: layout,
                    latency: latency
                ),
                times: pings * monthScale
            )
        }
        usage.rowsLeftStale = Double(tableStaleRows) * monthScale

        var limits = limitLog.worstLimits
        let plainDays = settings.days == settings.days.rounded() ? "\(Int(settings.days))" : "\(settings.days)"
        if tableStaleRows > 0 {
            limits.append(
                .staleRows(
                    toDelete: rowsToDelete / simulatedSeconds,
                    deleted: rowsDeleted / simulatedSeconds,
                    detail: "\(tableStaleRows) rows left in the table after \(plainDays) days"
                )
            )
        }
        limits.sort { $0.name < $1.name }
        var events = limitLog.events
        if tableStaleRows > 0, !events.contains(where: { $0.name == "dynamodb.stale_rows" }) {
            let first = timeseries.first { $0.staleRows > 0 }.map { Double($0.hour) } ?? settings.days * 24
            events.append(LimitEvent(name: "dynamodb.stale_rows", firstHour: first, count: Double(tableStaleRows)))
        }
        var latency = broadcastLatencyMs
        var metrics = [
            Metric("simulated_days", settings.days, "days"),
            Metric("seed", Double(settings.seed), "seed"),
            Metric("mean_connections", connectionSeconds / simulatedSeconds, "connections"),
            Metric("connects_per_second", sessionsOpened / simulatedSeconds, "1/s"),
            Metric("mean_session_seconds", sessionsClosed > 0 ? closedSessionSeconds / sessionsClosed : 0, "s"),
            Metric("throttled_dynamodb_calls", throttledCalls, "calls"),
            Metric("failed_dynamodb_calls", failedCalls, "calls"),
            Metric("lambda_timeouts", lambdaTimeouts, "invocations"),
            Metric("lambda_throttles", lambdaThrottles, "invocations"),
            Metric("lambda_cold_starts", coldStarts, "invocations"),
            Metric("connect_attempts", connectAttempts, "attempts"),
            Metric("connect_rejections", connectRejections, "connects"),
            Metric("lost_disconnect_events", lostDisconnectEvents, "events"),
            Metric("gone_responses", goneResponses, "posts"),
            Metric("posts_refused_by_api_gateway", postsRefused, "posts"),
            Metric("stale_rows_at_end", Double(tableStaleRows), "rows"),
            Metric("table_rows_at_end", Double(tableRows), "rows"),
            Metric("broadcast_completion_p50", (latency.percentile(50) ?? 0) / 1000, "s"),
            Metric("broadcast_completion_p95", (latency.percentile(95) ?? 0) / 1000, "s"),
            Metric("broadcast_completion_p99", (latency.percentile(99) ?? 0) / 1000, "s"),
            Metric("events", Double(scheduler.processed), "events"),
        ]
        if settings.reconnects == .cohorts {
            metrics.append(Metric("retries_in_cohorts", retriesInCohorts, "attempts"))
        }
        return SimulationResult(
            usage: usage,
            limits: limits,
            limitEvents: events,
            timeseries: timeseries,
            deliveredRatio: intended > 0 ? delivered / intended : 1,
            metrics: metrics
        )
    }
}
