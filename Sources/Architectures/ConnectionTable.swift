import Scenarios

/// The `Connections` table's row layout: `{connectionId, channel}`, one row per subscription.
///
/// Every design keeps the seed's schema: `$connect` writes a row in channel `default`, each
/// `joinchannel` one more row. A keys-only GSI on `channel` stores the same two attributes.
public struct ConnectionTable: Sendable, Equatable {
    /// Name of the channel every connection is put in at `$connect`.
    public static let defaultChannel = ClientProtocol.defaultChannel

    public let connectionIdBytes: Int
    public let topicNameBytes: Int
    /// Size of the `default` row (capacity bytes: names + values).
    public let defaultRowBytes: Double
    /// Size of a topic-channel row.
    public let topicRowBytes: Double
    /// Write units to put or delete the `default` row, and a topic row (each rounded up to 1 KB).
    public let defaultRowWriteUnits: Double
    public let topicRowWriteUnits: Double

    public init(connectionIdBytes: Int, topicNameBytes: Int) {
        self.connectionIdBytes = connectionIdBytes
        self.topicNameBytes = topicNameBytes
        defaultRowBytes = DynamoDBCapacity.itemBytes([
            ("connectionId", connectionIdBytes), ("channel", Self.defaultChannel.utf8.count),
        ])
        topicRowBytes = DynamoDBCapacity.itemBytes([("connectionId", connectionIdBytes), ("channel", topicNameBytes)])
        defaultRowWriteUnits = DynamoDBCapacity.writeUnits(itemBytes: defaultRowBytes)
        topicRowWriteUnits = DynamoDBCapacity.writeUnits(itemBytes: topicRowBytes)
    }

    /// Bytes of one connection's rows: its `default` row and `rows − 1` topic rows.
    public func connectionBytes(rows: Double) -> Double {
        rows > 0 ? defaultRowBytes + (rows - 1) * topicRowBytes : 0
    }

    /// Write units to delete one connection's rows: each item rounded up to 1 KB on its own.
    public func deleteWriteUnits(rows: Double) -> Double {
        rows > 0 ? defaultRowWriteUnits + (rows - 1) * topicRowWriteUnits : 0
    }
}

/// What the table holds at a moment: rows and bytes, live and stale alike (Scan reads both).
public struct TableState: Sendable, Equatable {
    /// Items in the table.
    public var rows: Double
    /// Capacity bytes of all items (without DynamoDB's 100-byte storage overhead).
    public var bytes: Double

    public init(rows: Double, bytes: Double) {
        self.rows = rows
        self.bytes = bytes
    }

    /// Share of the table one Scan call sees: its 1 MB page over the whole table.
    public var firstPageCoverage: Double {
        bytes <= ScanPage.maxBytes ? 1 : ScanPage.maxBytes / bytes
    }
}
