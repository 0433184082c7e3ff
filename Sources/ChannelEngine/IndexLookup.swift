/// Subscriber lookup by index in both directions: channel → subscribers for publish and
/// connection → channels for disconnect, as Centrifuge, Redis, uWebSockets and Socket.IO keep.
///
/// Each channel's subscribers are one dense `[ConnectionID]`, so a publish walks them in place with
/// no copy and no per-subscriber hashing. A position map from `(connection, channel)` to the entry's place in both
/// arrays makes unsubscribe a swap-remove with two fix-ups. Arrays are indexed by id, so ids
/// should be dense (a ``ChannelHub`` issues them so); an emptied array releases its storage.
///
/// - Complexity: publish O(subscribers of the channel); subscribe and unsubscribe O(1) expected;
///   disconnect O(subscriptions of the connection).
public struct IndexLookup: SubscriberLookup, Sendable {
    /// Where one subscription sits in its channel's and its connection's arrays.
    @usableFromInline
    struct Position: Sendable {
        @usableFromInline var inChannel: UInt32
        @usableFromInline var inConnection: UInt32
    }

    /// Subscribers of each channel, indexed by ``ChannelID/index``.
    @usableFromInline var members: [[ConnectionID]] = []
    /// Channels of each connection, indexed by ``ConnectionID/index``.
    @usableFromInline var channelsOf: [[ChannelID]] = []
    /// `(connection << 32 | channel)` → positions of that subscription.
    @usableFromInline var positions: [UInt64: Position] = [:]

    public init() {}

    @inlinable static func key(_ connection: ConnectionID, _ channel: ChannelID) -> UInt64 {
        UInt64(connection.rawValue) << 32 | UInt64(channel.rawValue)
    }

    public var subscriptionCount: Int { positions.count }

    public var storedEntryCount: Int {
        positions.count + members.reduce(0) { $0 + $1.count } + channelsOf.reduce(0) { $0 + $1.count }
    }

    public mutating func subscribe(_ connection: ConnectionID, to channel: ChannelID) -> Bool {
        let key = Self.key(connection, channel)
        guard positions[key] == nil else { return false }
        if channel.index >= members.count {
            members.append(contentsOf: repeatElement([], count: channel.index + 1 - members.count))
        }
        if connection.index >= channelsOf.count {
            channelsOf.append(contentsOf: repeatElement([], count: connection.index + 1 - channelsOf.count))
        }
        positions[key] = Position(
            inChannel: UInt32(members[channel.index].count),
            inConnection: UInt32(channelsOf[connection.index].count)
        )
        members[channel.index].append(connection)
        channelsOf[connection.index].append(channel)
        return true
    }

    public mutating func unsubscribe(_ connection: ConnectionID, from channel: ChannelID) -> Bool {
        guard let position = positions.removeValue(forKey: Self.key(connection, channel)) else { return false }
        removeMember(of: channel, at: Int(position.inChannel))
        removeChannel(of: connection, at: Int(position.inConnection))
        return true
    }

    public mutating func removeAll(of connection: ConnectionID) -> Int {
        guard connection.index < channelsOf.count else { return 0 }
        let channels = channelsOf[connection.index]
        channelsOf[connection.index] = []
        for channel in channels {
            let position = positions.removeValue(forKey: Self.key(connection, channel))!
            removeMember(of: channel, at: Int(position.inChannel))
        }
        return channels.count
    }

    @inlinable
    public func appendSubscribers(of channel: ChannelID, to buffer: inout [ConnectionID]) {
        guard channel.index < members.count else { return }
        buffer.append(contentsOf: members[channel.index])
    }

    /// Hands over the channel's own subscriber array: nothing is copied.
    @inlinable
    public func withSubscribers<Result>(
        of channel: ChannelID,
        scratch: inout [ConnectionID],
        _ body: (UnsafeBufferPointer<ConnectionID>) throws -> Result
    ) rethrows -> Result {
        guard channel.index < members.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try members[channel.index].withUnsafeBufferPointer(body)
    }

    public func isSubscribed(_ connection: ConnectionID, to channel: ChannelID) -> Bool {
        positions[Self.key(connection, channel)] != nil
    }

    /// Swap-removes entry `index` of `channel`'s subscribers and fixes the moved entry's position.
    private mutating func removeMember(of channel: ChannelID, at index: Int) {
        let moved = members[channel.index].removeLast()
        if index < members[channel.index].count {
            members[channel.index][index] = moved
            positions[Self.key(moved, channel)]!.inChannel = UInt32(index)
        } else if members[channel.index].isEmpty {
            members[channel.index] = []
        }
    }

    /// Swap-removes entry `index` of `connection`'s channels and fixes the moved entry's position.
    private mutating func removeChannel(of connection: ConnectionID, at index: Int) {
        let moved = channelsOf[connection.index].removeLast()
        if index < channelsOf[connection.index].count {
            channelsOf[connection.index][index] = moved
            positions[Self.key(connection, moved)]!.inConnection = UInt32(index)
        } else if channelsOf[connection.index].isEmpty {
            channelsOf[connection.index] = []
        }
    }

    /// Whether both directions and the position map describe the same subscriptions.
    public func checkInvariants() -> Bool {
        var seen = 0
        for (channelIndex, subscribers) in members.enumerated() {
            for (index, connection) in subscribers.enumerated() {
                let channel = ChannelID(rawValue: UInt32(channelIndex))
                guard let position = positions[Self.key(connection, channel)], position.inChannel == index,
                    channelsOf[connection.index][Int(position.inConnection)] == channel
                else { return false }
                seen += 1
            }
        }
        let reverse = channelsOf.reduce(0) { $0 + $1.count }
        return seen == positions.count && reverse == positions.count
    }

    /// Outer arrays and per-connection / per-channel array headers, plus 4 bytes per entry in each
    /// direction and the position map's buckets (16 bytes each) as subscription bytes.
    public var memory: LookupMemory {
        var memory = LookupMemory()
        memory.connectionBytes =
            MemoryLayout<[[ChannelID]]>.size
            + LayoutEstimate.arrayHeapBytes(capacity: channelsOf.capacity, of: [ChannelID].self)
        memory.channelBytes =
            MemoryLayout<[[ConnectionID]]>.size
            + LayoutEstimate.arrayHeapBytes(capacity: members.capacity, of: [ConnectionID].self)
        for channels in channelsOf where channels.capacity > 0 {
            memory.connectionBytes += LayoutEstimate.arrayHeaderBytes
            memory.subscriptionBytes += channels.capacity * MemoryLayout<ChannelID>.stride
        }
        for subscribers in members where subscribers.capacity > 0 {
            memory.channelBytes += LayoutEstimate.arrayHeaderBytes
            memory.subscriptionBytes += subscribers.capacity * MemoryLayout<ConnectionID>.stride
        }
        memory.subscriptionBytes +=
            MemoryLayout<[UInt64: Position]>.size
            + LayoutEstimate.dictionaryHeapBytes(capacity: positions.capacity, of: UInt64.self, Position.self)
        return memory
    }
}
