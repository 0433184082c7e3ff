/// What one drain let the clients read.
public struct DrainResult: Sendable, Equatable {
    /// Messages read completely.
    public var messages = 0
    /// Bytes read, including parts of messages still unfinished.
    public var bytes = 0

    public init(messages: Int = 0, bytes: Int = 0) {
        self.messages = messages
        self.bytes = bytes
    }
}
