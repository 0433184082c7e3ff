public import Architectures
import FanoutInput
import Scenarios
public import Usage
public import Workloads

/// A named model output with its unit (`connects_per_second`, …).
public struct Metric: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var unit: String
    public init(_ name: String, _ value: Double, _ unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// The analytic path's answer: a month of usage, the limits it hits, and how much fan-out arrives.
public struct SteadyStateResult: Sendable, Equatable {
    public var usage: ServiceUsage
    /// Every limit the workload exceeds, demand against capacity.
    public var limits: [ExceededLimit]
    /// Share of intended fan-out deliveries (user messages and broadcasts) that happen.
    public var deliveredRatio: Double
    public var metrics: [Metric]
}

/// Expected-value model of a month: workload rates × what the architecture does per action.
///
/// The table is taken at its live size (one `default` row plus one row per joined channel per
/// connection). Where DynamoDB capacity is short, each request is served with probability
/// capacity ÷ demand and a refused one fails its handler after the SDK's retries; the
/// simulator replaces these averages with token buckets and a table that grows with stale rows.
public enum SteadyState {
    public static func evaluate(
        _ workload: Workload,
        architecture: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas
    ) -> SteadyStateResult {
        let scenario = workload.scenario
        let c = workload.concurrentConnections
        let k = workload.joinsPerConnection
        let layout = ConnectionTable(
            connectionIdBytes: architecture.table.connectionIdBytes,
            topicNameBytes: scenario.channels.nameBytes
        )
        let rowsPerConnection = Double(1 + k)
        let table = TableState(
            rows: c * rowsPerConnection,
            bytes: c * (layout.defaultRowBytes + Double(k) * layout.topicRowBytes)
        )

        let lossRatio = scenario.sessions.disconnectEventLossRatio
        var actions: [(ConnectionAction, Double)] = [
            (.connect, workload.connectsPerSecond),
            (.join, workload.joinsPerSecond),
            (
                .publish(
                    Publication(
                        origin: .user,
                        payloadBytes: scenario.userMessages.sizeBytes,
                        recipients: workload.userMessageRecipients,
                        channelRows: workload.userMessageChannelRows,
                        toDefaultChannel: scenario.userMessages.target == .everyone
                            && scenario.userMessages.recipients == nil
                    )
                ),
                workload.userSendsPerSecond
            ),
            (
                .publish(
                    Publication(
                        origin: .server,
                        payloadBytes: scenario.broadcasts.sizeBytes,
                        recipients: workload.broadcastRecipients,
                        channelRows: workload.broadcastChannelRows,
                        toDefaultChannel: scenario.broadcasts.target == .everyone
                    )
                ),
                workload.broadcastsPerSecond
            ),
            (.disconnect(rows: rowsPerConnection), workload.connectsPerSecond * (1 - lossRatio)),
            (.keepalive(bytes: scenario.keepalive.sizeBytes), workload.keepalivesPerSecond),
        ]
        actions.removeAll { $0.1 <= 0 }

        func outcome(_ action: ConnectionAction, _ availability: CapacityAvailability) -> ActionOutcome {
            architecture.outcome(of: action, table: table, layout: layout, latency: latency, availability: availability)
        }

        // DynamoDB serves a share of the demand it cannot meet. Reads come first in every handler
        // that reads, so the write demand that can arise depends on how many reads succeed.
        let provisioned = architecture.table.capacityMode == .provisioned
        let readCapacity = provisioned ? architecture.table.provisionedRCU : quotas.dynamoDBOnDemandTableRRU.value
        let writeCapacity = provisioned ? architecture.table.provisionedWCU : quotas.dynamoDBOnDemandTableWRU.value
        var readDemand = 0.0
        for (action, rate) in actions { readDemand += outcome(action, .available).readUnits * rate }
        let readServed = readDemand > readCapacity ? readCapacity / readDemand : 1
        var writeDemand = 0.0
        for (action, rate) in actions {
            let readsServed = outcome(action, .available).writeUnits
            let readsRefused = outcome(action, CapacityAvailability(reads: false, writes: true)).writeUnits
            writeDemand += rate * (readServed * readsServed + (1 - readServed) * readsRefused)
        }
        let writeServed = writeDemand > writeCapacity ? writeCapacity / writeDemand : 1

        // A `$connect` whose write is refused returns 500: API Gateway rejects the connection and
        // the client tries again, so each session costs 1 / writeServed connect attempts.
        actions = actions.map { action, rate in
            if case .connect = action, writeServed > 0 { return (action, rate / writeServed) }
            return (action, rate)
        }

        var usage = ServiceUsage()
        usage.connectionMinutes = workload.connectionMinutes
        usage.table = TableCapacity(
            mode: architecture.table.capacityMode,
            provisionedRCU: architecture.table.provisionedRCU,
            provisionedWCU: architecture.table.provisionedWCU
        )
        usage.tableHours = scenario.monthHours
        let storedItemBytes = table.bytes + table.rows * DynamoDBCapacity.storageOverheadBytes
        usage.storedBytes = storedItemBytes * (architecture.table.channelIndex ? 2 : 1)

        let requestRate = quotas.apiGatewayRequestsPerSecond.value
        let burst = quotas.apiGatewayBurstRequests.value
        var limitsByName: [String: ExceededLimit] = [:]
        var burstLimit: ExceededLimit?
        var broadcastFanOutMs = 0.0
        var slowestPublishMs = 0.0
        let seconds = workload.monthSeconds
        for (action, rate) in actions {
            for reads in [true, false] {
                for writes in [true, false] {
                    let weight = (reads ? readServed : 1 - readServed) * (writes ? writeServed : 1 - writeServed)
                    guard weight > 0 else { continue }
                    var result = outcome(action, CapacityAvailability(reads: reads, writes: writes))
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
                    usage.record(result, times: rate * seconds * weight)
                    for limit in result.limits where limit.demand > (limitsByName[limit.name]?.demand ?? -1) {
                        limitsByName[limit.name] = limit
                    }
                }
            }
            if case .publish(let p) = action {
                let full = outcome(action, .available)
                if p.origin == .server { broadcastFanOutMs = full.fanOutMs }
                let run = full.invocations.first { $0.role == .sendMessage }?.durationMs ?? 0
                slowestPublishMs = max(slowestPublishMs, run)
            }
        }
        // A disconnect event API Gateway never delivers leaves every row of the connection.
        usage.rowsLeftStale += workload.connectsPerSecond * lossRatio * rowsPerConnection * seconds

        // Sustained: inbound messages and posts share the account's request rate. Posts beyond it
        // get 429 (inbound messages, far fewer, are taken as served).
        let inboundPerSecond =
            (MessageFlow.Purpose.allCases.filter { !$0.isOutbound }.reduce(0) { $0 + usage.messageCount($1) }) / seconds
        let requestsPerSecond = inboundPerSecond + usage.callbackRequests / seconds
        let requestsServed =
            requestsPerSecond > requestRate
            ? max(0, requestRate - inboundPerSecond) / (requestsPerSecond - inboundPerSecond) : 1
        if requestsServed < 1 { usage.scaleOutboundRequests(by: requestsServed) }

        var limits = Array(limitsByName.values)
        if let burstLimit { limits.append(burstLimit) }
        let concurrency = usage.orderedFunctions.reduce(0) { $0 + $1.usage.durationMs } / 1000 / seconds
        let connectAttempts = actions.first { if case .connect = $0.0 { true } else { false } }?.1 ?? 0
        let candidates: [ExceededLimit] = [
            .readCapacity(demand: readDemand, capacity: readCapacity, provisioned: provisioned),
            .writeCapacity(demand: writeDemand, capacity: writeCapacity, provisioned: provisioned),
            .lambdaConcurrency(demand: concurrency, capacity: quotas.lambdaConcurrentExecutions.value),
            .newConnections(demand: connectAttempts, capacity: quotas.apiGatewayNewConnectionsPerSecond.value),
            .accountRequests(demand: requestsPerSecond, capacity: requestRate),
            .integrationTimeout(
                seconds: slowestPublishMs / 1000,
                capacity: quotas.apiGatewayIntegrationTimeoutSeconds.value
            ),
        ]
        limits += candidates.filter { $0.demand > $0.capacity }
        let staleRowsPerSecond = usage.rowsLeftStale / seconds
        if staleRowsPerSecond > 1e-12 {
            let toDelete = workload.connectsPerSecond * rowsPerConnection
            limits.append(
                .staleRows(
                    toDelete: toDelete,
                    deleted: toDelete - staleRowsPerSecond,
                    detail: "\(Int((staleRowsPerSecond * 86_400).rounded())) rows a day stay behind"
                )
            )
        }
        if workload.idleTimeoutEndsSessions {
            limits.append(
                .idleTimeout(
                    sessionSeconds: scenario.sessions.meanMinutes * 60,
                    capacity: Workload.idleTimeoutSeconds,
                    detail: "\(Int((workload.idleTimeoutShare * 100).rounded())) % of connections"
                )
            )
        }
        limits.sort { $0.name < $1.name }

        let delivered = usage.intendedDeliveries > 0 ? usage.deliveries / usage.intendedDeliveries : 1
        let metrics = [
            Metric("concurrent_connections", c, "connections"),
            Metric("session_seconds", workload.sessionSeconds, "s"),
            Metric("connects_per_second", workload.connectsPerSecond, "1/s"),
            Metric("user_messages_per_second", workload.userSendsPerSecond, "1/s"),
            Metric("broadcasts_per_second", workload.broadcastsPerSecond, "1/s"),
            Metric("broadcast_recipients", workload.broadcastRecipients, "connections"),
            Metric("table_rows", table.rows, "rows"),
            Metric("table_bytes", table.bytes, "bytes"),
            Metric("read_units_demanded_per_second", readDemand, "units/s"),
            Metric("write_units_demanded_per_second", writeDemand, "units/s"),
            Metric("read_served_ratio", readServed, "ratio"),
            Metric("write_served_ratio", writeServed, "ratio"),
            Metric("api_gateway_requests_served_ratio", requestsServed, "ratio"),
            Metric("connect_attempts_per_second", connectAttempts, "1/s"),
            Metric("broadcast_fan_out_seconds", broadcastFanOutMs / 1000, "s"),
            Metric("lambda_mean_concurrency", concurrency, "executions"),
            Metric("api_gateway_requests_per_second", requestsPerSecond, "1/s"),
            Metric("stale_rows_per_day", staleRowsPerSecond * 86_400, "rows"),
        ]
        return SteadyStateResult(usage: usage, limits: limits, deliveredRatio: delivered, metrics: metrics)
    }
}
