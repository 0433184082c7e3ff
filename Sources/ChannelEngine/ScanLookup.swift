/// Subscriber lookup by scanning one flat table of `(connection, channel)` rows: the DynamoDB
/// `Connections` table of the seed and scan architectures, in memory.
///
/// Every publish, subscribe, unsubscribe and disconnect reads the whole table, as their Scans do;
/// removal swaps the last row into the hole.
///
/// - Complexity: every operation is O(rows), whatever the channel or connection.
public struct ScanLookup: SubscriberLookup, Sendable {
    /// One subscription.
    public struct Row: Hashable, Sendable {
        public var connection: ConnectionID
        public var channel: ChannelID

        public init(connection: ConnectionID, channel: ChannelID) {
            self.connection = connection
            self.channel = channel
        }
    }

    /// The table, in no particular order.
    public private(set) var rows: [Row] = []

    public init() {}

    /// A table loaded in one go, as a bulk import would fill it: O(rows) instead of the O(rows²)
    /// of subscribing one by one. The rows must be distinct (checked in debug builds).
    public init(loading rows: [Row]) {
        assert(Set(rows).count == rows.count, "rows must be distinct")
        self.rows = rows
    }

    public var subscriptionCount: Int { rows.count }
    public var storedEntryCount: Int { rows.count }

    public mutating func subscribe(_ connection: ConnectionID, to channel: ChannelID) -> Bool {
        let row = Row(connection: connection, channel: channel)
        if rows.contains(row) { return false }
        rows.append(row)
        return true
    }

    public mutating func unsubscribe(_ connection: ConnectionID, from channel: ChannelID) -> Bool {
        let row = Row(connection: connection, channel: channel)
        guard let index = rows.firstIndex(of: row) else { return false }
        rows.swapAt(index, rows.count - 1)
        rows.removeLast()
        return true
    }

    public mutating func removeAll(of connection: ConnectionID) -> Int {
        var removed = 0
        var index = 0
        while index < rows.count {
            if rows[index].connection == connection {
                rows.swapAt(index, rows.count - 1)
                rows.removeLast()
                removed += 1
            } else {
                index += 1
            }
        }
        return removed
    }

    public func appendSubscribers(of channel: ChannelID, to buffer: inout [ConnectionID]) {
        rows.withUnsafeBufferPointer { table in
            for row in table where row.channel == channel { buffer.append(row.connection) }
        }
    }

    public func isSubscribed(_ connection: ConnectionID, to channel: ChannelID) -> Bool {
        rows.contains(Row(connection: connection, channel: channel))
    }

    /// The row array: `rows.capacity × 8` bytes plus its header, all counted as subscription bytes.
    public var memory: LookupMemory {
        LookupMemory(
            connectionBytes: 0,
            channelBytes: 0,
            subscriptionBytes: MemoryLayout<[Row]>.size
                + LayoutEstimate.arrayHeapBytes(capacity: rows.capacity, of: Row.self)
        )
    }
}
