/// Publishing into the outboxes: the fan-out loop over raw pointers, and the bare store loop it is
/// measured against.
extension OutboxStore {
    /// Queues payload slot `id` (`size` bytes) in the outbox of each of `subscribers` but the one
    /// at index `skipping`, applying the cap and policy, and records the entries in the payload table.
    ///
    /// The loop over subscribers works on raw pointers into the flat arrays: no reference counting,
    /// no bounds checks, no allocation (the chunk arena is grown beforehand to cover one new chunk
    /// per subscriber). Subscribers over the cap under ``EngineConfiguration/OverflowPolicy/dropOldest``
    /// are collected in `overflowed` and served after the loop (eviction is rare and touches the
    /// payload table); under ``EngineConfiguration/OverflowPolicy/disconnect`` they are appended
    /// to `slow` for the caller to disconnect.
    @usableFromInline
    mutating func deliver(
        _ id: UInt32,
        size: Int,
        to subscribers: UnsafeBufferPointer<ConnectionID>,
        skipping: Int,
        cap: Int,
        policy: EngineConfiguration.OverflowPolicy,
        overflowed: inout [ConnectionID],
        slow: inout [ConnectionID]
    ) -> PublishResult {
        var result = PublishResult()
        reserveChunks(subscribers.count)
        Self.appendLoop(
            id,
            size: size,
            to: subscribers,
            skipping: skipping,
            cap: cap,
            policy: policy,
            states: states.base,
            stateCount: states.count,
            entries: entries.base,
            next: nextChunk.base,
            free: freeChunks.base,
            freeCount: &freeChunkCount,
            marks: marks.base,
            result: &result,
            overflowed: &overflowed,
            slow: &slow
        )
        if !overflowed.isEmpty {
            for connection in overflowed {
                while size > cap - states[connection.index].byteCount {
                    removeFirst(at: connection.index)
                    result.evicted += 1
                }
                append(id, byteCount: size, at: connection.index)
                result.delivered += 1
            }
            overflowed.removeAll(keepingCapacity: true)
        }
        payloads.addEntries(result.delivered, to: id)
        return result
    }

    /// The publish inner loop; see ``deliver(_:size:to:skipping:cap:policy:overflowed:slow:)``.
    @inline(__always)
    static func appendLoop(
        _ id: UInt32,
        size: Int,
        to subscribers: UnsafeBufferPointer<ConnectionID>,
        skipping: Int,
        cap: Int,
        policy: EngineConfiguration.OverflowPolicy,
        states: UnsafeMutablePointer<OutboxState>,
        stateCount: Int,
        entries: UnsafeMutablePointer<UInt32>,
        next: UnsafeMutablePointer<UInt32>,
        free: UnsafeMutablePointer<UInt32>,
        freeCount: inout Int,
        marks: UnsafeMutablePointer<UInt8>,
        result: inout PublishResult,
        overflowed: inout [ConnectionID],
        slow: inout [ConnectionID]
    ) {
        var delivered = 0
        for subscriber in subscribers {
            let index = subscriber.index
            if index == skipping { continue }
            // A lookup only lists live connections; checked anyway, as a custom lookup could not.
            precondition(UInt(bitPattern: index) < UInt(bitPattern: stateCount), "subscriber is not a connection slot")
            let state = states + index
            if _fastPath(size <= cap &- state.pointee.byteCount) {
                if enqueue(id, state: state, entries: entries, next: next, free: free, freeCount: &freeCount) {
                    marks[index] = 1
                }
                state.pointee.byteCount &+= size
                delivered &+= 1
                continue
            }
            switch policy {
            case .dropNewest:
                result.dropped += 1
            case .dropOldest:
                if size > cap {
                    result.dropped += 1
                } else {
                    overflowed.append(subscriber)
                }
            case .disconnect:
                slow.append(subscriber)
                result.disconnected += 1
            }
        }
        result.delivered += delivered
    }

    /// Queues payload slot `id` in outboxes `0 ..< connections`, `publishes` times over, with no
    /// lookup, cap, byte count or sender check: the raw store loop the publish is compared with.
    ///
    /// Outbox byte counts are left untouched, so follow it with ``discardAll(at:)`` on each outbox.
    @usableFromInline
    mutating func storeRaw(_ id: UInt32, connections: Int, publishes: Int) {
        precondition(connections <= states.count)
        payloads.addEntries(connections * publishes, to: id)
        for _ in 0..<publishes {
            reserveChunks(connections)
            Self.rawLoop(
                id,
                connections: connections,
                states: states.base,
                entries: entries.base,
                next: nextChunk.base,
                free: freeChunks.base,
                freeCount: &freeChunkCount
            )
        }
    }

    @inline(__always)
    static func rawLoop(
        _ id: UInt32,
        connections: Int,
        states: UnsafeMutablePointer<OutboxState>,
        entries: UnsafeMutablePointer<UInt32>,
        next: UnsafeMutablePointer<UInt32>,
        free: UnsafeMutablePointer<UInt32>,
        freeCount: inout Int
    ) {
        for index in 0..<connections {
            _ = enqueue(id, state: states + index, entries: entries, next: next, free: free, freeCount: &freeCount)
        }
    }
}
