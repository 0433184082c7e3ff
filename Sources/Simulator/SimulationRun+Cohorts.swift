import Architectures
import FanoutInput
import Scenarios
import SimKernel

/// Reconnect storms in cohorts: retries due in the same 1/128 s are decided together against the
/// connect-rate quota, and only those it admits become events (``ReconnectModel/cohorts``).
extension SimulationRun {
    // MARK: - Retry cohorts

    /// Puts a failed connect's next attempt, due at `due`, into its cohort.
    mutating func enqueueRetry(user: Int32, at due: SimTime) {
        // Guaranteed by ``RetryCohorts/fitsReconnectPolicy`` (checked when the run starts).
        assert(due > now && due.nanoseconds - now.nanoseconds <= RetryCohorts.horizonNanoseconds)
        if let bin = retryCohorts.add(user: user, dueNanoseconds: due.nanoseconds) {
            // The bin starts at most one bin before `due`, and every delay is at least 1 s.
            scheduler.schedule(.retryCohort(bin: bin), at: max(now, RetryCohorts.start(of: bin)))
        }
    }

    /// Decides the retries due in `bin`, at its start.
    ///
    /// The connect-rate bucket is run forward from its balance now over the members in due order
    /// (ties by user), refilled to each member's due time: a member that finds a token takes it
    /// and is scheduled as an ordinary ``SimEvent/retryConnect(blockEnd:user:)`` at its due time,
    /// where the whole `$connect` path (with the bucket checked again) decides it exactly; a
    /// member that finds none is rejected here, as API Gateway would reject it at its due time,
    /// and its next attempt is drawn from its due time. Connects due in the bin that are not
    /// its members (first attempts of users coming online or after a session ends) are not seen
    /// by the forward run. Members due after the run's end are dropped, as their events would be.
    mutating func openRetryCohort(bin: Int64) {
        var members = retryCohorts.take(bin: bin)
        defer { retryCohorts.recycle(&members) }
        if (bin + 1) * RetryCohorts.binNanoseconds > end.nanoseconds {
            members.removeAll { $0.dueNanoseconds > end.nanoseconds }
        }
        retriesInCohorts += Double(members.count)
        let rate = connectBucket.rate
        let capacity = connectBucket.capacity
        var balance = connectBucket.balance(at: now)
        var time = now.nanoseconds
        // At most this many members can find a token: none when the bucket cannot reach one.
        let binEnd = (bin + 1) * RetryCohorts.binNanoseconds
        let reachable = min(capacity, balance + rate * Double(binEnd - time) / 1e9)
        if reachable >= 1 {
            members.sort { ($0.dueNanoseconds, $0.user) < ($1.dueNanoseconds, $1.user) }
        }
        var rejected = 0.0
        for member in members {
            if reachable >= 1 {
                if member.dueNanoseconds > time {
                    balance = min(capacity, balance + rate * Double(member.dueNanoseconds - time) / 1e9)
                    time = member.dueNanoseconds
                }
                if balance >= 1 {
                    balance -= 1
                    let blockEnd = users[Int(member.user)].blockEnd
                    // Bins open in time order and each one's members in due order, so the
                    // admitted attempts arrive in time order: a lane of their own, not the heap.
                    scheduler.schedule(
                        .retryConnect(blockEnd: blockEnd, user: member.user),
                        at: SimTime(nanoseconds: member.dueNanoseconds),
                        lane: Self.admittedRetryLane
                    )
                    continue
                }
            }
            rejected += 1
            rejectInCohort(member)
        }
        guard rejected > 0 else { return }
        connectRejections += rejected
        let second = bin * RetryCohorts.binNanoseconds / 1_000_000_000
        if connectsThisSecond.second != second { connectsThisSecond = (second, 0) }
        connectsThisSecond.count += rejected
        // Noted now, at the bin's start (at most 1/128 s before the refused attempts were due),
        // so that the limits stay in the order they first bound.
        noteLimit(
            .newConnections(demand: connectsThisSecond.count, capacity: quotas.apiGatewayNewConnectionsPerSecond.value),
            times: rejected
        )
    }

    /// The scheduler lane of the retries a cohort admits (lanes 0–2 hold session ends).
    static let admittedRetryLane = 3

    /// A member the connect-rate quota refused at its due time: its next attempt, or it gives up
    /// when that falls after its block ends (as ``retryConnect(user:afterRetry:)`` does).
    mutating func rejectInCohort(_ member: RetryMember) {
        let u = Int(member.user)
        users[u].attempts += 1
        let delay = retryDelaySeconds(afterFailures: users[u].attempts, unit: cohortRNG.nextUnit())
        let at = SimTime(nanoseconds: member.dueNanoseconds) + .seconds(delay)
        if at >= users[u].blockEnd { return leave(user: member.user) }
        enqueueRetry(user: member.user, at: at)
    }
}
