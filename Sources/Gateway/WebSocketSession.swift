import ChannelEngine
import NIOCore
import NIOWebSocket

/// One upgraded WebSocket connection: reassembles and checks frames (RFC 6455 as NIO's decoder
/// leaves it to the application: masking, reserved bits, opcodes, fragmentation, UTF-8, close
/// codes), applies the per-connection limits, routes the seed's protocol through the
/// ``GatewayCore`` and writes the connection's engine outbox while the socket takes it.
final class WebSocketSession: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let core: GatewayCore
    /// The verified token, or `nil` when authentication is off.
    let token: AccessToken?
    /// Channels this connection is in, `default` first.
    private(set) var channels: [ChannelID] = []
    let openedNanoseconds: UInt64
    private(set) var lastInboundNanoseconds: UInt64
    private var id: ConnectionID?
    private var name = ""
    private var context: ChannelHandlerContext?
    private var limiter: InboundRateLimiter
    private var fragments: ByteBuffer?
    private var fragmentOpcode = WebSocketOpcode.text
    private var closeSent = false

    init(core: GatewayCore, token: AccessToken?) {
        self.core = core
        self.token = token
        let now = NIODeadline.now().uptimeNanoseconds
        openedNanoseconds = now
        lastInboundNanoseconds = now
        limiter = InboundRateLimiter(
            tokensPerSecond: core.configuration.inboundMessagesPerSecond,
            capacity: core.configuration.inboundBurst,
            nowNanoseconds: now
        )
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let (id, name) = core.register(self)
        self.id = id
        self.name = name
        channels = [core.defaultChannel]
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id { core.unregister(self, id: id) }
        id = nil
        self.context = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writeQueued()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // NIO's protocol error handler has already sent the close frame for decoder errors.
        if let error = error as? NIOWebSocketError {
            closeSent = true
            core.countClose(error == .invalidFrameLength ? "message_too_large" : "protocol_error")
        }
        context.close(promise: nil)
    }

    // MARK: - Frames

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        lastInboundNanoseconds = NIODeadline.now().uptimeNanoseconds
        core.counters.framesIn += 1
        core.counters.bytesIn += frame.length
        guard frame.maskKey != nil, !frame.rsv1, !frame.rsv2, !frame.rsv3 else {
            return close(code: .protocolError, reason: "protocol_error")
        }
        switch frame.opcode {
        case .ping:
            guard admitted() else { return }
            guard !closeSent else { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)))
                .whenFailure { _ in }
        case .pong:
            break
        case .connectionClose:
            receivedClose(frame, context: context)
        case .text, .binary:
            guard fragments == nil else { return close(code: .protocolError, reason: "protocol_error") }
            if frame.fin {
                message(frame.opcode, frame.unmaskedData)
            } else {
                fragmentOpcode = frame.opcode
                fragments = frame.unmaskedData
            }
        case .continuation:
            guard var buffer = fragments else { return close(code: .protocolError, reason: "protocol_error") }
            var more = frame.unmaskedData
            guard buffer.readableBytes + more.readableBytes <= core.configuration.maxMessageBytes else {
                return close(code: .messageTooLarge, reason: "message_too_large")
            }
            fragments = nil
            buffer.writeBuffer(&more)
            if frame.fin { message(fragmentOpcode, buffer) } else { fragments = buffer }
        default:
            close(code: .protocolError, reason: "protocol_error")
        }
    }

    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if closeSent {
            context.close(promise: nil)
            return
        }
        var data = frame.unmaskedData
        var reply = context.channel.allocator.buffer(capacity: 2)
        if data.readableBytes == 0 {
            reply.write(webSocketErrorCode: .normalClosure)
        } else if data.readableBytes == 1 {
            reply.write(webSocketErrorCode: .protocolError)
        } else {
            let code = data.readInteger(as: UInt16.self) ?? 0
            let validCode = (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
            if !validCode {
                reply.write(webSocketErrorCode: .protocolError)
            } else if String(validating: data.readableBytesView, as: UTF8.self) == nil {
                reply.write(webSocketErrorCode: .dataInconsistentWithMessage)
            } else {
                reply.writeInteger(code)
            }
        }
        closeSent = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reply)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    private func admitted() -> Bool {
        guard limiter.admit(nowNanoseconds: lastInboundNanoseconds) else {
            close(code: .policyViolation, reason: "rate_limit")
            return false
        }
        return true
    }

    /// A complete data message.
    private func message(_ opcode: WebSocketOpcode, _ buffer: ByteBuffer) {
        guard admitted(), !closeSent else { return }
        if opcode == .text, String(validating: buffer.readableBytesView, as: UTF8.self) == nil {
            return close(code: .dataInconsistentWithMessage, reason: "invalid_utf8")
        }
        if core.configuration.echo { return send(opcode, buffer) }
        guard opcode == .text else { return reply(error: .binaryFrame, "frames are JSON text") }
        switch ClientRequest.parse(buffer.readableBytesView, isValidChannel: core.configuration.isValidChannelName) {
        case .failure(let problem):
            reply(error: problem, Self.explanation(problem))
        case .success(let request):
            route(request)
        }
    }

    private func route(_ request: ClientRequest) {
        guard let id else { return }
        switch request {
        case .join(let channelName):
            guard token?.allows(channel: channelName) ?? true else {
                return reply(error: .channelNotAllowed, "the token does not allow channel \(channelName)")
            }
            let channel = core.hub.channel(named: channelName)
            if !channels.contains(channel) {
                guard channels.count < core.configuration.maxChannelsPerConnection else {
                    return reply(error: .tooManyChannels, "at most \(core.configuration.maxChannelsPerConnection)")
                }
                _ = core.subscribe(id, to: channel)
                channels.append(channel)
            }
            reply(ServerReply.joined(channel: channelName, connectionID: name))
        case .leave(let channelName):
            let channel = core.hub.channel(named: channelName)
            guard let index = channels.firstIndex(of: channel) else {
                return reply(error: .notInChannel, "not in channel \(channelName)")
            }
            _ = core.unsubscribe(id, from: channel)
            channels.remove(at: index)
            reply(ServerReply.left(channel: channelName))
        case .send(let channelName, let message):
            guard token?.allows(channel: channelName) ?? true else {
                return reply(error: .channelNotAllowed, "the token does not allow channel \(channelName)")
            }
            let bytes = Array(message.utf8)
            let result = core.publish(bytes, to: core.hub.channel(named: channelName), excluding: id)
            core.counters.userMessages += 1
            core.counters.userMessageBytes += bytes.count
            core.counters.userMessageRecipients += result.recipients
        }
    }

    private static func explanation(_ problem: ClientRequest.Problem) -> String {
        switch problem {
        case .malformedJSON: "frames are JSON objects"
        case .unknownAction: "action must be joinchannel, sendmessage or leavechannel"
        case .missingChannel: "channel is required"
        case .invalidChannel: "channel names are 1 or more of A-Z a-z 0-9 _ - . : within the length limit"
        case .invalidMessage: "message must be a non-empty string"
        default: problem.rawValue
        }
    }

    // MARK: - Writing

    private func reply(error problem: ClientRequest.Problem, _ message: String) {
        core.counters.protocolErrors[problem.rawValue, default: 0] += 1
        reply(ServerReply.error(problem, message))
    }

    private func reply(_ text: String) {
        guard let context else { return }
        send(.text, context.channel.allocator.buffer(string: text))
    }

    private func send(_ opcode: WebSocketOpcode, _ buffer: ByteBuffer) {
        guard let context else { return }
        core.counters.framesOut += 1
        core.counters.bytesOut += buffer.readableBytes
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: opcode, data: buffer)))
            .whenFailure { _ in }
    }

    /// Writes queued engine messages while the socket is writable (or all of them when `force`).
    func writeQueued(force: Bool = false) {
        guard let context, let id, !closeSent || force else { return }
        var written = 0
        while force || context.channel.isWritable, let payload = core.hub.takeFirst(of: id) {
            let buffer = core.buffer(for: payload, allocator: context.channel.allocator)
            core.counters.bytesOut += buffer.readableBytes
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
            written += 1
        }
        if written > 0 {
            core.counters.framesOut += written
            context.flush()
        }
    }

    /// Sends a close frame with `code` and closes the connection: at once for abuse, after the
    /// peer's close (or the grace period) otherwise.
    ///
    /// - Parameters:
    ///   - detachedFromEngine: the engine has already disconnected it (slow consumer).
    ///   - flushFirst: write everything the outbox holds first (graceful shutdown).
    func close(code: WebSocketErrorCode, reason: String, detachedFromEngine: Bool = false, flushFirst: Bool = false) {
        if detachedFromEngine { id = nil }
        guard let context, !closeSent else { return }
        if flushFirst { writeQueued(force: true) }
        closeSent = true
        fragments = nil
        core.countClose(reason)
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        let channel = context.channel
        let closeFrame = context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
        )
        let grace = TimeAmount.nanoseconds(Int64(core.configuration.shutdownGraceSeconds * 1e9))
        if code == .goingAway || code == .normalClosure {
            context.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        } else if detachedFromEngine {
            channel.close(promise: nil)
        } else {
            closeFrame.whenComplete { _ in channel.close(promise: nil) }
            context.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        }
    }
}
