import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// DynamoDB's token buckets: what a handler's reads and writes are granted, and what they are charged.
extension SimulationRun {
    // MARK: - Capacity

    /// Notes that a limit bound now, and keeps its worst demand.
    mutating func noteLimit(_ limit: ExceededLimit) {
        limitLog.note(limit, at: now)
    }

    /// Notes that a limit bound `times` times now, and keeps its worst demand.
    mutating func noteLimit(_ limit: ExceededLimit, times: Double) {
        limitLog.note(limit, at: now, times: times)
    }

    /// Notes that a limit the run notes often bound now, with `demand`: by its slot in the limit
    /// log once it has one, building the limit (`make`) only when the demand is its worst yet.
    /// The same record as ``noteLimit(_:times:)`` with `make()`, without building or looking up
    /// the limit each time.
    @inline(__always)
    mutating func noteLimit(_ frequent: FrequentLimit, demand: Double, times: Double = 1, _ make: () -> ExceededLimit) {
        let slot = frequentLimitSlots[frequent.rawValue]
        if slot >= 0 { return limitLog.note(slot: slot, demand: demand, at: now, times: times, make) }
        let limit = make()
        assert(limit.demand == demand)
        limitLog.note(limit, at: now, times: times)
        frequentLimitSlots[frequent.rawValue] = limitLog.slot(of: limit.name)
    }

    /// Notes that the limit `name`, one of the frequent ones, bound now (first time and count).
    @inline(__always)
    mutating func noteEvent(_ frequent: FrequentLimit, name: @autoclosure () -> String) {
        let slot = frequentLimitSlots[frequent.rawValue]
        if slot >= 0 { return limitLog.noteBound(slot: slot, at: now) }
        noteFirstEvent(frequent, name: name())
    }

    /// ``noteEvent(_:name:)`` the first time: the limit gets its slot.
    @inline(never)
    mutating func noteFirstEvent(_ frequent: FrequentLimit, name: String) {
        limitLog.noteBound(name, at: now)
        frequentLimitSlots[frequent.rawValue] = limitLog.slot(of: name)
    }

    /// Notes that the limit `name` bound now (first time and count).
    mutating func noteEvent(_ name: String) {
        limitLog.noteBound(name, at: now)
    }

    mutating func noteWorst(_ limit: ExceededLimit) {
        limitLog.noteWorst(limit)
    }

    /// Asks the token buckets whether a handler's reads and writes are served, and after how long,
    /// and which of them the table throttled. Nothing is counted: a handler's throttled calls are
    /// noted (``noteThrottles(_:)``) only once Lambda has admitted it, as one it refused calls
    /// nothing.
    @inline(__always)
    mutating func availability(
        reads: Bool,
        writes: Bool,
        timeoutSeconds: Double
    ) -> (available: CapacityAvailability, throttles: Throttles) {
        readBucket.refill(to: now)
        writeBucket.refill(to: now)
        // A positive balance serves at once (``admission(_:budgetMs:)`` waits 0 ms).
        if (!reads || readBucket.balance > 0) && (!writes || writeBucket.balance > 0) { return (fullAvailability, []) }
        return throttledAvailability(reads: reads, writes: writes, timeoutSeconds: timeoutSeconds)
    }

    /// ``availability(reads:writes:timeoutSeconds:)`` when a bucket it needs is empty.
    @inline(never)
    mutating func throttledAvailability(
        reads: Bool,
        writes: Bool,
        timeoutSeconds: Double
    ) -> (available: CapacityAvailability, throttles: Throttles) {
        let budgetMs = min(retryBudgetMs, timeoutSeconds * 1000)
        var result = CapacityAvailability.available
        var throttles: Throttles = []
        if reads {
            let admitted = Self.admission(readBucket, budgetMs: budgetMs)
            (result.reads, result.readWaitMs) = (admitted.served, admitted.waitMs)
            if admitted.throttled { throttles.insert(.reads) }
        }
        if writes {
            let admitted = Self.admission(writeBucket, budgetMs: budgetMs)
            (result.writes, result.writeWaitMs) = (admitted.served, admitted.waitMs)
            if admitted.throttled { throttles.insert(.writes) }
        }
        return (result, throttles)
    }

    /// Whether a request on `bucket` is served within the SDK's retry budget, after how long, and
    /// whether the table throttled it (refused it at first).
    static func admission(_ bucket: TokenBucket, budgetMs: Double) -> (served: Bool, waitMs: Double, throttled: Bool) {
        let waitMs = (bucket.secondsUntilPositive() * 1000).rounded(.up)
        guard waitMs > 0 else { return (true, 0, false) }
        return waitMs <= budgetMs ? (true, waitMs, true) : (false, 0, true)
    }

