import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Broadcasts and user messages: the send handler, its partition key and the fan-out.
extension SimulationRun {
    // MARK: - Messages

    mutating func broadcast() {
        scheduler.schedule(.broadcast, after: .seconds(60 / scenario.broadcasts.perMinute))
        let channel: Int
        switch scenario.broadcasts.target {
        case .everyone: channel = 0
        case .top: channel = 1
        case .popular: channel = (popularity?.sample(using: &channelsRNG) ?? 0) + 1
        }
        let p = Publication(
            origin: .server,
            payloadBytes: scenario.broadcasts.sizeBytes,
            recipients: Double(members[channel]),
            channelRows: Double(liveRows[channel] + staleRows[channel]),
            toDefaultChannel: channel == 0,
            recipientsWithoutRow: Double(members[channel] - liveRows[channel]),
            staleRows: Double(staleRows[channel])
        )
        runPublish(p, isBroadcast: true, channel: channel)
    }

    mutating func userSend() {
        scheduleNextUserSend()
        guard !liveConnections.isEmpty else { return }
        let sender = liveConnections[Int(sendsRNG.next() % UInt64(liveConnections.count))]
        publish(from: sender)
    }

    /// A user message from `sender` to the scenario's target channel.
    mutating func publish(from sender: Int32) {
        let c = Int(sender)
        let flags = records[c].rowFlags
        if let fixed = scenario.userMessages.recipients {
            let p = Publication(
                origin: .user,
                payloadBytes: scenario.userMessages.sizeBytes,
                recipients: min(fixed, Double(max(0, liveConnections.count - 1))),
                channelRows: min(fixed, Double(max(0, liveConnections.count - 1))) + 1,
                toDefaultChannel: false
            )
            return runPublish(p, isBroadcast: false, channel: nil)
        }
        let channel: Int
        var slot: Int? = nil
        switch scenario.userMessages.target {
        case .everyone: channel = 0
        case .top:
            channel = 1
            slot = (0..<joins).first { connChannels[c * joins + $0] == 1 }
        case .popular:
            guard joins > 0 else { return }
            let j = Int(sendsRNG.next() % UInt64(joins))
            slot = j
            channel = Int(connChannels[c * joins + j])
        }
        let senderIsMember = channel == 0 || slot != nil
        let senderHasRow = channel == 0 ? flags >> 63 & 1 == 1 : slot.map { flags >> UInt64($0) & 1 == 1 } ?? false
        let recipients = Double(members[channel]) - (senderIsMember ? 1 : 0)
        let withoutRow = Double(members[channel] - liveRows[channel]) - (senderIsMember && !senderHasRow ? 1 : 0)
        let p = Publication(
            origin: .user,
            payloadBytes: scenario.userMessages.sizeBytes,
            recipients: max(0, recipients),
            channelRows: Double(liveRows[channel] + staleRows[channel]),
            toDefaultChannel: channel == 0,
            recipientsWithoutRow: max(0, withoutRow),
            staleRows: Double(staleRows[channel])
        )
        runPublish(p, isBroadcast: false, channel: channel)
    }

    /// The partition key a send's reads fall on: its channel's GSI key, the first partition for
    /// a one-page Scan, or none.
    func partitionKey(ofSendTo channel: Int?) -> Int? {
        guard let keys = partitionKeys else { return nil }
        switch design.subscriberLookup {
        case .indexQuery: return channel
        case .scanFirstPage: return keys.firstPage
        case .scanAllPages: return nil
        }
    }

    /// `available` after the partition of `key` has had its say: a request its partition refuses
    /// waits in SDK retries like one the table refuses, and is one more throttle in `throttles`.
    mutating func admitOnKey(
        _ key: Int,
        _ available: CapacityAvailability,
        timeoutSeconds: Double,
        throttles: inout Throttles
    ) -> CapacityAvailability {
        let time = now
        guard available.reads, let seconds = partitionKeys?.secondsUntilAdmitted(key, at: time), seconds > 0 else {
            return available
        }
        throttles.insert(.partition)
        var result = available
        let waitMs = (seconds * 1000).rounded(.up)
        if waitMs <= min(retryBudgetMs, timeoutSeconds * 1000) {
            result.readWaitMs = max(result.readWaitMs, waitMs)
        } else {
            result.reads = false
            result.readWaitMs = 0
        }
        return result
    }

    /// An inbound message takes its token of the account's request rate when it arrives, whether
    /// or not Lambda then runs its handler; it is never refused itself (inbound messages are taken
    /// as served, MODEL.md §6 and §10), so only the posts after it can find the bucket empty.
    mutating func takeInboundRequest() {
        requestBucket.refill(to: now)
        _ = requestBucket.take(1, over: 0)
    }

    mutating func runPublish(_ publication: Publication, isBroadcast: Bool, channel: Int?) {
        intended += publication.recipients
        hourIntended += publication.recipients
        takeInboundRequest()  // the inbound sendmessage
        let timeout = design.functions.sendMessage.timeoutSeconds
        var (available, throttles) = availability(reads: true, writes: false, timeoutSeconds: timeout)
        let key = partitionKey(ofSendTo: channel)
        if let key { available = admitOnKey(key, available, timeoutSeconds: timeout, throttles: &throttles) }
        var evaluated = evaluate(.publish(publication), available)
        guard admit(&evaluated) else {
            // Lambda refused it (429): its deliveries were intended, and are lost.
            usage.intendedDeliveries += publication.recipients * monthScale
            return
        }
        noteThrottles(throttles)
        var outcome = fullOutcome(evaluated)
        let attempted = available.reads ? nil : evaluate(.publish(publication), .available).run
        settle(evaluated, attempted: attempted)
        if let key {
            let time = now
            partitionKeys!.chargeReads(
                key,
                readUnits: evaluated.run.keyReadUnits,
                attemptedReadUnits: attempted?.keyReadUnits ?? evaluated.run.keyReadUnits,
                at: time
            )
        }
        // The posts share the account's request rate, refilling while the fan-out runs.
        if outcome.callbackRequests > 0 {
            let seconds = max(0.001, min(outcome.fanOutMs, design.functions.sendMessage.timeoutSeconds * 1000) / 1000)
            let granted = requestBucket.take(outcome.callbackRequests, over: seconds)
            if granted < outcome.callbackRequests {
                postsRefused += outcome.callbackRequests - granted
                noteLimit(.fanOutBurst(posts: outcome.callbackRequests, allowed: granted))
                outcome.scaleDeliveries(by: granted / outcome.callbackRequests)
            }
        }
        usage.record(outcome, times: monthScale)
        delivered += outcome.deliveries
        hourDeliveries += outcome.deliveries
        goneResponses += outcome.goneResponses
        if isBroadcast, let run = outcome.invocations.first(where: { $0.role == .sendMessage }) {
            broadcastLatencyMs.add(run.durationMs)
        }
        if outcome.invocations.contains(where: {
            $0.role == .sendMessage && $0.durationMs / 1000 > quotas.apiGatewayIntegrationTimeoutSeconds.value
        }) {
            noteLimit(
                .integrationTimeout(
                    seconds: (outcome.invocations.first { $0.role == .sendMessage }?.durationMs ?? 0) / 1000,
                    capacity: quotas.apiGatewayIntegrationTimeoutSeconds.value
                )
            )
        }
    }
}
