/// One published message, encoded once and shared by reference by every outbox it is queued in.
///
/// A publish to N subscribers stores N references to the same `Payload` (encode once, write N
/// times, as Centrifuge's `preparedData` and Phoenix's fastlane do); the bytes are never copied per
/// subscriber. Immutable, so it can be shared freely.
public final class Payload: Sendable {
    /// The encoded bytes, as a client would receive them.
    public let bytes: [UInt8]

    /// Wraps `bytes`.
    ///
    /// - Throws: ``EngineError`` with code ``EngineError/Code/emptyPayload`` if `bytes` is empty
    ///   (an empty message would cost no outbox bytes, so the byte cap could not bound the queue).
    public init(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw EngineError(.emptyPayload, "payload must have at least 1 byte") }
        self.bytes = bytes
    }

    /// A payload of `byteCount` copies of `byte`, for measurements where only the size matters.
    ///
    /// - Throws: ``EngineError`` if `byteCount` is zero or negative.
    public convenience init(byteCount: Int, repeating byte: UInt8 = 0x2A) throws {
        guard byteCount > 0 else {
            throw EngineError(.emptyPayload, "payload byteCount must be positive, got \(byteCount)")
        }
        try self.init([UInt8](repeating: byte, count: byteCount))
    }

    /// Size in bytes; what the payload costs in an outbox.
    @inlinable public var byteCount: Int { bytes.count }
}
