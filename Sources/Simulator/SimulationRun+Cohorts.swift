import Architectures
import FanoutInput
import Scenarios
import SimKernel

/// Reconnect storms in cohorts: retries due in the same 1/128 s are decided together against the
/// connect-rate quota, and only those it admits become events (``ReconnectModel/cohorts``).
extension SimulationRun {
    // MARK: - Retry cohorts

    /// Puts a failed connect's next attempt, due at `due`, into its cohort.
    @inline(__always)
    mutating func enqueueRetry(user: Int32, at due: SimTime, blockEnd: SimTime) {
        // Guaranteed by ``RetryCohorts/fitsReconnectPolicy`` (checked when the run starts).
        assert(due > now && due.nanoseconds - now.nanoseconds <= RetryCohorts.horizonNanoseconds)
        // The attempt after this one fails with one failure more.
        let saturated = Int32(retryFailures[Int(user)]) + 1 >= retryCohorts.saturatedFailures
        if let bin = retryCohorts.add(
            user: user,
            dueNanoseconds: due.nanoseconds,
            blockEnd: blockEnd,
            saturated: saturated
        ) {
            scheduleCohort(bin)
        }
    }

    /// Schedules the event that opens `bin`, which has none yet.
    mutating func scheduleCohort(_ bin: Int64) {
        // The bin starts at most one bin before its members are due, and every delay is at least 1 s.
        scheduler.schedule(.retryCohort(bin: bin), at: max(now, RetryCohorts.start(of: bin)))
    }

    /// Decides the retries due in `bin`, at its start: the members in its slot of the ring and the
    /// refused saturated members waiting in its phase.
    ///
    /// The connect-rate bucket is run forward from its balance now over the members in due order
    /// (ties by user), refilled to each member's due time: a member that finds a token takes it
    /// and becomes an ordinary ``SimEvent/retryConnect(blockEnd:user:)`` at its due time (run by
    /// ``runAdmittedRetries()`` at the end, itself or through the scheduler), where the whole
    /// `$connect` path (with the bucket checked again) decides it exactly; a
    /// member that finds none is rejected here, as API Gateway would reject it at its due time.
    /// A rejected member whose delay still grows draws its next attempt from its due time; the
    /// saturated ones, whose next delay is the maximum whatever the draw, wait in the phase for
    /// its next bin, where they are due at the same offsets. Connects due in the bin that are not
    /// its members (first attempts of users coming online or after a session ends) are not seen
    /// by the forward run. Members due after the run's end are not counted, as their events
    /// would never run.
    mutating func openRetryCohort(bin: Int64) {
        var cohort = retryCohorts.take(bin: bin)
        let phase = RetryCohorts.phase(of: bin)
        assert(retryCohorts.phases[phase].isEmpty || retryCohorts.phaseBins[phase] == bin, "a phase skipped a bin")
        let start = bin * RetryCohorts.binNanoseconds
        // The phase's members due before the run ends: a prefix, as the phase is sorted by key.
        var waiting = retryCohorts.phases[phase].count
        if start + RetryCohorts.binNanoseconds > end.nanoseconds {
            let last = end.nanoseconds - start
            cohort.growing.removeAll { $0.offsetNanoseconds > last }
            cohort.saturated.removeAll { $0.offsetNanoseconds > last }
            waiting = RetryCohorts.lowerBound(
                of: UInt64(last + 1) << 32,
                in: retryCohorts.phases[phase],
                upTo: waiting
            )
        }
        let count = cohort.count + waiting
        retriesInCohorts += Double(count)
        let admitted = admitByConnectQuota(&cohort, phase: phase, waiting: &waiting, binStart: start)
        let rejected = count - admitted
        if rejected > 0 {
            for index in 0..<cohort.growing.count where !cohort.growing[index].isTaken {
                rejectInCohort(cohort.growing[index], binStart: start)
            }
            refuseSaturated(cohort.saturated, phase: phase, waiting: waiting, bin: bin)
            connectRejections += Double(rejected)
            connectAttempts += Double(rejected)
            let second = start / 1_000_000_000
            if connectsThisSecond.second != second { connectsThisSecond = (second, 0) }
            connectsThisSecond.count += Double(rejected)
            // Noted now, at the bin's start (at most 1/128 s before the refused attempts were due),
            // so that the limits stay in the order they first bound.
            let demand = connectsThisSecond.count
            let capacity = quotas.apiGatewayNewConnectionsPerSecond.value
            noteLimit(.newConnections, demand: demand, times: Double(rejected)) {
                .newConnections(demand: demand, capacity: capacity)
            }
        }
        // The phase's members are due again in its next bin. Bins open in time order, so these
        // openings are scheduled in time order: a lane of their own, not the heap.
        let next = bin + RetryCohorts.maximumDelayBins
        retryCohorts.phaseBins[phase] = next
        if !retryCohorts.phases[phase].isEmpty, retryCohorts.needsOpening(next) {
            scheduler.schedule(.retryCohort(bin: next), at: RetryCohorts.start(of: next), lane: Self.phaseOpeningLane)
        }
        if !cohortAdmissions.isEmpty { runAdmittedRetries() }
    }

