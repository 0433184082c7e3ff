/// DynamoDB's capacity-unit rules, as the Developer Guide states them.
///
/// - Reads: a GetItem rounds the item up to 4 KB; a Query or Scan page rounds the *total*
///   bytes it evaluated up to 4 KB; eventually consistent reads cost half.
/// - Writes: each item rounds up to 1 KB, separately, also inside BatchWriteItem.
/// - Item size: UTF-8 lengths of attribute names plus values. Storage adds 100 bytes per item.
public enum DynamoDBCapacity {
    /// Bytes in a read unit's step (4 KB).
    public static let readUnitBytes = 4096.0
    /// Bytes in a write unit's step (1 KB).
    public static let writeUnitBytes = 1024.0
    /// Storage overhead DynamoDB adds to every item, table or index, for billing (not for capacity).
    public static let storageOverheadBytes = 100.0
    /// Items per BatchWriteItem call.
    public static let batchWriteMaxItems = 25

    /// Read units for one request that reads `bytes` in total (a Query or Scan page, or one item).
    public static func readUnits(totalBytes bytes: Double, consistent: Bool) -> Double {
        let steps = max(1, (bytes / readUnitBytes).rounded(.up))
        return consistent ? steps : steps / 2
    }

    /// Write units for one item of `bytes` (PutItem, DeleteItem, or one BatchWriteItem entry).
    public static func writeUnits(itemBytes bytes: Double) -> Double {
        max(1, (bytes / writeUnitBytes).rounded(.up))
    }

    /// Write units for a BatchWriteItem: each item rounded separately, then summed.
    public static func batchWriteUnits(itemBytes: [Double]) -> Double {
        itemBytes.reduce(0) { $0 + writeUnits(itemBytes: $1) }
    }

    /// Size of an item: UTF-8 bytes of every attribute name and value.
    public static func itemBytes(_ attributes: [(name: String, valueBytes: Int)]) -> Double {
        Double(attributes.reduce(0) { $0 + $1.name.utf8.count + $1.valueBytes })
    }
}

/// The 1 MB page a single Scan or Query call reads before any filter is applied.
public enum ScanPage {
    /// Bytes one Scan or Query call evaluates at most: 1 MB, before the filter expression.
    public static let maxBytes = 1_048_576.0

    /// Read units of a paginated read over `bytes`: full pages, then the remainder, each rounded alone.
    public static func readUnits(forPaginatedBytes bytes: Double, consistent: Bool) -> (pages: Double, units: Double) {
        guard bytes > maxBytes else {
            return (1, DynamoDBCapacity.readUnits(totalBytes: bytes, consistent: consistent))
        }
        let fullPages = (bytes / maxBytes).rounded(.down)
        let remainder = bytes - fullPages * maxBytes
        var units = fullPages * DynamoDBCapacity.readUnits(totalBytes: maxBytes, consistent: consistent)
        var pages = fullPages
        if remainder > 0 {
            units += DynamoDBCapacity.readUnits(totalBytes: remainder, consistent: consistent)
            pages += 1
        }
        return (pages, units)
    }
}
