import Architectures
import Scenarios
import Workloads

/// The load on single partition keys at one instant, and the share of each kind of send whose
/// reads their partitions serve (MODEL.md §3). A key's partition is an ``OverloadedBucket`` in
/// partitions' worth of throughput, whose capacity is what its GSI writes leave.
struct PartitionKeyLoads {
    /// The busiest key: its name and its load in partitions' worth of throughput.
    var busiestKey = ""
    var busiestLoad = 0.0
    /// Share of the intended deliveries of user messages, and of broadcasts, whose sends' reads
    /// their key's partition serves (the fluid rule: writes take their part first, reads share
    /// the rest; a refused send delivers nothing).
    var userServed = 1.0
    var broadcastServed = 1.0
    /// Mean wait (ms) of a served send's reads in SDK retries on its key, by kind.
    var userWaitMs = 0.0
    var broadcastWaitMs = 0.0
}

extension SteadyStateSnapshot {
    /// The partition keys' loads, or nil when no single key can bind (``ArchitectureDefinition/singleKeyPartition(quotas:)``).
    ///
    /// Keys: `default` and the topic channels' keys in the channel GSI, each channel of a
    /// popularity group loaded alike, for a GSI Query per send; the table's first partition for
    /// one-page Scans. Loads fall with popularity, so groups are visited from the most popular
    /// until one fits in its partition.
    func partitionKeyLoads() -> PartitionKeyLoads? {
        guard let capacity = architecture.singleKeyPartition(quotas: quotas) else { return nil }
        var result = PartitionKeyLoads()
        func note(_ key: String, _ load: Double) {
            if load > result.busiestLoad { (result.busiestKey, result.busiestLoad) = (key, load) }
        }
        var userRate = 0.0
        var broadcastRate = 0.0
        var user: Publication?
        var broadcast: Publication?
        var firstPageReads = 0.0
        for (action, rate) in actions {
            let reaching = rate * lambdaShare
            switch action {
            case .publish(let p) where p.origin == .user: (userRate, user) = (reaching, p)
            case .publish(let p): (broadcastRate, broadcast) = (reaching, p)
            case .disconnect where architecture.disconnectLookup == .scanFirstPage:
                firstPageReads += reaching * outcome(action, reads: true, writes: true).keyReadUnits
            default: break
            }
        }
        switch architecture.subscriberLookup {
        case .scanAllPages:
            if firstPageReads > 0 {
                note(
                    "the table's first partition",
                    capacity.load(readUnitsPerSecond: firstPageReads, writeUnitsPerSecond: 0)
                )
            }
        case .scanFirstPage:
            for (rate, p) in [(userRate, user), (broadcastRate, broadcast)] {
                if let p { firstPageReads += rate * keyReadUnits(p) }
            }
            note(
                "the table's first partition",
                capacity.load(readUnitsPerSecond: firstPageReads, writeUnitsPerSecond: 0)
            )
            // The sends' Scans compete with the disconnects'; only the sends' are refused.
            let sends = [(userRate, user), (broadcastRate, broadcast)].compactMap { rate, p in
                p.map {
                    OverloadedBucket.Arrivals(
                        perSecond: rate,
                        leadUnits: keyReadUnits($0) / capacity.readUnitsPerSecond
                    )
                }
            }
            let disconnectLoad =
                (firstPageReads - sends.reduce(0) { $0 + $1.perSecond * $1.leadUnits * capacity.readUnitsPerSecond })
                / capacity.readUnitsPerSecond
            let bucket = OverloadedBucket(capacity: max(0, 1 - disconnectLoad), arrivals: sends)
            let wait = bucket.servedWaitMs(budgetMs: sendBudgetMs)
            (result.userServed, result.broadcastServed) = (bucket.leadServedShare, bucket.leadServedShare)
            (result.userWaitMs, result.broadcastWaitMs) = (wait, wait)
        case .indexQuery:
            indexKeyLoads(
                capacity,
                user: user.map { (userRate, $0) },
                broadcast: broadcast.map { (broadcastRate, $0) },
                into: &result
            )
        }
        return result
    }

