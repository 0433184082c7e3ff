/// A channel's small integer identity, handed out by ``ChannelHub/makeChannel()`` or
/// ``ChannelHub/channel(named:)``.
///
/// Ids are dense (0, 1, 2, …) so lookups can index arrays by them; channels are never removed.
public struct ChannelID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The id as an array index.
    @inlinable public var index: Int { Int(rawValue) }

    @inlinable public static func < (lhs: ChannelID, rhs: ChannelID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "channel \(rawValue)" }
}
