import Crypto
import Foundation
import NIOHTTP1

/// What the handshake checks decide before an upgrade: the `Origin` allow-list (403), then the
/// signed token from the `token` query parameter or a `Sec-WebSocket-Protocol` value
/// `token.<token>` (401).
enum HandshakeAdmission {
    /// An admitted handshake: its token (if authentication is on) and the subprotocol to echo.
    struct Admitted {
        var token: AccessToken?
        var subprotocol: String?
    }

    /// A refused handshake: the HTTP status and the reason counted in `/metrics`.
    struct Refused: Error {
        var status: HTTPResponseStatus
        var reason: String
    }

    static func check(_ head: HTTPRequestHead, configuration: GatewayConfiguration) -> Result<Admitted, Refused> {
        let origin = head.headers.first(name: "origin")
        guard configuration.allowedOrigins.contains(where: { $0.allows(origin) }) else {
            return .failure(Refused(status: .forbidden, reason: "origin"))
        }
        guard let secret = configuration.tokenSecret else { return .success(Admitted()) }
        var text = queryItem("token", in: head.uri)
        var subprotocol: String?
        if text == nil {
            let offered = head.headers[canonicalForm: "sec-websocket-protocol"].map(String.init)
            if let carrier = offered.first(where: { $0.hasPrefix("token.") }) {
                text = String(carrier.dropFirst("token.".count))
                subprotocol = carrier
            }
        }
        guard let text else { return .failure(Refused(status: .unauthorized, reason: "token_missing")) }
        switch verify(text, secret: secret) {
        case .success(let token): return .success(Admitted(token: token, subprotocol: subprotocol))
        case .failure(let rejection):
            return .failure(Refused(status: .unauthorized, reason: "token_" + rejection.rawValue))
        }
    }

    /// Verifies a token against the wall clock.
    static func verify(_ text: String, secret: SymmetricKey) -> Result<AccessToken, AccessToken.Rejection> {
        Result { () throws(AccessToken.Rejection) in
            try AccessToken.verify(text, secret: secret, nowUnixSeconds: Int(Date().timeIntervalSince1970))
        }
    }

    /// The percent-decoded value of query parameter `name` in a request target.
    static func queryItem(_ name: String, in uri: String) -> String? {
        guard let question = uri.firstIndex(of: "?") else { return nil }
        for pair in uri[uri.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0] == name {
                return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
        }
        return nil
    }

    /// The path of a request target, without its query.
    static func path(of uri: String) -> Substring { uri.split(separator: "?", maxSplits: 1).first ?? "" }
}
