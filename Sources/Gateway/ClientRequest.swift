import Foundation

/// One inbound text frame of the seed's protocol, routed on `action` as API Gateway routes on
/// `request.body.action`.
enum ClientRequest: Equatable {
    /// `{"action":"joinchannel","channel":"..."}`
    case join(channel: String)
    /// `{"action":"leavechannel","channel":"..."}`
    case leave(channel: String)
    /// `{"action":"sendmessage","channel":"...","message":"..."}`; the channel defaults to `default`.
    case send(channel: String, message: String)

    /// Why a frame is not a request; the error frame's `error` field and the metric's `reason` label.
    enum Problem: String, Error, CaseIterable {
        case malformedJSON = "malformed_json"
        case unknownAction = "unknown_action"
        case missingChannel = "missing_channel"
        case invalidChannel = "invalid_channel"
        case invalidMessage = "invalid_message"
        case channelNotAllowed = "channel_not_allowed"
        case tooManyChannels = "too_many_channels"
        case notInChannel = "not_in_channel"
        case binaryFrame = "binary_frame"
    }

    /// Parses one text frame.
    static func parse(_ bytes: some Collection<UInt8>, isValidChannel: (String) -> Bool) -> Result<Self, Problem> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return .failure(.malformedJSON)
        }
        guard let action = object["action"] as? String else { return .failure(.unknownAction) }
        let channel = object["channel"]
        func channelName(default fallback: String?) -> Result<String, Problem> {
            guard let channel else { return fallback.map { .success($0) } ?? .failure(.missingChannel) }
            guard let name = channel as? String else { return .failure(.invalidChannel) }
            return isValidChannel(name) ? .success(name) : .failure(.invalidChannel)
        }
        switch action {
        case "joinchannel": return channelName(default: nil).map { .join(channel: $0) }
        case "leavechannel": return channelName(default: nil).map { .leave(channel: $0) }
        case "sendmessage":
            guard let message = object["message"] as? String, !message.isEmpty else {
                return .failure(.invalidMessage)
            }
            return channelName(default: GatewayConfiguration.defaultChannel).map {
                .send(channel: $0, message: message)
            }
        default: return .failure(.unknownAction)
        }
    }
}

/// JSON text the server sends: join and leave replies and error frames.
enum ServerReply {
    /// The seed's JoinChannelHandler reply: `{"channel":"...","connectionId":"..."}`.
    static func joined(channel: String, connectionID: String) -> String {
        "{\"channel\":\(quoted(channel)),\"connectionId\":\(quoted(connectionID))}"
    }

    /// `{"channel":"...","left":true}`.
    static func left(channel: String) -> String { "{\"channel\":\(quoted(channel)),\"left\":true}" }

    /// `{"error":"reason","message":"..."}`; the connection stays up.
    static func error(_ problem: ClientRequest.Problem, _ message: String) -> String {
        "{\"error\":\(quoted(problem.rawValue)),\"message\":\(quoted(message))}"
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
