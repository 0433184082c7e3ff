/// The hub's per-connection state: which ids are live, the ids free for reuse, and every
/// connection's outbox (an ``OutboxStore`` indexed by id).
///
/// Noncopyable, like the ``OutboxStore`` it owns.
@usableFromInline
struct ConnectionTable: ~Copyable {
    var isLive: [Bool] = []
    var freeIDs: [ConnectionID] = []
    var liveCount = 0
    /// Outboxes of every connection slot, and the payloads they hold.
    @usableFromInline var outboxes = OutboxStore()

    init() {}

    func contains(_ connection: ConnectionID) -> Bool {
        connection.index < isLive.count && isLive[connection.index]
    }

    /// A new live id: the most recently freed one, or the next unused number.
    mutating func open() -> ConnectionID {
        liveCount += 1
        if let reused = freeIDs.popLast() {
            isLive[reused.index] = true
            return reused
        }
        precondition(isLive.count < Int(UInt32.max), "too many connections for 32-bit ids")
        outboxes.appendSlot()
        isLive.append(true)
        return ConnectionID(rawValue: UInt32(isLive.count - 1))
    }

    /// Frees a live id and its outbox.
    mutating func close(_ connection: ConnectionID) {
        isLive[connection.index] = false
        outboxes.removeAll(at: connection.index)
        freeIDs.append(connection)
        liveCount -= 1
    }

    /// A snapshot of the outbox of `connection`, which must be live.
    func outbox(of connection: ConnectionID) -> Outbox {
        let state = outboxes.states[connection.index]
        return Outbox(
            payloads: outboxes.entryList(at: connection.index).map { outboxes.payloads.payload($0) },
            byteCount: state.byteCount,
            sentBytesOfFirst: state.sentBytesOfFirst
        )
    }

    /// Lets every live client read up to `budget` bytes (visiting only outboxes that have held
    /// messages since the last such drain).
    mutating func drain(budget: Int) -> DrainResult {
        guard budget > 0 else { return DrainResult() }
        return outboxes.drainMarked(budget: budget)
    }
}
