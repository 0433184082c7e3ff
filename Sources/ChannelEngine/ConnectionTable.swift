/// The hub's per-connection state: one ``Outbox`` per id, which ids are live, and the ids free for
/// reuse.
@usableFromInline
struct ConnectionTable {
    var outboxes: [Outbox] = []
    var isLive: [Bool] = []
    var freeIDs: [ConnectionID] = []
    var liveCount = 0

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
        precondition(outboxes.count < Int(UInt32.max), "too many connections for 32-bit ids")
        outboxes.append(Outbox())
        isLive.append(true)
        return ConnectionID(rawValue: UInt32(outboxes.count - 1))
    }

    /// Frees a live id and its outbox.
    mutating func close(_ connection: ConnectionID) {
        isLive[connection.index] = false
        outboxes[connection.index].removeAll()
        freeIDs.append(connection)
        liveCount -= 1
    }

    /// Queues `payload` for each of `subscribers` but `sender`, applying the cap and policy.
    ///
    /// Connections to disconnect are appended to `slow`; the caller disconnects them after the loop.
    @usableFromInline
    mutating func deliver(
        _ payload: Payload,
        to subscribers: [ConnectionID],
        excluding sender: ConnectionID?,
        cap: Int,
        policy: EngineConfiguration.OverflowPolicy,
        slow: inout [ConnectionID]
    ) -> PublishResult {
        var result = PublishResult()
        let size = payload.byteCount
        let skipped = sender?.index ?? -1
        outboxes.withUnsafeMutableBufferPointer { boxes in
            for subscriber in subscribers {
                let index = subscriber.index
                if index == skipped { continue }
                if boxes[index].byteCount + size <= cap {
                    boxes[index].append(payload)
                    result.delivered += 1
                    continue
                }
                switch policy {
                case .dropNewest:
                    result.dropped += 1
                case .dropOldest:
                    guard size <= cap else {
                        result.dropped += 1
                        continue
                    }
                    while boxes[index].byteCount + size > cap {
                        boxes[index].removeFirst()
                        result.evicted += 1
                    }
                    boxes[index].append(payload)
                    result.delivered += 1
                case .disconnect:
                    slow.append(subscriber)
                    result.disconnected += 1
                }
            }
        }
        return result
    }

    /// Lets every live client read up to `budget` bytes.
    mutating func drain(budget: Int) -> DrainResult {
        var result = DrainResult()
        guard budget > 0 else { return result }
        outboxes.withUnsafeMutableBufferPointer { boxes in
            for index in boxes.indices where boxes[index].count > 0 {
                let (messages, bytes) = boxes[index].drain(budget: budget)
                result.messages += messages
                result.bytes += bytes
            }
        }
        return result
    }
}
