extension ChannelHub {
    /// Estimates the bytes of engine state per connection and per subscription.
    ///
    /// Method: sums the lookup's ``SubscriberLookup/memory`` (see ``LookupMemory``: array and
    /// dictionary capacities × `MemoryLayout` strides, plus 32-byte array and 64-byte dictionary
    /// headers, on a 64-bit platform) and the hub's own per-connection state: one 32-byte outbox
    /// record, one drain-mark byte and one live flag per connection slot, and the free-id
    /// stack (`MemoryLayout.stride`
    /// each, over the buffers' capacities; the records are in a ``FlatBuffer``, counted with a
    /// 16-byte allocation header instead of an array's 32). Per-connection bytes are connection bytes over live
    /// connections; per-subscription bytes are subscription bytes over subscriptions.
    ///
    /// Queued messages are reported apart, as ``MemoryReport/queueBytes``: the chunk arena (64 bytes
    /// of 4-byte entries per chunk, a 4-byte link and a 4-byte free-stack place each, free chunks
    /// included) and the payload table (a reference, a 16-byte size and count, and a 4-byte
    /// free-stack place per slot). A connection that has received a message keeps one chunk
    /// (72 bytes with its link and free-stack place) until it disconnects; a connection that never
    /// did has none. Payload bodies are not counted (they are shared, not engine state), nor are
    /// channel names, allocator rounding or freed-but-unreturned memory. It is an estimate, not a
    /// measurement.
    public func memoryReport() -> MemoryReport {
        let connectionBytes =
            connections.outboxes.stateBytes
            + LayoutEstimate.arrayHeapBytes(capacity: connections.isLive.capacity, of: Bool.self)
            + LayoutEstimate.arrayHeapBytes(capacity: connections.freeIDs.capacity, of: ConnectionID.self)
        return MemoryReport(
            connections: connectionCount,
            subscriptions: lookup.subscriptionCount,
            channels: channelCount,
            hubConnectionBytes: connectionBytes,
            queueBytes: connections.outboxes.queueBytes,
            lookup: lookup.memory
        )
    }
}
