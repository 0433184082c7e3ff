import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Handler outcomes, memoised when they repeat exactly.
extension SimulationRun {
    @inline(__always)
    mutating func evaluate(_ action: ConnectionAction, _ availability: CapacityAvailability) -> Evaluated {
        // Fast paths for the commonest outcomes: no hashing once they are known. Inlined, so a
        // caller's constant action folds the switch away.
        if availability.isFull {
            switch action {
            case .connect:
                if let index = availableConnect { return memoised(index) }
            case .join:
                if let index = availableJoin { return memoised(index) }
            case .disconnect(let rows) where !disconnectReadsTable && rows < Double(availableDisconnect.count):
                if let index = availableDisconnect[Int(rows)] { return memoised(index) }
            default: break
            }
        } else if case .connect = action {
            // A storm's connects find the same empty bucket again and again, or wait for it.
            if let last = lastLimitedConnect, last.availability == availability { return memoised(last.index) }
            if let slot = Self.connectWaitSlot(availability), slot < connectByWriteWait.count {
                let index = connectByWriteWait[slot]
                if index >= 0 { return memoised(Int(index)) }
            }
        }
        return evaluateAndMemoise(action, availability)
    }

    /// The slot in ``connectByWriteWait`` of a connect's availability: its reads available at
    /// once and its writes served after a whole number of milliseconds (as
    /// ``admission(_:budgetMs:)`` rounds them), or nil for any other.
    @inline(__always)
    static func connectWaitSlot(_ availability: CapacityAvailability) -> Int? {
        guard availability.reads, availability.readWaitMs == 0, availability.writes, availability.writeWaitMs > 0,
            availability.writeWaitMs < Double(connectWaitSlots),
            availability.writeWaitMs.rounded() == availability.writeWaitMs
        else { return nil }
        return Int(availability.writeWaitMs)
    }

    /// Write waits of connects kept in ``connectByWriteWait`` (up to a minute).
    static let connectWaitSlots = 60_000

    /// Keeps memo entry `index` of a connect with `availability` for ``evaluate(_:_:)``'s fast path.
    mutating func rememberConnectWait(_ availability: CapacityAvailability, _ index: Int) {
        guard let slot = Self.connectWaitSlot(availability) else { return }
        if slot >= connectByWriteWait.count {
            connectByWriteWait.append(contentsOf: repeatElement(-1, count: slot + 1 - connectByWriteWait.count))
        }
        connectByWriteWait[slot] = Int32(index)
    }

    /// ``evaluate(_:_:)`` past its fast paths.
    @inline(never)
    mutating func evaluateAndMemoise(_ action: ConnectionAction, _ availability: CapacityAvailability) -> Evaluated {
        let memoisable: Bool
        var readsTable = false
        switch action {
        case .connect, .join: memoisable = true
        case .disconnect:
            memoisable = true
            readsTable = disconnectReadsTable
        case .publish, .keepalive: memoisable = false
        }
        // An outcome with a capacity wait repeats too when the table's size does not enter it:
        // waits are whole milliseconds within the SDK's retry budget.
        let waits = availability.readWaitMs != 0 || availability.writeWaitMs != 0
        guard memoisable, !(waits && readsTable) else {
            let table = TableState(rows: Double(tableRows), bytes: tableBytes)
            let outcome = design.outcome(
                of: action,
                table: table,
                layout: layout,
                latency: latency,
                availability: availability
            )
            return own(outcome)
        }
        let quantum = DynamoDBCapacity.readUnitBytes
        let bytes = readsTable ? Int64((tableBytes / quantum).rounded(.up) * quantum) : 0
        let key = OutcomeKey(action: action, availability: availability, tableBytes: bytes)
        // The few outcomes a storm repeats (a connect refused writes, a join refused them) are
        // compared before the key is hashed.
        for recent in recentMemoKeys where recent.key == key { return memoisedConnect(recent.index, key) }
        if let index = memo[key] {
            rememberMemoKey(key, index)
            return memoisedConnect(index, key)
        }
        let outcome = design.outcome(
            of: action,
            table: TableState(rows: Double(tableRows), bytes: readsTable ? Double(bytes) : tableBytes),
            layout: layout,
            latency: latency,
            availability: availability
        )
        let index = memoOutcomes.count
        memo[key] = index
        memoOutcomes.append(outcome)
        memoCounts.append(0)
        memoRuns.append(HandlerRun(outcome))
        memoLimitGroups.append(-1)
        rememberMemoKey(key, index)
        if readsTable { keepTableSizedEntry(key, index) }
        if availability.isFull {
            switch action {
            case .connect: availableConnect = index
            case .join: availableJoin = index
            case .disconnect(let rows) where !disconnectReadsTable && rows < Double(availableDisconnect.count):
                availableDisconnect[Int(rows)] = index
            default: break
            }
        }
        return memoisedConnect(index, key)
    }

