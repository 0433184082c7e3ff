extension ChannelHub {
    /// Removes the oldest message queued for `connection` and returns it, for a server that writes
    /// its outboxes to real sockets one message at a time.
    ///
    /// The message leaves the outbox as if its client had read it completely (its entry leaves the
    /// payload table); a partly drained first message is returned whole.
    ///
    /// - Returns: `nil` if nothing is queued or `connection` is not connected.
    public func takeFirst(of connection: ConnectionID) -> Payload? {
        guard connections.contains(connection) else { return nil }
        let index = connection.index
        let state = connections.outboxes.states[index]
        guard state.count > 0 else { return nil }
        let id = connections.outboxes.entries[Int(state.headChunk) << OutboxStore.chunkShift | Int(state.headOffset)]
        let payload = connections.outboxes.payloads.payload(id)
        connections.outboxes.removeFirst(at: index)
        return payload
    }

    /// Unsent bytes queued for `connection` (what ``EngineConfiguration/outboxByteCap`` bounds), or
    /// 0 if it is not connected.
    public func queuedByteCount(of connection: ConnectionID) -> Int {
        guard connections.contains(connection) else { return 0 }
        return connections.outboxes.states[connection.index].byteCount
    }

    /// Messages queued for `connection`, or 0 if it is not connected.
    public func queuedMessageCount(of connection: ConnectionID) -> Int {
        guard connections.contains(connection) else { return 0 }
        return Int(connections.outboxes.states[connection.index].count)
    }
}