    /// Counts the throttled calls of a handler Lambda admitted: the table's reads, its writes, then
    /// a partition's reads, each one throttled call and one note of its limit.
    @inline(__always)
    mutating func noteThrottles(_ throttles: Throttles) {
        guard !throttles.isEmpty else { return }
        let provisioned = design.table.capacityMode == .provisioned
        if throttles.contains(.reads) {
            throttledCalls += 1
            hourThrottled += 1
            noteEvent(.readCapacity, name: ExceededLimit.readCapacityName(provisioned: provisioned))
        }
        if throttles.contains(.writes) {
            throttledCalls += 1
            hourThrottled += 1
            noteEvent(.writeCapacity, name: ExceededLimit.writeCapacityName(provisioned: provisioned))
        }
        if throttles.contains(.partition) {
            throttledCalls += 1
            hourThrottled += 1
            noteEvent(ExceededLimit.partitionName)
        }
    }

    /// The handler outcome, memoised when it is one that repeats exactly (no waits, same table
    /// size to the read-unit step). Nothing is billed until ``commit(_:)``.

    /// Charges the buckets and notes the limits of an outcome that ran; `attempted` is the run
    /// the handler would have had with full capacity, when it had less.
    @inline(__always)
    mutating func settle(_ evaluated: Evaluated, attempted: HandlerRun?) {
        let run = evaluated.run
        readBucket.charge(run.readUnits)
        writeBucket.charge(run.writeUnits)
        hourReadUnits += run.readUnits
        hourWriteUnits += run.writeUnits
        hourAttemptedReadUnits += attempted?.readUnits ?? run.readUnits
        hourAttemptedWriteUnits += attempted?.writeUnits ?? run.writeUnits
        if let attempted, attempted.readUnits > run.readUnits || attempted.writeUnits > run.writeUnits {
            failedCalls += 1
        }
        if run.hasLimits {
            if evaluated.isMemoised { return noteMemoLimits(evaluated.index) }
            for limit in fullOutcome(evaluated).limits { noteLimit(limit) }
        }
    }

    /// Notes the limits of memo entry `index`. Its limits and their demands are the same every
    /// time, so only the first time can change a worst demand (a later one is never greater);
    /// after it, the entry's limits are one group of the limit log, counted with one addition.
    @inline(__always)
    mutating func noteMemoLimits(_ index: Int) {
        let group = memoLimitGroups[index]
        if group >= 0 { return limitLog.noteBound(group: Int(group)) }
        noteFirstMemoLimits(index)
    }

    /// ``noteMemoLimits(_:)`` the first time: notes each limit and makes the entry's group.
    @inline(never)
    mutating func noteFirstMemoLimits(_ index: Int) {
        var slots: [Int] = []
        for limit in memoOutcomes[index].limits {
            noteLimit(limit)
            slots.append(limitLog.slot(of: limit.name))
        }
        memoLimitGroups[index] = Int32(limitLog.group(of: slots))
    }

    /// Runs memo entry `index` (a memoised outcome of full capacity) if nothing can hold it up:
    /// the buckets it needs are positive, the account has room for its executions, each finds a
    /// warm environment, and it notes no limit. Returns false, having changed nothing that the
    /// general path (``evaluate(_:_:)``, ``admit(_:)``, ``commit(_:)``, ``settle(_:attempted:)``)
    /// would not change the same way first, otherwise.
    ///
    /// The same steps as the general path in the same order, for the case that is nearly every
    /// handler run of a stack within its limits, without building the intermediate values.
    @inline(__always)
    mutating func runQuietly(memo index: Int?, reads: Bool, writes: Bool) -> Bool {
        guard let index else { return false }
        readBucket.refill(to: now)
        writeBucket.refill(to: now)
        guard !reads || readBucket.balance > 0, !writes || writeBucket.balance > 0 else { return false }
        let nowMs = now.nanoseconds / 1_000_000
        roleRunning.advance(to: nowMs)
        if now.nanoseconds - environmentWindowStart.nanoseconds >= keepWarmNanoseconds { reclaimEnvironments() }
        let count = memoRuns[index].executionCount
        let running = roleRunning.total
        guard !memoRuns[index].hasLimits, Double(running + count) <= concurrencyLimit else { return false }
        for i in 0..<count {
            let role = memoRuns[index][execution: i].role
            if roleRunning.running(role) >= environments[role] { return false }
        }
        startExecutions(of: memoRuns[index], nowMs: nowMs)
        memoCounts[index] += 1
        let readUnits = memoRuns[index].readUnits
        let writeUnits = memoRuns[index].writeUnits
        readBucket.charge(readUnits)
        writeBucket.charge(writeUnits)
        hourReadUnits += readUnits
        hourWriteUnits += writeUnits
        hourAttemptedReadUnits += readUnits
        hourAttemptedWriteUnits += writeUnits
        return true
    }
}
