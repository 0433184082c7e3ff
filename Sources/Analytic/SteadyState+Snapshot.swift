import Architectures
import FanoutInput
import Foundation
import Scenarios
import Usage
import Workloads

/// Rows that gone connections left in the table (their deletes failed or were never attempted).
struct StaleRows: Sendable, Equatable {
    var rows = 0.0
    var bytes = 0.0
    /// Of `rows`, those in channel `default`.
    var defaultRows = 0.0
}

/// The steady state at one instant: the table holds `stale` rows besides the live ones.
///
/// Solves, by damped fixed-point iteration, for the quantities that depend on one another when
/// DynamoDB is short of capacity: the served shares of reads and writes, the waits of served
/// requests (``OverloadedBucket``), the share of joins that write their row, and the reconnect
/// cycle of clients whose `$connect` fails (``ReconnectPolicy``): connect attempts, those API
/// Gateway's new-connection rate lets through, and the share of users connected.
struct SteadyStateSnapshot {
    let workload: Workload
    let architecture: ArchitectureDefinition
    let latency: LambdaLatencyModel
    let quotas: ServiceQuotas
    let layout: ConnectionTable
    let stale: StaleRows

    /// Share of online users connected (1 when every reconnect succeeds at its first attempt,
    /// less the seconds before it).
    private(set) var connectedShare = 1.0
    /// Connect attempts per second the clients make, and the share API Gateway lets through.
    private(set) var connectAttemptsPerSecond = 0.0
    private(set) var attemptsAdmitted = 1.0
    /// Share of joins that write their row, and that DynamoDB serves.
    private(set) var joinWritten = 1.0
    private(set) var joinServed = 1.0
    /// Share of invocations Lambda admits under the account's concurrency, and the mean
    /// concurrency the admitted and refused ones would need together.
    private(set) var lambdaShare = 1.0
    private(set) var lambdaDemand = 0.0
    private(set) var reads = OverloadedBucket(capacity: 0, arrivals: [])
    private(set) var writes = OverloadedBucket(capacity: 0, arrivals: [])
    /// Fixed-point iterations used, and the last change of the served shares.
    private(set) var iterations = 0
    private(set) var residual = 0.0

    var concurrentConnections: Double { workload.concurrentConnections * connectedShare }
    var successfulConnectsPerSecond: Double { concurrentConnections / workload.sessionSeconds }
    var rowsPerConnection: Double { 1 + Double(workload.joinsPerConnection) * joinWritten }

    /// The table: live rows of the connected clients plus the stale rows.
    var table: TableState {
        let k = Double(workload.joinsPerConnection)
        let live = concurrentConnections * (layout.defaultRowBytes + k * joinWritten * layout.topicRowBytes)
        return TableState(rows: concurrentConnections * rowsPerConnection + stale.rows, bytes: live + stale.bytes)
    }

    init(
        workload: Workload,
        architecture: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas,
        stale: StaleRows,
        startingFrom previous: SteadyStateSnapshot? = nil
    ) {
        self.workload = workload
        self.architecture = architecture
        self.latency = latency
        self.quotas = quotas
        self.stale = stale
        layout = ConnectionTable(
            connectionIdBytes: architecture.table.connectionIdBytes,
            topicNameBytes: workload.scenario.channels.nameBytes
        )
        let provisioned = architecture.table.capacityMode == .provisioned
        reads = OverloadedBucket(
            capacity: provisioned ? architecture.table.provisionedRCU : quotas.dynamoDBOnDemandTableRRU.value,
            arrivals: []
        )
        writes = OverloadedBucket(
            capacity: provisioned ? architecture.table.provisionedWCU : quotas.dynamoDBOnDemandTableWRU.value,
            arrivals: []
        )
        if let previous {
            // A nearby instant's solution: the fixed point is found in a few steps from it.
            connectedShare = previous.connectedShare
            connectAttemptsPerSecond = previous.connectAttemptsPerSecond
            attemptsAdmitted = previous.attemptsAdmitted
            joinWritten = previous.joinWritten
            joinServed = previous.joinServed
            lambdaShare = previous.lambdaShare
            reads = previous.reads
            writes = previous.writes
        }
        solve(warm: previous != nil)
    }

