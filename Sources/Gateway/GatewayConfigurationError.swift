/// A gateway setting that cannot be used: one line naming the option (or file) and what is wrong.
public struct GatewayConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command-line option or file the bad value came from (`--allowed-origin`).
    public var option: String
    /// What is wrong, in lower case, without a trailing period.
    public var message: String

    /// An error naming `option`.
    public init(option: String, message: String) {
        self.option = option
        self.message = message
    }

    public var description: String { "\(option): \(message)" }
}
