import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Sends the WebSocket handshake request once the TCP connection is up (the upgrade handler adds
/// the `Upgrade`, `Connection` and `Sec-WebSocket-*` headers).
final class HandshakeRequest: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let host: String
    let path: String
    let origin: String

    init(host: String, path: String, origin: String) {
        self.host = host
        self.path = path
        self.origin = origin
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Origin", value: origin)
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A response that is not an upgrade (403, 401, …): the handshake failed.
        context.close(promise: nil)
    }
}

/// One load-generator connection after its upgrade: joins its channels, then timestamps every
/// broadcast it receives (the message starts with the publish time in nanoseconds and a sequence
/// number).
final class LoadClient: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let run: LoadRun
    let isPublisher: Bool
    let startedNanoseconds: UInt64
    private var context: ChannelHandlerContext?
    private var joinRepliesPending = 0
    private var text = ByteBuffer()

    init(run: LoadRun, isPublisher: Bool, startedNanoseconds: UInt64) {
        self.run = run
        self.isPublisher = isPublisher
        self.startedNanoseconds = startedNanoseconds
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        run.connected(
            self,
            channel: context.channel,
            nanoseconds: NIODeadline.now().uptimeNanoseconds - startedNanoseconds
        )
        joinRepliesPending = isPublisher ? 0 : run.plan.joinsPerConnection
        for channel in 0..<joinRepliesPending {
            send("{\"action\":\"joinchannel\",\"channel\":\"ch\(channel)\"}")
        }
        if joinRepliesPending == 0 { run.ready(self) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.context = nil
        run.lost(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            received(frame.unmaskedData)
        case .ping:
            write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
        case .connectionClose:
            write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: frame.unmaskedData))
            context.close(promise: nil)
        default:
            break
        }
    }

    private func received(_ buffer: ByteBuffer) {
        let now = NIODeadline.now().uptimeNanoseconds
        guard let first = buffer.readableBytesView.first else { return }
        if first == UInt8(ascii: "{") {
            if joinRepliesPending > 0 {
                joinRepliesPending -= 1
                if joinRepliesPending == 0 { run.ready(self) }
            }
            return
        }
        // "<publish nanoseconds>:<sequence>:…"
        var sent: UInt64 = 0
        var sequence = 0
        var field = 0
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: ":") {
                field += 1
                if field == 2 { break }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return }
            if field == 0 {
                sent = sent &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            } else {
                sequence = sequence &* 10 &+ Int(byte - UInt8(ascii: "0"))
            }
        }
        guard field == 2 else { return }
        run.delivered(sequence: sequence, latencyNanoseconds: now &- sent, at: now)
    }

    /// Sends one text frame.
    func send(_ text: String) {
        guard let context else { return }
        write(
            WebSocketFrame(
                fin: true,
                opcode: .text,
                maskKey: .random(),
                data: context.channel.allocator.buffer(string: text)
            )
        )
    }

    private func write(_ frame: WebSocketFrame) {
        context?.writeAndFlush(wrapOutboundOut(frame)).whenFailure { _ in }
    }

    /// Closes the connection.
    func close() { context?.close(promise: nil) }
}
