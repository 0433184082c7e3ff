import Crypto
import Foundation
import Gateway
import Testing

/// The gateway in-process on an ephemeral port, driven by Python's `websockets` client.
@Suite(.serialized)
struct PythonClientTests {
    static let origin = "https://app.example.com"
    static let secret = SymmetricKey(data: Data("gateway-test-secret-0123456789".utf8))

    static func token(subject: String = "alice", expiresIn seconds: Int = 3_600) -> String {
        AccessToken(subject: subject, expiresAtUnixSeconds: Int(Date().timeIntervalSince1970) + seconds)
            .signed(with: secret)
    }

    static func withServer(
        _ adjust: (inout GatewayConfiguration) throws -> Void = { _ in },
        _ body: (GatewayServer) async throws -> Void
    ) async throws {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.allowedOrigins = [try OriginPattern(parsing: origin)]
        configuration.tokenSecret = secret
        try adjust(&configuration)
        let server = try await GatewayServer.start(configuration: configuration)
        do {
            try await body(server)
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    func scenario(_ name: String, on server: GatewayServer, extra: [String] = []) throws {
        guard let python = PythonClient.interpreter() else { return }
        let run = try PythonClient.run(
            python,
            [name, "--url", "ws://127.0.0.1:\(server.port)", "--origin", Self.origin, "--token", Self.token()] + extra
        )
        #expect(run.status == 0, "\(name):\n\(run.output)")
        #expect(run.output.contains("passed"), "\(name):\n\(run.output)")
    }

    @Test("the seed client's sequence: join two channels, send \"Hello, everyone\" to one")
    func seedSequence() async throws {
        try await Self.withServer { server in
            try scenario("seed", on: server)
            let metrics = try await server.metricsText()
            #expect(metrics.contains("fanout_gateway_protocol_errors_total{reason=\"unknown_action\"} 1"))
            #expect(metrics.contains("fanout_gateway_protocol_errors_total{reason=\"malformed_json\"} 1"))
        }
    }

    @Test("a bad origin gets 403, a missing, forged or expired token 401")
    func rejections() async throws {
        try await Self.withServer { server in
            try scenario("rejections", on: server, extra: ["--expired-token", Self.token(expiresIn: -10)])
            let metrics = try await server.metricsText()
            #expect(metrics.contains("fanout_gateway_rejects_total{reason=\"origin\"} 2"))
            #expect(metrics.contains("fanout_gateway_rejects_total{reason=\"token_expired\"} 1"))
            #expect(metrics.contains("fanout_gateway_rejects_total{reason=\"token_missing\"} 1"))
        }
    }

    @Test("128 KB is accepted and one byte more closes with 1009")
    func frameCap() async throws {
        try await Self.withServer { server in
            try scenario("frame-cap", on: server)
            #expect(
                try await server.metricsText().contains(
                    "fanout_gateway_server_closes_total{reason=\"message_too_large\"} 1"
                )
            )
        }
    }

    @Test("a slow consumer is cut off at the outbox cap while the others keep receiving")
    func slowConsumer() async throws {
        try await Self.withServer({ configuration in
            configuration.engine = try .init(outboxByteCap: 64 * 1024, overflowPolicy: .disconnect)
            configuration.socketSendBufferBytes = 16 * 1024
            configuration.inboundMessagesPerSecond = 10_000
            configuration.inboundBurst = 10_000
        }) { server in
            try scenario("slow-consumer", on: server)
            #expect(
                try await server.metricsText().contains(
                    "fanout_gateway_server_closes_total{reason=\"slow_consumer\"} 1"
                )
            )
        }
    }
}
