import ChannelEngine
import Crypto

/// Everything `fanout serve` can set: where to listen, who may connect, and the limits that keep
/// one client from hurting the others. The defaults are the secure ones.
public struct GatewayConfiguration: Sendable {
    /// The channel every connection starts in, as the seed's ConnectHandler does.
    public static let defaultChannel = "default"
    /// API Gateway's WebSocket frame limit: 128 KB (close 1009 above it).
    public static let apiGatewayFrameBytes = 128 * 1024

    /// Address to bind (loopback by default).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (see ``GatewayServer/port``).
    public var port = 8080
    /// Origins allowed at the handshake; a handshake whose `Origin` matches none gets 403.
    public var allowedOrigins: [OriginPattern] = []
    /// Key that signs access tokens; `nil` turns authentication off (tests and conformance only).
    public var tokenSecret: SymmetricKey?
    /// Largest frame and largest reassembled message, in bytes (close 1009 above it).
    public var maxMessageBytes = GatewayConfiguration.apiGatewayFrameBytes
    /// Longest channel name, in bytes; names use `A-Z a-z 0-9 _ - . :` only.
    public var maxChannelNameBytes = 64
    /// Most channels one connection may be in, `default` included.
    public var maxChannelsPerConnection = 32
    /// Most open connections one token subject may hold.
    public var maxConnectionsPerSubject = 16
    /// Inbound messages (data frames and pings) per second one connection may send on average.
    public var inboundMessagesPerSecond = 50.0
    /// How many inbound messages may arrive at once above the average (the bucket's size).
    public var inboundBurst = 100.0
    /// Per-connection outbox cap and overflow policy of the engine (slow consumers).
    public var engine = EngineConfiguration.default
    /// Seconds without an inbound frame before the server closes the connection (0: never);
    /// API Gateway's idle timeout is 10 minutes.
    public var idleTimeoutSeconds = 600.0
    /// Seconds a connection may stay open at most (0: no limit); API Gateway's is 2 hours.
    public var maxSessionSeconds = 7_200.0
    /// Seconds graceful shutdown waits for clients to answer the 1001 close.
    public var shutdownGraceSeconds = 2.0
    /// Kernel send buffer per connection (`SO_SNDBUF`), or `nil` for the system's autotuning.
    public var socketSendBufferBytes: Int?
    /// Echo every data message back instead of routing it (conformance testing only).
    public var echo = false

    /// The secure defaults: no origin allowed until one is named, tokens required once a secret is set.
    public init() {}

    /// Whether `name` is a usable channel name under these limits.
    public func isValidChannelName(_ name: String) -> Bool {
        let bytes = name.utf8
        return !bytes.isEmpty && bytes.count <= maxChannelNameBytes
            && bytes.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."),
                    UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }

    /// Checks the limits; errors name the `fanout serve` option.
    public func validate() throws(GatewayConfigurationError) {
        func check(_ ok: Bool, _ option: String, _ message: String) throws(GatewayConfigurationError) {
            if !ok { throw GatewayConfigurationError(option: option, message: message) }
        }
        try check((0...65_535).contains(port), "--port", "must be 0...65535 (got \(port))")
        try check(!allowedOrigins.isEmpty, "--allowed-origin", "name at least one origin (or * to allow any)")
        try check(
            (2...16 * 1024 * 1024).contains(maxMessageBytes),
            "--max-message-bytes",
            "must be 2...16777216 (got \(maxMessageBytes))"
        )
        try check(
            (1...1024).contains(maxChannelNameBytes),
            "--max-channel-name-bytes",
            "must be 1...1024 (got \(maxChannelNameBytes))"
        )
        try check(
            (1...100_000).contains(maxChannelsPerConnection),
            "--max-channels-per-connection",
            "must be 1...100000 (got \(maxChannelsPerConnection))"
        )
        try check(
            (1...10_000_000).contains(maxConnectionsPerSubject),
            "--max-connections-per-subject",
            "must be 1...10000000 (got \(maxConnectionsPerSubject))"
        )
        try check(
            inboundMessagesPerSecond.isFinite && inboundMessagesPerSecond > 0,
            "--rate-limit",
            "must be a positive number of messages per second (got \(inboundMessagesPerSecond))"
        )
        try check(
            inboundBurst.isFinite && inboundBurst >= 1,
            "--rate-burst",
            "must be at least 1 (got \(inboundBurst))"
        )
        try check(
            idleTimeoutSeconds.isFinite && idleTimeoutSeconds >= 0,
            "--idle-timeout",
            "must be seconds ≥ 0 (got \(idleTimeoutSeconds))"
        )
        try check(
            maxSessionSeconds.isFinite && maxSessionSeconds >= 0,
            "--max-session",
            "must be seconds ≥ 0 (got \(maxSessionSeconds))"
        )
        if let socketSendBufferBytes {
            try check(socketSendBufferBytes >= 4096, "--send-buffer-bytes", "must be at least 4096")
        }
    }
}