    /// Runs the retries the bin admitted, at their due times, while each is the next event (as
    /// the scheduler would hand them out), and schedules the rest as ordinary retries: the same
    /// events in the same order, without a trip through the scheduler for those nothing comes
    /// between.
    mutating func runAdmittedRetries() {
        var index = 0
        while index < cohortAdmissions.count {
            let admission = cohortAdmissions[index]
            guard scheduler.claim(at: admission.due, sequence: admission.sequence, until: end) else { break }
            handle(admission.event)
            index += 1
        }
        // Bins open in time order and the forward run takes each one's members in due order,
        // so the admitted attempts arrive in time order: a lane of their own, not the heap.
        while index < cohortAdmissions.count {
            let admission = cohortAdmissions[index]
            scheduler.schedule(
                admission.event,
                at: admission.due,
                lane: Self.admittedRetryLane,
                sequence: admission.sequence
            )
            index += 1
        }
        cohortAdmissions.removeAll()
    }

    /// Runs the connect-rate bucket forward over a bin's members in due order (ties by user):
    /// those in `cohort` and the first `waiting` of the phase's. Those that find a token are kept
    /// for ``runAdmittedRetries()`` and marked taken (the phase's are taken out of it, and
    /// `waiting` counts them off); returns how many it admitted. The bucket itself is not changed.
    ///
    /// In a storm a bin holds dozens of members and its refill only a few tokens: each token then
    /// goes to the earliest member due once it has accrued, found by a scan of the ring's members
    /// and a binary search of the phase's, instead of walking them all in order. With more tokens
    /// within reach the ring's members are sorted and walked with the phase's. Both give the same
    /// members a token each.
    mutating func admitByConnectQuota(
        _ cohort: inout RetryBin,
        phase: Int,
        waiting: inout Int,
        binStart: Int64
    ) -> Int {
        let rate = connectBucket.rate
        let capacity = connectBucket.capacity
        let balance = connectBucket.balance(at: now)
        let binEnd = binStart + RetryCohorts.binNanoseconds
        // At most this many members can find a token: none when the bucket cannot reach one.
        let reachable = min(capacity, balance + rate * Double(binEnd - now.nanoseconds) / 1e9)
        guard reachable >= 1 else { return 0 }
        var forward = ForwardRun(
            balance: balance,
            rate: rate,
            capacity: capacity,
            offsetNanoseconds: now.nanoseconds - binStart
        )
        if reachable * 8 < Double(cohort.count + waiting) {
            // `after`: the key of the member last decided; every member up to it is decided.
            var after: UInt64? = nil
            // Every waiting member before `cursor` is before `floor` (which only grows).
            var cursor = 0
            while true {
                // No member before `floor` can be the next one to take a token.
                let tokenKey = UInt64(forward.tokenOffsetNanoseconds()) << 32
                let floor = after.map { max($0 + 1, tokenKey) } ?? tokenKey
                let growing = Self.earliestKey(in: cohort.growing, from: floor)
                let saturated = Self.earliestKey(in: cohort.saturated, from: floor)
                let position = RetryCohorts.lowerBound(
                    of: floor,
                    in: retryCohorts.phases[phase],
                    from: cursor,
                    upTo: waiting
                )
                cursor = position
                let phased = position < waiting ? retryCohorts.phases[phase][position].key : RetryMember.taken
                let key = min(growing, saturated, phased)
                guard key != RetryMember.taken else { break }
                after = key
                guard forward.takesToken(atOffset: Int64(key >> 32)) else { continue }
                if key == growing {
                    admit(&cohort.growing[Self.index(of: key, in: cohort.growing)], binStart: binStart)
                } else if key == saturated {
                    admit(&cohort.saturated[Self.index(of: key, in: cohort.saturated)], binStart: binStart)
                } else {
                    var member = retryCohorts.phases[phase].remove(at: position)
                    waiting -= 1
                    admit(&member, binStart: binStart)
                }
            }
        } else {
            Self.sortByKey(cohort.growing)
            Self.sortByKey(cohort.saturated)
            var g = 0
            var s = 0
            var w = 0
            var phaseTaken = false
            // As in the search above: the members before `floor` are refused without refilling
            // the bucket to their offsets, so both ways do the same arithmetic. Each list is
            // sorted, so its members before `floor` are skipped by a search, not one by one.
            var floor = UInt64(forward.tokenOffsetNanoseconds()) << 32
            while true {
                g = RetryCohorts.lowerBound(of: floor, in: cohort.growing, from: g, upTo: cohort.growing.count)
                s = RetryCohorts.lowerBound(of: floor, in: cohort.saturated, from: s, upTo: cohort.saturated.count)
                w = RetryCohorts.lowerBound(of: floor, in: retryCohorts.phases[phase], from: w, upTo: waiting)
                let growing = g < cohort.growing.count ? cohort.growing[g].key : RetryMember.taken
                let saturated = s < cohort.saturated.count ? cohort.saturated[s].key : RetryMember.taken
                let phased = w < waiting ? retryCohorts.phases[phase][w].key : RetryMember.taken
                let key = min(growing, saturated, phased)
                guard key != RetryMember.taken else { break }
                let takes = forward.takesToken(atOffset: Int64(key >> 32))
                floor = max(key + 1, UInt64(forward.tokenOffsetNanoseconds()) << 32)
                if key == growing {
                    if takes { admit(&cohort.growing[g], binStart: binStart) }
                    g += 1
                } else if key == saturated {
                    if takes { admit(&cohort.saturated[s], binStart: binStart) }
                    s += 1
                } else {
                    if takes {
                        var member = retryCohorts.phases[phase][w]
                        admit(&member, binStart: binStart)
                        retryCohorts.phases[phase][w] = member
                        phaseTaken = true
                    }
                    w += 1
                }
            }
            if phaseTaken {
                // Out of the phase, in place and in order.
                let before = retryCohorts.phases[phase].count
                retryCohorts.phases[phase].removeAll { $0.isTaken }
                waiting -= before - retryCohorts.phases[phase].count
            }
        }
        return forward.admitted
    }

