/// A value the channel engine cannot work with: a non-positive cap or rate, an empty payload, or a
/// negative elapsed time.
///
/// Its ``description`` is one line naming the parameter and what is wrong with it.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidConfiguration = "invalid configuration"
            case emptyPayload = "empty payload"
            case invalidElapsedTime = "invalid elapsed time"
        }

        private let kind: Kind

        /// A configuration value is zero, negative or not finite.
        public static let invalidConfiguration = Code(kind: .invalidConfiguration)
        /// A payload has no bytes.
        public static let emptyPayload = Code(kind: .emptyPayload)
        /// A drain was asked for a negative elapsed time.
        public static let invalidElapsedTime = Code(kind: .invalidElapsedTime)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// What is wrong, in lower case, without a trailing period (`outboxByteCap must be positive, got 0`).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
