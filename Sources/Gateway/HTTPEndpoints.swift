import ChannelEngine
import NIOCore
import NIOHTTP1

/// The plain HTTP side of the gateway: `/healthz`, `/metrics`, the authenticated server-side
/// publish (`POST /publish?channel=NAME`, body = the message, `Authorization: Bearer <token>` whose
/// token may publish), and the status of a refused WebSocket handshake (403 bad origin, 401 bad
/// token, 429 too many connections for the token, 503 shutting down).
final class HTTPEndpoints: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: GatewayCore
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false

    init(core: GatewayCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = context.channel.allocator.buffer(capacity: 0)
            bodyTooLarge = false
        case .body(var chunk):
            if (body?.readableBytes ?? 0) + chunk.readableBytes > core.configuration.maxMessageBytes {
                bodyTooLarge = true
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, body: body ?? ByteBuffer(), context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        let path = HandshakeAdmission.path(of: head.uri)
        if head.headers[canonicalForm: "upgrade"].contains(where: { $0.lowercased() == "websocket" }) {
            return refuseUpgrade(head, context: context)
        }
        switch (head.method, path) {
        case (.GET, "/healthz"):
            if core.isShuttingDown { return send(.serviceUnavailable, "shutting down\n", context: context) }
            send(.ok, "ok\n", context: context)
        case (.GET, "/metrics"):
            send(.ok, core.metricsText(), contentType: "text/plain; version=0.0.4", context: context)
        case (.POST, "/publish"):
            publish(head, body: body, context: context)
        default:
            send(.notFound, "not found\n", context: context)
        }
    }

    private func refuseUpgrade(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let refusal: HandshakeAdmission.Refused
        switch HandshakeAdmission.check(head, configuration: core.configuration) {
        case .failure(let refused): refusal = refused
        case .success(let admitted):
            if core.isShuttingDown {
                refusal = .init(status: .serviceUnavailable, reason: "shutting_down")
            } else if let subject = admitted.token?.subject,
                core.connections(of: subject) >= core.configuration.maxConnectionsPerSubject
            {
                refusal = .init(status: .tooManyRequests, reason: "subject_connection_cap")
            } else {
                refusal = .init(status: .badRequest, reason: "bad_handshake")
            }
        }
        core.countReject(refusal.reason)
        send(refusal.status, refusal.reason + "\n", context: context)
    }

    private func publish(_ head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        if let secret = core.configuration.tokenSecret {
            let bearer = head.headers.first(name: "authorization").flatMap { value in
                value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
            }
            guard let bearer else {
                core.countReject("publish_token_missing")
                return send(.unauthorized, "token_missing\n", context: context)
            }
            switch HandshakeAdmission.verify(bearer, secret: secret) {
            case .failure(let rejection):
                core.countReject("publish_token_" + rejection.rawValue)
                return send(.unauthorized, "token_\(rejection.rawValue)\n", context: context)
            case .success(let token) where !token.mayPublish:
                core.countReject("publish_not_allowed")
                return send(.forbidden, "token may not publish\n", context: context)
            case .success: break
            }
        }
        guard !bodyTooLarge else {
            core.countReject("publish_too_large")
            return send(
                .payloadTooLarge,
                "message over \(core.configuration.maxMessageBytes) bytes\n",
                context: context
            )
        }
        let channel = HandshakeAdmission.queryItem("channel", in: head.uri) ?? GatewayConfiguration.defaultChannel
        guard core.configuration.isValidChannelName(channel) else {
            core.countReject("publish_invalid_channel")
            return send(.badRequest, "invalid channel name\n", context: context)
        }
        guard body.readableBytes > 0 else { return send(.badRequest, "empty message\n", context: context) }
        let bytes = Array(body.readableBytesView)
        let result = core.publish(bytes, to: core.hub.channel(named: channel), excluding: nil)
        core.counters.broadcasts += 1
        core.counters.broadcastBytes += bytes.count
        core.counters.broadcastRecipients += result.recipients
        send(
            .ok,
            "{\"delivered\":\(result.delivered),\"dropped\":\(result.dropped),\"disconnected\":\(result.disconnected)}\n",
            contentType: "application/json",
            context: context
        )
    }

    private func send(
        _ status: HTTPResponseStatus,
        _ text: String,
        contentType: String = "text/plain; charset=utf-8",
        context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))))
            .whenFailure { _ in }
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))))
            .whenFailure { _ in }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