    /// Sorts `members` in place by key (due time, then user).
    static func sortByKey(_ members: RetryMemberList) {
        var buffer = members.buffer
        buffer.sort { $0.key < $1.key }
    }

    /// The smallest key at or above `floor` among `members`, ``RetryMember/taken`` when there is
    /// none.
    ///
    /// Branch-free: `key &- floor` wraps the members before `floor` round past every member at
    /// or above it (and a taken member's key is above every other), so the smallest difference is
    /// the key sought, found by a plain minimum over four independent lanes.
    static func earliestKey(in members: RetryMemberList, from floor: UInt64) -> UInt64 {
        let count = members.count
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (.max, .max, .max, .max)
        var index = 0
        while index + 4 <= count {
            lanes.0 = min(lanes.0, members[index].key &- floor)
            lanes.1 = min(lanes.1, members[index + 1].key &- floor)
            lanes.2 = min(lanes.2, members[index + 2].key &- floor)
            lanes.3 = min(lanes.3, members[index + 3].key &- floor)
            index += 4
        }
        while index < count {
            lanes.0 = min(lanes.0, members[index].key &- floor)
            index += 1
        }
        let key = min(min(lanes.0, lanes.1), min(lanes.2, lanes.3)) &+ floor
        return key >= floor ? key : RetryMember.taken
    }

    /// The index of the member with `key`, which is among `members` (keys are unique).
    static func index(of key: UInt64, in members: RetryMemberList) -> Int {
        var index = 0
        while members[index].key != key { index += 1 }
        return index
    }