    /// Remembers a memo entry keyed by the table's size, and retires the entries of sizes the
    /// table has left more than ``tableSizedWindowBytes`` behind.
    ///
    /// A Scan-based handler's outcome depends on the table's size to the read-unit step, and a
    /// table of stale rows grows for the whole run: without retiring them, the memo would hold an
    /// entry for every 4 KB the table ever had (~200,000 entries and 200 MB at 20,000 users over
    /// 7 days on the seed stack, 740 MB over 30). A retired entry's count is billed now, once,
    /// as the end of the run would have billed it, and its outcome is freed; should the table
    /// shrink back to that size, a new entry is made.
    mutating func keepTableSizedEntry(_ key: OutcomeKey, _ index: Int) {
        tableSizedEntries.append((key, index))
        var retired = false
        while tableSizedHead < tableSizedEntries.count,
            tableSizedEntries[tableSizedHead].key.tableBytes < key.tableBytes - Self.tableSizedWindowBytes
        {
            let (oldKey, oldIndex) = tableSizedEntries[tableSizedHead]
            tableSizedHead += 1
            usage.record(memoOutcomes[oldIndex], times: memoCounts[oldIndex] * monthScale)
            memoCounts[oldIndex] = 0
            memoOutcomes[oldIndex] = ActionOutcome()
            memo.removeValue(forKey: oldKey)
            retired = true
        }
        guard retired else { return }
        // The recent keys may name a retired entry.
        recentMemoKeys.removeAll { memo[$0.key] != $0.index }
        nextRecentMemoKey = 0
        if tableSizedHead > 1024, tableSizedHead * 2 > tableSizedEntries.count {
            tableSizedEntries.removeFirst(tableSizedHead)
            tableSizedHead = 0
        }
    }

    /// How far behind the table's size a size-keyed memo entry is kept (1 MB: 256 read-unit steps).
    static let tableSizedWindowBytes: Int64 = 1 << 20

    /// Keeps `key` among the ``recentMemoKeyCount`` memo keys compared before hashing, the oldest
    /// making way.
    mutating func rememberMemoKey(_ key: OutcomeKey, _ index: Int) {
        if recentMemoKeys.count < Self.recentMemoKeyCount {
            recentMemoKeys.append((key, index))
        } else {
            recentMemoKeys[nextRecentMemoKey] = (key, index)
            nextRecentMemoKey = (nextRecentMemoKey + 1) % Self.recentMemoKeyCount
        }
    }

    /// Memo keys compared before hashing.
    static let recentMemoKeyCount = 4

    /// ``memoised(_:)``, remembering a connect's entry for ``evaluate(_:_:)``'s fast paths.
    mutating func memoisedConnect(_ index: Int, _ key: OutcomeKey) -> Evaluated {
        if case .connect = key.action, !key.availability.isFull {
            lastLimitedConnect = (key.availability, index)
            rememberConnectWait(key.availability, index)
        }
        return memoised(index)
    }

    func memoised(_ index: Int) -> Evaluated { Evaluated(memoIndex: index, run: memoRuns[index]) }

    /// An outcome that is not a memo entry's, kept until the current event is handled.
    mutating func own(_ outcome: ActionOutcome) -> Evaluated {
        ownOutcomes.append(outcome)
        return Evaluated(ownIndex: ownOutcomes.count - 1, run: HandlerRun(outcome))
    }

    /// The full outcome of `evaluated`.
    func fullOutcome(_ evaluated: Evaluated) -> ActionOutcome {
        evaluated.isMemoised ? memoOutcomes[evaluated.index] : ownOutcomes[evaluated.index]
    }

    /// Bills an outcome that ran.
}
