/// A connection's small integer identity, handed out by ``ChannelHub/connect()``.
///
/// Ids are dense (0, 1, 2, …) so lookups can index arrays by them. An id is valid from `connect()`
/// until `disconnect(_:)`; after that the hub may hand the same number to a later connection, as an
/// operating system reuses file descriptors.
public struct ConnectionID: RawRepresentable, Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The id as an array index.
    @inlinable public var index: Int { Int(rawValue) }

    @inlinable public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "connection \(rawValue)" }
}