    // MARK: - Availability

    /// The SDK's retry budget for a handler of `timeoutSeconds`: the simulator's admission budget.
    func budgetMs(timeoutSeconds: Double) -> Double {
        min(latency.expectedRetryExhaustionMs, timeoutSeconds * 1000)
    }

    /// Availability of a request served (or refused) by each bucket, with the mean wait of a served one.
    ///
    /// A served read is charged whatever the handler does next; a served write is charged only if
    /// the handler gets it done before its timeout. A write whose wait leaves too little time is
    /// served in vain: it consumes nothing, so it does not close the bucket, and it is billed like
    /// a refused one. Served writes therefore wait against the longest wait that still lets the
    /// write complete (found by bisection on the handler's outcome).
    func availability(
        _ action: ConnectionAction,
        reads served: Bool,
        writes written: Bool,
        keyWaitMs: Double = 0
    ) -> CapacityAvailability {
        let budget = budgetMs(timeoutSeconds: timeout(of: action))
        let readWait = served ? max(reads.servedWaitMs(budgetMs: budget), keyWaitMs) : 0
        guard written, self.writes.isOverloaded else {
            return CapacityAvailability(reads: served, writes: written, readWaitMs: readWait, writeWaitMs: 0)
        }
        // With no write wait, the first write completes at t; a wait W keeps it within the
        // timeout while t + W ≤ timeout.
        let unhindered = architecture.outcome(
            of: action,
            table: table,
            layout: layout,
            latency: latency,
            availability: CapacityAvailability(reads: served, writes: true, readWaitMs: readWait, writeWaitMs: 0)
        )
        var writeBudget = budget
        if let doneAt = unhindered.firstWriteDoneAtMs {
            writeBudget = min(budget, max(0, timeout(of: action) * 1000 - doneAt))
        }
        return CapacityAvailability(
            reads: served,
            writes: written,
            readWaitMs: readWait,
            writeWaitMs: self.writes.servedWaitMs(budgetMs: writeBudget)
        )
    }

    func outcome(
        _ action: ConnectionAction,
        reads served: Bool,
        writes written: Bool,
        keyWaitMs: Double = 0
    ) -> ActionOutcome {
        architecture.outcome(
            of: action,
            table: table,
            layout: layout,
            latency: latency,
            availability: availability(action, reads: served, writes: written, keyWaitMs: keyWaitMs)
        )
    }

    func timeout(of action: ConnectionAction) -> Double {
        let functions = architecture.functions
        switch action {
        case .connect: return functions.connect.timeoutSeconds
        case .join: return functions.joinChannel.timeoutSeconds
        case .publish: return functions.sendMessage.timeoutSeconds
        case .disconnect: return functions.disconnect.timeoutSeconds
        case .keepalive: return 0
        }
    }

    // MARK: - Actions

    /// A publication to a channel of `recipients` members besides the sender (a topic's members
    /// whose join failed have no row).
    func publication(
        origin: Publication.Origin,
        payloadBytes: Int,
        recipients: Double,
        toDefault: Bool,
        senderIsMember: Double
    ) -> Publication {
        if toDefault {
            return Publication(
                origin: origin,
                payloadBytes: payloadBytes,
                recipients: recipients,
                channelRows: recipients + senderIsMember + stale.defaultRows,
                toDefaultChannel: true,
                recipientsWithoutRow: 0,
                staleRows: stale.defaultRows
            )
        }
        // The channel's share of topic rows is its membership over k, as for the live ones.
        let k = Double(workload.joinsPerConnection)
        let membership = workload.concurrentConnections > 0 ? recipients / concurrentConnections : 0
        let staleInChannel = k > 0 ? (stale.rows - stale.defaultRows) * membership / k : 0
        let withRow = (recipients + senderIsMember) * joinWritten
        return Publication(
            origin: origin,
            payloadBytes: payloadBytes,
            recipients: recipients,
            channelRows: withRow + staleInChannel,
            toDefaultChannel: false,
            recipientsWithoutRow: recipients * (1 - joinWritten),
            staleRows: staleInChannel
        )
    }

