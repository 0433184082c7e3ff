import ArgumentParser
import ChannelEngine
import Crypto
import FanoutInput
import Foundation
import Gateway

/// `fanout serve`: the live WebSocket gateway on the channel engine.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the seed's WebSocket protocol on the channel engine (SwiftNIO, one event loop).",
        discussion: """
            Text frames are JSON routed on `action`: joinchannel, sendmessage (to every subscriber \
            but the sender; channel `default` if none is named), leavechannel. Every connection \
            starts in `default`. Handshakes need an allowed Origin (403 otherwise) and, unless \
            --no-auth, a token from `fanout token` (401 otherwise). GET /healthz, GET /metrics \
            (Prometheus text, with a live cost meter), POST /publish?channel=NAME (Bearer token \
            minted with --publisher). SIGINT or SIGTERM shuts down gracefully (close 1001).

            Example:
              fanout serve --port 8080 --allowed-origin https://app.example.com --token-secret-file secret.key
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0: any free port, printed at start).")
    var port = 8080

    @Option(
        name: .customLong("allowed-origin"),
        help: ArgumentHelp(
            "An allowed Origin: scheme://host[:port], scheme://*.domain, or * (repeat).",
            valueName: "origin"
        )
    )
    var allowedOrigins: [String] = []

    @Option(
        name: .customLong("token-secret-file"),
        help: ArgumentHelp("File holding the token signing secret (at least 16 bytes).", valueName: "file")
    )
    var tokenSecretFile: String?

    @Flag(name: .customLong("no-auth"), help: "Accept handshakes without a token (testing only).")
    var noAuth = false

    @Option(name: .customLong("max-message-bytes"), help: "Largest frame or message (close 1009 above).")
    var maxMessageBytes = GatewayConfiguration.apiGatewayFrameBytes

    @Option(name: .customLong("max-channels-per-connection"), help: "Most channels per connection, default included.")
    var maxChannelsPerConnection = 32

    @Option(name: .customLong("max-connections-per-subject"), help: "Most open connections per token subject.")
    var maxConnectionsPerSubject = 16

    @Option(name: .customLong("rate-limit"), help: "Inbound messages per second per connection (close 1008 above).")
    var rateLimit = 50.0

    @Option(name: .customLong("rate-burst"), help: "Inbound messages a connection may send at once.")
    var rateBurst = 100.0

    @Option(name: .customLong("outbox-bytes"), help: "Engine outbox cap per connection, in bytes.")
    var outboxBytes = EngineConfiguration.defaultOutboxByteCap

    @Option(help: ArgumentHelp("At a full outbox: disconnect, drop-newest or drop-oldest.", valueName: "policy"))
    var overflow = "disconnect"

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Close after this long without a frame (0: never).", valueName: "duration")
    )
    var idleTimeout = "10m"

    @Option(
        name: .customLong("max-session"),
        help: ArgumentHelp("Longest connection (0: no limit).", valueName: "duration")
    )
    var maxSession = "2h"

    @Option(
        name: .customLong("send-buffer-bytes"),
        help: "Kernel send buffer per connection (SO_SNDBUF; default: the system's autotuning)."
    )
    var sendBufferBytes: Int?

    @Flag(help: "Echo every data message instead of routing it (conformance testing only).")
    var echo = false

    func run() throws {
        try reportingInputErrors {
            let configuration = try gatewayConfiguration()
            let files = FileDescriptorLimit.raise(toAtLeast: 262_144)
            let server: GatewayServer
            do {
                server = try runBlocking { try await GatewayServer.start(configuration: configuration) }
            } catch let error as GatewayConfigurationError {
                throw InputError(source: error.option, keyPath: "", message: error.message)
            }
            let auth = configuration.tokenSecret == nil ? "off (--no-auth)" : "HMAC-SHA256 tokens"
            let origins = configuration.allowedOrigins.map(\.description).joined(separator: ", ")
            FileHandle.standardError.write(
                Data(
                    "fanout serve: listening on ws://\(configuration.host):\(server.port) (origins: \(origins); auth: \(auth); open-file limit \(files.before) -> \(files.after))\n"
                        .utf8
                )
            )
            Self.waitForTerminationSignal()
            FileHandle.standardError.write(Data("fanout serve: shutting down (close 1001)\n".utf8))
            try runBlocking { try await server.shutdown() }
        }
    }

    /// The options as a checked configuration; errors name the option.
    func gatewayConfiguration() throws(InputError) -> GatewayConfiguration {
        func wrap<T>(_ body: () throws(GatewayConfigurationError) -> T) throws(InputError) -> T {
            do { return try body() } catch {
                throw InputError(source: error.option, keyPath: "", message: error.message)
            }
        }
        var c = GatewayConfiguration()
        c.host = host
        c.port = port
        guard !allowedOrigins.isEmpty else {
            throw InputError(
                source: "--allowed-origin",
                keyPath: "",
                message: "name at least one origin (or * to allow any)"
            )
        }
        c.allowedOrigins = try wrap { () throws(GatewayConfigurationError) in
            try allowedOrigins.map { (text) throws(GatewayConfigurationError) in try OriginPattern(parsing: text) }
        }
        switch (tokenSecretFile, noAuth) {
        case (let path?, false):
            c.tokenSecret = try wrap { () throws(GatewayConfigurationError) in
                try SymmetricKey.fromSecretFile(path, option: "--token-secret-file")
            }
        case (nil, true): c.tokenSecret = nil
        case (_?, true):
            throw InputError(source: "--no-auth", keyPath: "", message: "cannot be combined with --token-secret-file")
        case (nil, false):
            throw InputError(
                source: "--token-secret-file",
                keyPath: "",
                message: "is required (or --no-auth to accept handshakes without a token)"
            )
        }
        c.maxMessageBytes = maxMessageBytes
        c.maxChannelsPerConnection = maxChannelsPerConnection
        c.maxConnectionsPerSubject = maxConnectionsPerSubject
        c.inboundMessagesPerSecond = rateLimit
        c.inboundBurst = rateBurst
        let policies: [String: EngineConfiguration.OverflowPolicy] = [
            "disconnect": .disconnect, "drop-newest": .dropNewest, "drop-oldest": .dropOldest,
        ]
        guard let policy = policies[overflow] else {
            throw InputError(
                source: "--overflow",
                keyPath: "",
                message: "'\(overflow)' is not a policy (disconnect, drop-newest, drop-oldest)"
            )
        }
        do {
            c.engine = try EngineConfiguration(outboxByteCap: outboxBytes, overflowPolicy: policy)
        } catch {
            throw InputError(source: "--outbox-bytes", keyPath: "", message: "must be positive (got \(outboxBytes))")
        }
        c.idleTimeoutSeconds = try Durations.seconds(idleTimeout, option: "--idle-timeout")
        c.maxSessionSeconds = try Durations.seconds(maxSession, option: "--max-session")
        c.socketSendBufferBytes = sendBufferBytes
        c.echo = echo
        try wrap { () throws(GatewayConfigurationError) in try c.validate() }
        return c
    }

    /// Blocks until SIGINT or SIGTERM.
    static func waitForTerminationSignal() {
        let semaphore = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { semaphore.signal() }
            source.resume()
            sources.append(source)
        }
        semaphore.wait()
        sources.forEach { $0.cancel() }
    }
}
