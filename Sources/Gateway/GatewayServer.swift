import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A running gateway: the seed's WebSocket protocol on the channel engine, on SwiftNIO.
///
/// One event loop serves every connection and owns the engine (the engine is single-threaded by
/// design), so the server uses one core; a load generator or a second server can use the others.
///
/// ```swift
/// var configuration = GatewayConfiguration()
/// configuration.port = 0
/// configuration.allowedOrigins = [try OriginPattern(parsing: "https://app.example.com")]
/// let server = try await GatewayServer.start(configuration: configuration)
/// print(server.port)
/// try await server.shutdown()
/// ```
public final class GatewayServer: Sendable {
    /// The port the server listens on (the one chosen when the configuration asked for 0).
    public let port: Int
    /// The settings it runs with.
    public let configuration: GatewayConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: any Channel
    private let core: NIOLoopBound<GatewayCore>

    private init(
        port: Int,
        configuration: GatewayConfiguration,
        group: MultiThreadedEventLoopGroup,
        serverChannel: any Channel,
        core: NIOLoopBound<GatewayCore>
    ) {
        self.port = port
        self.configuration = configuration
        self.group = group
        self.serverChannel = serverChannel
        self.core = core
    }

    /// Validates `configuration`, binds and starts serving.
    ///
    /// - Throws: ``GatewayConfigurationError`` naming the option for a bad setting, or naming
    ///   `--port` when the address cannot be bound (in use, not permitted).
    public static func start(configuration: GatewayConfiguration) async throws -> GatewayServer {
        try configuration.validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let core = try await loop.submit {
            NIOLoopBound(GatewayCore(configuration: configuration, eventLoop: loop), eventLoop: loop)
        }.get()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 32 * 1024, high: 64 * 1024))
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel, core: core.value)
                }
            }
        let serverChannel: any Channel
        do {
            serverChannel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await group.shutdownGracefully()
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw GatewayConfigurationError(
                option: "--port",
                message: "cannot listen on \(configuration.host):\(configuration.port) (\(reason))"
            )
        }
        _ = loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in core.value.sweep() }
        let port = serverChannel.localAddress?.port ?? configuration.port
        return GatewayServer(
            port: port,
            configuration: configuration,
            group: group,
            serverChannel: serverChannel,
            core: core
        )
    }

    private static func configure(_ channel: any Channel, core: GatewayCore) throws {
        if let bytes = core.configuration.socketSendBufferBytes {
            try channel.syncOptions?.setOption(.socketOption(.so_sndbuf), value: SocketOptionValue(bytes))
        }
        let loopCore = NIOLoopBound(core, eventLoop: channel.eventLoop)
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: core.configuration.maxMessageBytes,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let core = loopCore.value
                guard case .success(let admitted) = HandshakeAdmission.check(head, configuration: core.configuration),
                    !core.isShuttingDown,
                    admitted.token.map({
                        core.connections(of: $0.subject) < core.configuration.maxConnectionsPerSubject
                    })
                        ?? true
                else { return channel.eventLoop.makeSucceededFuture(nil) }
                var headers = HTTPHeaders()
                if let subprotocol = admitted.subprotocol {
                    headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
                }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let core = loopCore.value
                    let token = try? HandshakeAdmission.check(head, configuration: core.configuration).get().token
                    try channel.pipeline.syncOperations.addHandler(WebSocketSession(core: core, token: token))
                }
            }
        )
        let endpoints = HTTPEndpoints(core: core)
        let boundEndpoints = NIOLoopBound(endpoints, eventLoop: channel.eventLoop)
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (
                upgraders: [upgrader],
                completionHandler: { context in
                    context.pipeline.syncOperations.removeHandler(boundEndpoints.value, promise: nil)
                }
            ),
            withErrorHandling: true
        )
        try channel.pipeline.syncOperations.addHandler(endpoints)
    }

    /// `/metrics` as it would be served now.
    public func metricsText() async throws -> String {
        try await core.eventLoop.submit { [core] in core.value.metricsText() }.get()
    }

    /// Connections open now.
    public func connectionCount() async throws -> Int {
        try await core.eventLoop.submit { [core] in core.value.connectionCount }.get()
    }

    /// The traffic measured so far.
    public func measuredTraffic() async throws -> MeasuredTraffic {
        try await core.eventLoop.submit { [core] in core.value.measuredTraffic() }.get()
    }

    /// Graceful shutdown: stops accepting, writes what every outbox holds, closes every connection
    /// with 1001 (going away), waits up to the grace period for the clients, then stops the loop.
    public func shutdown() async throws {
        try? await serverChannel.close()
        try await core.eventLoop.submit { [core] in core.value.beginShutdown() }.get()
        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.shutdownGraceSeconds * 1e9) + 200_000_000)
        while NIODeadline.now() < deadline, try await connectionCount() > 0 {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        try await group.shutdownGracefully()
    }
}