    /// Every action and its rate per second at this instant.
    var actions: [(ConnectionAction, Double)] {
        let scenario = workload.scenario
        let c = concurrentConnections
        let share = connectedShare
        let k = Double(workload.joinsPerConnection)
        let um = scenario.userMessages
        let userToDefault = um.target == .everyone && um.recipients == nil
        let user = publication(
            origin: .user,
            payloadBytes: um.sizeBytes,
            recipients: um.recipients.map { min($0, max(0, c - 1)) } ?? workload.userMessageRecipients * share,
            toDefault: userToDefault,
            senderIsMember: um.recipients != nil ? 1 : workload.userMessageChannelRows - workload.userMessageRecipients
        )
        let broadcastToDefault = scenario.broadcasts.target == .everyone
        let broadcast = publication(
            origin: .server,
            payloadBytes: scenario.broadcasts.sizeBytes,
            recipients: workload.broadcastRecipients * share,
            toDefault: broadcastToDefault,
            senderIsMember: workload.broadcastChannelRows - workload.broadcastRecipients
        )
        let connects = successfulConnectsPerSecond
        let userSends =
            workload.userSendsPerSecond - workload.connectsPerSecond * um.perSession
        var list: [(ConnectionAction, Double)] = [
            (.connect, connectAttemptsPerSecond * attemptsAdmitted),
            (.join, connects * k),
            (.publish(user), userSends * share + connects * um.perSession),
            (.publish(broadcast), workload.broadcastsPerSecond),
            (.disconnect(rows: rowsPerConnection), connects * (1 - scenario.sessions.disconnectEventLossRatio)),
            (
                .keepalive(bytes: scenario.keepalive.sizeBytes),
                scenario.keepalive.intervalSeconds > 0 ? c / scenario.keepalive.intervalSeconds : 0
            ),
        ]
        list.removeAll { $0.1 <= 0 }
        return list
    }

    // MARK: - The fixed point

    /// Chance that DynamoDB serves the writes of `action` (a join follows its `$connect` at once).
    func writeShare(_ action: ConnectionAction) -> Double {
        if case .join = action, joinsFollowConnect { return joinServed }
        return writes.leadServedShare
    }

    /// Chance that DynamoDB serves the reads of any action.
    var readShare: Double { reads.leadServedShare }

    /// Whether a client's joins reach the write bucket at the instant its `$connect` wrote.
    var joinsFollowConnect: Bool {
        architecture.outcome(of: .connect, table: table, layout: layout, latency: latency).writeUnits > 0
    }

    /// The buckets' arrivals at the current state.
    private func buckets() -> (reads: OverloadedBucket, writes: OverloadedBucket) {
        var readArrivals: [OverloadedBucket.Arrivals] = []
        var writeArrivals: [OverloadedBucket.Arrivals] = []
        let follow = joinsFollowConnect
        let joinUnits = outcome(.join, reads: true, writes: true).writeUnits
        for (action, offered) in actions {
            // Invocations Lambda throttles never reach DynamoDB.
            let rate = offered * lambdaShare
            let served = outcome(action, reads: true, writes: true)
            if served.readUnits > 0 { readArrivals.append(.init(perSecond: rate, leadUnits: served.readUnits)) }
            switch action {
            case .connect:
                let followers = follow && served.rowsWritten >= 1 ? workload.joinsPerConnection : 0
                writeArrivals.append(
                    .init(
                        perSecond: rate,
                        leadUnits: served.writeUnits,
                        followerUnits: [Double](repeating: joinUnits, count: followers)
                    )
                )
            case .join where follow:
                continue
            default:
                // Reads come first: the writes that follow depend on whether they were served.
                let refused = outcome(action, reads: false, writes: true)
                if served.writeUnits > 0 {
                    writeArrivals.append(.init(perSecond: rate * readShare, leadUnits: served.writeUnits))
                }
                if refused.writeUnits > 0 {
                    writeArrivals.append(.init(perSecond: rate * (1 - readShare), leadUnits: refused.writeUnits))
                }
            }
        }
        return (
            OverloadedBucket(capacity: reads.capacity, arrivals: readArrivals),
            OverloadedBucket(capacity: writes.capacity, arrivals: writeArrivals)
        )
    }

