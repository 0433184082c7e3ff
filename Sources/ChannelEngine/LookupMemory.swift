/// Estimated bytes of a lookup's state, split by what each part grows with.
///
/// An estimate from the layout of Swift's collections on a 64-bit platform, not a measurement of
/// the allocator: an array costs its inline reference (8 bytes) plus, when it has storage, a 32-byte
/// heap header and `capacity × MemoryLayout<Element>.stride`; a dictionary costs its inline
/// reference plus a header, one bit per bucket and `buckets × (key stride + value stride)`, with
/// buckets the power of two Swift uses for its capacity (maximum load ¾). Allocator rounding and
/// fragmentation are not included.
public struct LookupMemory: Sendable, Equatable {
    /// Bytes that grow with the number of connection slots (per-connection array headers).
    public var connectionBytes: Int
    /// Bytes that grow with the number of channels (per-channel array headers).
    public var channelBytes: Int
    /// Bytes that grow with the number of subscriptions (rows, index entries, map buckets),
    /// including spare capacity.
    public var subscriptionBytes: Int

    public init(connectionBytes: Int = 0, channelBytes: Int = 0, subscriptionBytes: Int = 0) {
        self.connectionBytes = connectionBytes
        self.channelBytes = channelBytes
        self.subscriptionBytes = subscriptionBytes
    }

    /// Sum of the parts.
    public var totalBytes: Int { connectionBytes + channelBytes + subscriptionBytes }
}

/// Layout constants and formulas behind ``LookupMemory`` (64-bit Swift).
enum LayoutEstimate {
    /// Heap object header (isa + refcount) plus count and capacity of an array's storage.
    static let arrayHeaderBytes = 32
    /// Heap object header plus a native dictionary's count, capacity, scale, seed and pointers.
    static let dictionaryHeaderBytes = 64

    /// Heap bytes of an array with `capacity` elements of `Element` (zero when it has no storage).
    static func arrayHeapBytes<Element>(capacity: Int, of _: Element.Type) -> Int {
        capacity == 0 ? 0 : arrayHeaderBytes + capacity * MemoryLayout<Element>.stride
    }

    /// Heap bytes of a dictionary able to hold `capacity` entries without growing.
    static func dictionaryHeapBytes<Key, Value>(capacity: Int, of _: Key.Type, _: Value.Type) -> Int {
        guard capacity > 0 else { return 0 }
        var buckets = 1
        while buckets * 3 < capacity * 4 { buckets <<= 1 }
        let words = (buckets + 63) / 64
        return dictionaryHeaderBytes + words * 8
            + buckets * (MemoryLayout<Key>.stride + MemoryLayout<Value>.stride)
    }
}