    /// The channel GSI's keys: `default`, the top channel and the popularity groups.
    private func indexKeyLoads(
        _ capacity: PartitionCapacity,
        user: (rate: Double, publication: Publication)?,
        broadcast: (rate: Double, publication: Publication)?,
        into result: inout PartitionKeyLoads
    ) {
        let scenario = workload.scenario
        let c = concurrentConnections
        let k = Double(workload.joinsPerConnection)
        // GSI writes on a key: a row put at connect or join and deleted at disconnect.
        let indexed = architecture.table.channelIndex
        let defaultWriteUnits = indexed ? layout.defaultRowWriteUnits : 0
        let topicWriteUnits = indexed ? layout.topicRowWriteUnits : 0
        let connects = successfulConnectsPerSecond * lambdaShare
        let deletes = connects * (1 - scenario.sessions.disconnectEventLossRatio)
        func topicWrites(inclusion: Double) -> Double {
            (connects + deletes) * joinWritten * inclusion * topicWriteUnits
        }

        // Per kind: deliveries its keys' partitions refuse, and served sends' waits (rate × ms).
        var lost = (user: 0.0, broadcast: 0.0)
        var refusedSends = (user: 0.0, broadcast: 0.0)
        var waited = (user: 0.0, broadcast: 0.0)
        /// A key's partition under `flows` of sends (kind, sends a second, read units each, recipients each).
        func key(
            _ name: String,
            _ flows: [(kind: Publication.Origin, rate: Double, units: Double, recipients: Double)],
            writes: Double,
            channels: Double = 1
        ) -> Bool {
            let reads = flows.reduce(0) { $0 + $1.rate * $1.units }
            let load = capacity.load(readUnitsPerSecond: reads, writeUnitsPerSecond: writes)
            if load > result.busiestLoad { (result.busiestKey, result.busiestLoad) = (name, load) }
            guard load > 1 else { return false }
            let bucket = OverloadedBucket(
                capacity: max(0, 1 - writes / capacity.writeUnitsPerSecond),
                arrivals: flows.map { .init(perSecond: $0.rate, leadUnits: $0.units / capacity.readUnitsPerSecond) }
            )
            let served = bucket.leadServedShare
            let wait = bucket.servedWaitMs(budgetMs: sendBudgetMs)
            for flow in flows {
                let refused = channels * flow.rate * (1 - served)
                let waits = channels * flow.rate * served * wait
                if flow.kind == .user {
                    (lost.user, refusedSends.user) = (
                        lost.user + refused * flow.recipients, refusedSends.user + refused
                    )
                    waited.user += waits
                } else {
                    lost.broadcast += refused * flow.recipients
                    refusedSends.broadcast += refused
                    waited.broadcast += waits
                }
            }
            return true
        }
        let userTarget = scenario.userMessages.recipients == nil ? scenario.userMessages.target : nil
        let broadcastTarget = scenario.broadcasts.target

        // The averaged sends to one fixed channel: `default` (everyone) or the top channel.
        func sends(to target: ChannelTarget) -> [(
            kind: Publication.Origin, rate: Double, units: Double, recipients: Double
        )] {
            var flows: [(kind: Publication.Origin, rate: Double, units: Double, recipients: Double)] = []
            if let user, userTarget == target {
                flows.append((.user, user.rate, keyReadUnits(user.publication), user.publication.recipients))
            }
            if let broadcast, broadcastTarget == target {
                flows.append(
                    (.server, broadcast.rate, keyReadUnits(broadcast.publication), broadcast.publication.recipients)
                )
            }
            return flows
        }
        _ = key("channel default", sends(to: .everyone), writes: (connects + deletes) * defaultWriteUnits)
        let popularity = workload.popularity
        if popularity.count > 0, userTarget == .top || broadcastTarget == .top {
            _ = key("channel #1", sends(to: .top), writes: topicWrites(inclusion: popularity.topMembership))
        }

        // Popular sends: a user picks one of its own k channels, a broadcast one by weight.
        if popularity.count > 0, k > 0, userTarget == .popular || broadcastTarget == .popular {
            var rank = 1
            for group in popularity.sampling.groups {
                defer { rank += group.count }
                var perChannel: [(kind: Publication.Origin, rate: Double, units: Double, recipients: Double)] = []
                if let user, userTarget == .popular {
                    let p = publication(
                        origin: .user,
                        payloadBytes: user.publication.payloadBytes,
                        recipients: max(0, c - 1) * group.inclusion,
                        toDefault: false,
                        senderIsMember: 1
                    )
                    perChannel.append((.user, user.rate * group.inclusion / k, keyReadUnits(p), p.recipients))
                }
                if let broadcast, broadcastTarget == .popular {
                    let p = publication(
                        origin: .server,
                        payloadBytes: broadcast.publication.payloadBytes,
                        recipients: c * group.inclusion,
                        toDefault: false,
                        senderIsMember: 0
                    )
                    perChannel.append((.server, broadcast.rate * group.weight, keyReadUnits(p), p.recipients))
                }
                let name = group.count == 1 ? "channel #\(rank)" : "channels #\(rank)–#\(rank + group.count - 1) (each)"
                let overloaded = key(
                    name,
                    perChannel,
                    writes: topicWrites(inclusion: group.inclusion),
                    channels: Double(group.count)
                )
                if !overloaded { break }
            }
        }

        if let user, user.rate * user.publication.recipients > 0 {
            result.userServed = max(0, 1 - lost.user / (user.rate * user.publication.recipients))
            if user.rate > refusedSends.user { result.userWaitMs = waited.user / (user.rate - refusedSends.user) }
        }
        if let broadcast, broadcast.rate * broadcast.publication.recipients > 0 {
            result.broadcastServed = max(0, 1 - lost.broadcast / (broadcast.rate * broadcast.publication.recipients))
            if broadcast.rate > refusedSends.broadcast {
                result.broadcastWaitMs = waited.broadcast / (broadcast.rate - refusedSends.broadcast)
            }
        }
    }

    /// The retry budget of a send's reads.
    private var sendBudgetMs: Double { budgetMs(timeoutSeconds: architecture.functions.sendMessage.timeoutSeconds) }

    private func keyReadUnits(_ p: Publication) -> Double {
        architecture.outcome(of: .publish(p), table: table, layout: layout, latency: latency).keyReadUnits
    }
}