    private mutating func solve(warm: Bool) {
        let c0 = workload.concurrentConnections
        let session = workload.sessionSeconds
        let quota = quotas.apiGatewayNewConnectionsPerSecond.value
        if !warm { connectAttemptsPerSecond = workload.connectsPerSecond }
        let firstDelay = ReconnectPolicy.expectedDelaySeconds(afterFailures: 0)
        var damping = 1.0
        residual = .infinity
        for iteration in 1...400 {
            iterations = iteration
            let (newReads, newWrites) = buckets()
            // The joins of a connect that wrote: each served with its follower share, written if in time.
            var newJoinServed = newWrites.leadServedShare
            if joinsFollowConnect, workload.joinsPerConnection > 0,
                let group = newWrites.arrivals.firstIndex(where: { !$0.followerUnits.isEmpty })
            {
                let k = workload.joinsPerConnection
                newJoinServed =
                    (0..<k).reduce(0) { $0 + newWrites.followerServedShare(group: group, index: $1) }
                    / Double(k)
            }
            // Connect success per attempt: admitted by API Gateway, written by `$connect`.
            // Lambda's account concurrency: every execution counts while it runs (Little's law).
            var concurrency = 0.0
            for (action, rate) in actions {
                let share = writeShare(action)
                for readsServed in [true, false] {
                    for writesServed in [true, false] {
                        let weight = (readsServed ? readShare : 1 - readShare) * (writesServed ? share : 1 - share)
                        guard weight > 0 else { continue }
                        let run = outcome(action, reads: readsServed, writes: writesServed).invocations
                        concurrency += rate * weight * run.reduce(0) { $0 + $1.billedMs } / 1000
                    }
                }
            }
            let limit = quotas.lambdaConcurrentExecutions.value
            let newLambdaShare = concurrency > limit ? limit / concurrency : 1
            let connectWritten =
                newLambdaShare * newWrites.leadServedShare * outcome(.connect, reads: true, writes: true).rowsWritten
            let perAttempt = attemptsAdmitted * connectWritten
            let cycle = ReconnectPolicy.expectedReconnect(successProbability: perAttempt)
            // The first attempt's delay after a close is not taken off (as when nothing fails):
            // only the time failed attempts add is.
            let newShare = perAttempt > 0 && c0 > 0 ? session / (session + cycle.seconds - firstDelay) : 0
            // Successes per second × attempts per success; when none succeed, every client
            // retries at the longest delay.
            let attempts =
                perAttempt > 0
                ? c0 * cycle.attempts / (session + cycle.seconds - firstDelay)
                : c0 / ReconnectPolicy.maximumSeconds
            let admitted = attempts > quota ? quota / attempts : 1
            let newJoinWritten = newLambdaShare * newJoinServed * outcome(.join, reads: true, writes: true).rowsWritten

            let change = max(
                abs(newReads.leadServedShare - reads.leadServedShare),
                abs(newWrites.leadServedShare - writes.leadServedShare),
                abs(newShare - connectedShare),
                abs(admitted - attemptsAdmitted),
                abs(newJoinWritten - joinWritten),
                abs(newLambdaShare - lambdaShare)
            )
            // Damped when the iteration stops contracting: the connect cycle and the write share
            // feed back on each other.
            if change > residual, iteration > 1 { damping = max(0.05, damping / 2) }
            func blend(_ old: Double, _ new: Double) -> Double { old + (new - old) * damping }
            reads = newReads
            writes = newWrites
            joinServed = blend(joinServed, newJoinServed)
            connectedShare = blend(connectedShare, newShare)
            attemptsAdmitted = blend(attemptsAdmitted, admitted)
            joinWritten = blend(joinWritten, newJoinWritten)
            lambdaShare = blend(lambdaShare, newLambdaShare)
            lambdaDemand = concurrency
            connectAttemptsPerSecond = blend(connectAttemptsPerSecond, attempts)
            residual = change
            if change < 1e-9 { break }
        }
    }
}