    /// Keeps a member that found a token for ``runAdmittedRetries()``, with the place in the
    /// order of events that scheduling its retry now would give it.
    mutating func admit(_ member: inout RetryMember, binStart: Int64) {
        cohortAdmissions.append(
            CohortAdmission(
                due: SimTime(nanoseconds: binStart + member.offsetNanoseconds),
                sequence: scheduler.reserveSequence(),
                blockEnd: member.blockEnd,
                user: member.user
            )
        )
        member.key = RetryMember.taken
    }

    /// The scheduler lane of the retries a cohort admits (lanes 0–2 hold session ends).
    static let admittedRetryLane = 3
    /// The scheduler lane of the bins opened for their phase's waiting members.
    static let phaseOpeningLane = 4

    /// A member the connect-rate quota refused at its due time: its next attempt, or it gives up
    /// when that falls after its block ends (as ``retryConnect(user:blockEnd:afterRetry:)`` does).
    mutating func rejectInCohort(_ member: RetryMember, binStart: Int64) {
        let failures = countFailure(of: member.user, afterRetry: true)
        let delay = retryDelaySeconds(afterFailures: failures, unit: cohortRNG.nextUnit())
        let at = SimTime(nanoseconds: binStart + member.offsetNanoseconds) + .seconds(delay)
        if at >= member.blockEnd { return leave(user: member.user) }
        enqueueRetry(user: member.user, at: at, blockEnd: member.blockEnd)
    }

    /// The saturated members the quota refused in `bin`: each one's next attempt comes the
    /// maximum delay after this one, at the same offset in the phase's next bin, unless its block
    /// ends first. Those of the phase's first `waiting` that give up leave it (a pass only when
    /// the phase's bound says one may); of the ring's `members` not taken, those that give up
    /// leave and the others join it. Their failure counts stay where they saturated (no delay
    /// reads more).
    mutating func refuseSaturated(_ members: RetryMemberList, phase: Int, waiting: Int, bin: Int64) {
        let nextStart = (bin + RetryCohorts.maximumDelayBins) * RetryCohorts.binNanoseconds
        if retryCohorts.phaseLeaveBounds[phase] <= nextStart {
            var bound = Int64.max
            var kept = 0
            let count = retryCohorts.phases[phase].count
            for index in 0..<count {
                let member = retryCohorts.phases[phase][index]
                if index < waiting, member.leaveBound <= nextStart {
                    leave(user: member.user)
                    continue
                }
                bound = min(bound, member.leaveBound)
                retryCohorts.phases[phase][kept] = member
                kept += 1
            }
            retryCohorts.phases[phase].truncate(to: kept)
            retryCohorts.phaseLeaveBounds[phase] = bound
        }
        for index in 0..<members.count where !members[index].isTaken {
            let member = members[index]
            if member.leaveBound <= nextStart {
                leave(user: member.user)
            } else {
                retryCohorts.wait(member, inPhase: phase)
            }
        }
    }
}

/// A retry a cohort admitted: its attempt is a ``SimEvent/retryConnect(blockEnd:user:)`` at `due`,
/// in the place in the order of events that `sequence` gives it.
struct CohortAdmission {
    var due: SimTime
    var sequence: UInt64
    var blockEnd: SimTime
    var user: Int32

    var event: SimEvent { .retryConnect(blockEnd: blockEnd, user: user) }
}

/// The connect-rate bucket run forward over a bin's members, without changing the bucket.
struct ForwardRun {
    var balance: Double
    let rate: Double
    let capacity: Double
    /// Where in the bin the balance was last brought to.
    var offsetNanoseconds: Int64
    var admitted = 0

    /// A lower bound on the offset at which the balance reaches one token, at most the bin's
    /// length (no member due before it can take one; the rounding is down so that none is skipped).
    func tokenOffsetNanoseconds() -> Int64 {
        guard balance < 1 else { return offsetNanoseconds }
        // Positive, so the conversion rounds down (and a whole number of bins stays whole).
        let wait = Int64(min(Double(RetryCohorts.binNanoseconds), (1 - balance) / rate * 1e9))
        return min(RetryCohorts.binNanoseconds, offsetNanoseconds + wait)
    }

    /// Refills to `offset` (members come in due order) and takes a token if there is one.
    mutating func takesToken(atOffset offset: Int64) -> Bool {
        if offset > offsetNanoseconds {
            balance = min(capacity, balance + rate * Double(offset - offsetNanoseconds) / 1e9)
            offsetNanoseconds = offset
        }
        guard balance >= 1 else { return false }
        balance -= 1
        admitted += 1
        return true
    }
}
