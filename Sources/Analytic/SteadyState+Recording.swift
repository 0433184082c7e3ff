import Architectures
import FanoutInput
import Foundation
import Scenarios
import Usage
import Workloads

/// What recording one snapshot found besides its usage.
struct SnapshotEffects {
    /// Rows (and bytes, and `default` rows) left stale per second.
    var staleGrowth = StaleRows()
    var limits: [String: ExceededLimit] = [:]
    var metrics: [Metric] = []
}

extension SteadyStateSnapshot {
    /// Records `seconds` of this instant's traffic into `usage` and reports what else it found.
    func record(into usage: inout ServiceUsage, seconds: Double) -> SnapshotEffects {
        var effects = SnapshotEffects()
        let scenario = workload.scenario
        let table = table
        let requestRate = quotas.apiGatewayRequestsPerSecond.value
        let burst = quotas.apiGatewayBurstRequests.value
        var burstLimit: ExceededLimit?
        var broadcastFanOutMs = 0.0
        var slowestPublishMs = 0.0
        var step = ServiceUsage()
        var staleRowsPerSecond = 0.0
        let keys = partitionKeyLoads()
        for (action, rate) in actions {
            let writeShare = writeShare(action)
            // A send's reads need its key's partition as well as the table.
            var readShare = readShare
            var keyWaitMs = 0.0
            if case .publish(let p) = action, let keys {
                readShare *= p.origin == .user ? keys.userServed : keys.broadcastServed
                keyWaitMs = p.origin == .user ? keys.userWaitMs : keys.broadcastWaitMs
            }
            for readsServed in [true, false] {
                for writesServed in [true, false] {
                    let weight =
                        lambdaShare * (readsServed ? readShare : 1 - readShare)
                        * (writesServed ? writeShare : 1 - writeShare)
                    guard weight > 0 else { continue }
                    var result = outcome(action, reads: readsServed, writes: writesServed, keyWaitMs: keyWaitMs)
                    // One fan-out may outrun API Gateway's token bucket: it can post at most
                    // burst + rate × duration; the rest get 429 and are neither delivered nor billed.
                    if result.callbackRequests > 0, result.fanOutMs > 0 {
                        let duration =
                            min(result.fanOutMs, architecture.functions.sendMessage.timeoutSeconds * 1000) / 1000
                        let allowed = burst + requestRate * duration
                        if result.callbackRequests > allowed {
                            burstLimit = .fanOutBurst(posts: result.callbackRequests, allowed: allowed)
                            result.scaleDeliveries(by: allowed / result.callbackRequests)
                        }
                    }
                    step.record(result, times: rate * seconds * weight)
                    if case .disconnect = action { staleRowsPerSecond += rate * weight * result.rowsLeftStale }
                    for limit in result.limits where limit.demand > (effects.limits[limit.name]?.demand ?? -1) {
                        effects.limits[limit.name] = limit
                    }
                }
            }
            // A throttled `$disconnect` (429) deletes nothing: all the connection's rows stay.
            if case .disconnect(let rows) = action { staleRowsPerSecond += rate * (1 - lambdaShare) * rows }
            if case .publish(let p) = action {
                // A throttled `sendmessage` delivers nothing: its deliveries were intended, and lost.
                step.intendedDeliveries += rate * seconds * (1 - lambdaShare) * p.recipients
                let full = outcome(action, reads: true, writes: true)
                if p.origin == .server { broadcastFanOutMs = full.fanOutMs }
                let run = full.invocations.first { $0.role == .sendMessage }?.durationMs ?? 0
                slowestPublishMs = max(slowestPublishMs, run)
            }
        }
        // A disconnect event API Gateway never delivers leaves every row of the connection.
        let disconnects = successfulConnectsPerSecond
        staleRowsPerSecond += disconnects * scenario.sessions.disconnectEventLossRatio * rowsPerConnection
        // A gone connection's rows: its `default` row and the topic rows its joins wrote.
        let bytesPerRow =
            (layout.defaultRowBytes + Double(workload.joinsPerConnection) * joinWritten * layout.topicRowBytes)
            / rowsPerConnection
        effects.staleGrowth = StaleRows(
            rows: staleRowsPerSecond,
            bytes: staleRowsPerSecond * bytesPerRow,
            defaultRows: staleRowsPerSecond / rowsPerConnection
        )
        step.rowsLeftStale = staleRowsPerSecond * seconds

        // Sustained: inbound messages and posts share the account's request rate. Posts beyond it
        // get 429 (inbound messages, far fewer, are taken as served).
        let inboundPerSecond =
            (MessageFlow.Purpose.allCases.filter { !$0.isOutbound }.reduce(0) { $0 + step.messageCount($1) }) / seconds
        let requestsPerSecond = inboundPerSecond + step.callbackRequests / seconds
        let requestsServed =
            requestsPerSecond > requestRate
            ? max(0, requestRate - inboundPerSecond) / (requestsPerSecond - inboundPerSecond) : 1
        if requestsServed < 1 { step.scaleOutboundRequests(by: requestsServed) }

        let c = concurrentConnections
        step.connectionMinutes = c * seconds / 60
        step.sessions = successfulConnectsPerSecond * seconds
        let storedItemBytes = table.bytes + table.rows * DynamoDBCapacity.storageOverheadBytes
        step.storedBytes = storedItemBytes * (architecture.table.channelIndex ? 2 : 1) * seconds / workload.monthSeconds
        usage.merge(step)

        if let burstLimit { effects.limits[burstLimit.name] = burstLimit }
        let concurrency = step.orderedFunctions.reduce(0) { $0 + $1.usage.durationMs } / 1000 / seconds
        let provisioned = architecture.table.capacityMode == .provisioned
        let candidates: [ExceededLimit] = [
            .readCapacity(demand: reads.demand, capacity: reads.capacity, provisioned: provisioned),
            .writeCapacity(demand: writes.demand, capacity: writes.capacity, provisioned: provisioned),
            .lambdaConcurrency(demand: lambdaDemand, capacity: quotas.lambdaConcurrentExecutions.value),
            .newConnections(
                demand: connectAttemptsPerSecond,
                capacity: quotas.apiGatewayNewConnectionsPerSecond.value
            ),
            .accountRequests(demand: requestsPerSecond, capacity: requestRate),
            .integrationTimeout(
                seconds: slowestPublishMs / 1000,
                capacity: quotas.apiGatewayIntegrationTimeoutSeconds.value
            ),
        ]
        for limit in candidates where limit.isExceeded { effects.limits[limit.name] = limit }
        if let keys, ExceededLimit.exceeds(keys.busiestLoad, 1) {
            let limit = ExceededLimit.partitionThroughput(load: keys.busiestLoad, key: keys.busiestKey)
            effects.limits[limit.name] = limit
        }
        if !provisioned {
            let warmUp = OnDemandWarmUp(
                peakReadUnitsPerSecond: reads.demand,
                peakWriteUnitsPerSecond: writes.demand,
                quotas: quotas
            )
            if ExceededLimit.exceeds(warmUp.newTableLoad, 1) {
                let limit = ExceededLimit.onDemandWarmUp(warmUp)
                effects.limits[limit.name] = limit
            }
        }

        effects.metrics = [
            Metric("concurrent_connections", c, "connections"),
            Metric("connected_share", connectedShare, "ratio"),
            Metric("session_seconds", workload.sessionSeconds, "s"),
            Metric("connects_per_second", successfulConnectsPerSecond, "1/s"),
            Metric("connect_attempts_per_second", connectAttemptsPerSecond, "1/s"),
            Metric("connect_attempts_admitted_ratio", attemptsAdmitted, "ratio"),
            Metric("join_rows_written_ratio", joinWritten, "ratio"),
            Metric("user_messages_per_second", step.messageCount(.userMessage) / seconds, "1/s"),
            Metric("broadcasts_per_second", workload.broadcastsPerSecond, "1/s"),
            Metric("broadcast_recipients", workload.broadcastRecipients * connectedShare, "connections"),
            Metric("table_rows", table.rows, "rows"),
            Metric("table_bytes", table.bytes, "bytes"),
            Metric("stale_rows", stale.rows, "rows"),
            Metric("read_units_demanded_per_second", reads.demand, "units/s"),
            Metric("write_units_demanded_per_second", writes.demand, "units/s"),
            Metric("read_served_ratio", readShare, "ratio"),
            Metric("write_served_ratio", writes.leadServedShare, "ratio"),
            Metric(
                "served_read_wait_seconds_send_message",
                reads.servedWaitMs(
                    budgetMs: budgetMs(timeoutSeconds: architecture.functions.sendMessage.timeoutSeconds)
                )
                    / 1000,
                "s"
            ),
            Metric(
                "served_write_wait_seconds_connect",
                writes.servedWaitMs(budgetMs: budgetMs(timeoutSeconds: architecture.functions.connect.timeoutSeconds))
                    / 1000,
                "s"
            ),
            Metric("api_gateway_requests_served_ratio", requestsServed, "ratio"),
            Metric("broadcast_fan_out_seconds", broadcastFanOutMs / 1000, "s"),
            Metric("lambda_mean_concurrency", concurrency, "executions"),
            Metric("lambda_admitted_ratio", lambdaShare, "ratio"),
            Metric("fixed_point_iterations", Double(iterations), "iterations"),
            Metric("api_gateway_requests_per_second", requestsPerSecond, "1/s"),
            Metric("stale_rows_per_day", staleRowsPerSecond * 86_400, "rows"),
        ]
        if let keys {
            effects.metrics.append(Metric("busiest_partition_key_load", keys.busiestLoad, "partitions"))
        }
        return effects
    }
}
