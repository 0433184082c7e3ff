extension ChannelHub {
    /// Estimates the bytes of engine state per connection and per subscription.
    ///
    /// Method: sums the lookup's ``SubscriberLookup/memory`` (see ``LookupMemory``: array and
    /// dictionary capacities × `MemoryLayout` strides, plus 32-byte array and 64-byte dictionary
    /// headers, on a 64-bit platform) and the hub's own per-connection state: one ``Outbox`` and one
    /// live flag per connection slot (`MemoryLayout.stride` each, over the arrays' capacities) plus
    /// each outbox's ring of 8-byte references and its header. Per-connection bytes are connection
    /// bytes over live connections; per-subscription bytes are subscription bytes over
    /// subscriptions. Queued payload bodies are not counted (they are shared, not engine state),
    /// nor are channel names, allocator rounding or freed-but-unreturned memory. It is an
    /// estimate, not a measurement.
    public func memoryReport() -> MemoryReport {
        let table = connections
        var connectionBytes =
            LayoutEstimate.arrayHeapBytes(capacity: table.outboxes.capacity, of: Outbox.self)
            + LayoutEstimate.arrayHeapBytes(capacity: table.isLive.capacity, of: Bool.self)
            + LayoutEstimate.arrayHeapBytes(capacity: table.freeIDs.capacity, of: ConnectionID.self)
        for outbox in table.outboxes where outbox.capacity > 0 {
            connectionBytes += LayoutEstimate.arrayHeapBytes(capacity: outbox.capacity, of: Payload?.self)
        }
        return MemoryReport(
            connections: connectionCount,
            subscriptions: lookup.subscriptionCount,
            channels: channelCount,
            hubConnectionBytes: connectionBytes,
            lookup: lookup.memory
        )
    }
}
