import Crypto
import Foundation

/// A signed access token: `base64url(claims JSON) "." base64url(HMAC-SHA256(secret, first part))`.
///
/// Minted by `fanout token`, carried by the client in the `token` query parameter or as a
/// `Sec-WebSocket-Protocol` value `token.<token>`, and verified before the upgrade (401 otherwise).
/// The same layout as a JWT's payload and signature without its header, so the algorithm cannot be
/// chosen by the client.
public struct AccessToken: Sendable, Equatable {
    /// Who the token was issued to; the per-token connection cap counts by it.
    public var subject: String
    /// Seconds since 1970 after which the token is refused.
    public var expiresAtUnixSeconds: Int
    /// Channels the holder may join and send to, besides `default`; `nil` allows every channel.
    public var channels: [String]?
    /// Whether the holder may publish through the server-side HTTP endpoint (`POST /publish`).
    public var mayPublish: Bool

    /// The claims of a token, to be signed with ``signed(with:)``.
    public init(subject: String, expiresAtUnixSeconds: Int, channels: [String]? = nil, mayPublish: Bool = false) {
        self.subject = subject
        self.expiresAtUnixSeconds = expiresAtUnixSeconds
        self.channels = channels
        self.mayPublish = mayPublish
    }

    /// Why a token was refused.
    public enum Rejection: String, Sendable, Error, CaseIterable {
        case missing, malformed, badSignature = "bad_signature", expired
    }

    private struct Claims: Codable {
        var sub: String
        var exp: Int
        var ch: [String]?
        var pub: Bool?
    }

    /// The token text signed with `secret`.
    public func signed(with secret: SymmetricKey) -> String {
        let claims = Claims(sub: subject, exp: expiresAtUnixSeconds, ch: channels, pub: mayPublish ? true : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Self.base64URL((try? encoder.encode(claims)) ?? Data())
        let signature = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: secret)
        return body + "." + Self.base64URL(Data(signature))
    }

    /// Verifies `text` against `secret` and the clock.
    ///
    /// - Throws: ``Rejection`` if the token is malformed, its signature does not match (checked in
    ///   constant time before the claims are read), or it has expired at `nowUnixSeconds`.
    public static func verify(
        _ text: String,
        secret: SymmetricKey,
        nowUnixSeconds: Int
    ) throws(Rejection) -> AccessToken {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let signature = data(base64URL: parts[1]) else { throw .malformed }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(parts[0].utf8), using: secret)
        else { throw .badSignature }
        guard let body = data(base64URL: parts[0]), let claims = try? JSONDecoder().decode(Claims.self, from: body)
        else { throw .malformed }
        guard claims.exp > nowUnixSeconds else { throw .expired }
        return AccessToken(
            subject: claims.sub,
            expiresAtUnixSeconds: claims.exp,
            channels: claims.ch,
            mayPublish: claims.pub ?? false
        )
    }

    /// Whether the holder may join or send to `channel`.
    public func allows(channel: String) -> Bool {
        channel == GatewayConfiguration.defaultChannel || channels.map { $0.contains(channel) } ?? true
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        // Only the canonical spelling, which also refuses every character outside the URL-safe
        // alphabet (`+`, `/`, `=` included): Foundation ignores a last character's unused low
        // bits, so without this four spellings of a signature would verify (and a test that
        // alters the last characters of a token would sometimes alter nothing).
        guard let data = Data(base64Encoded: base64), base64URL(data) == text else { return nil }
        return data
    }
}

extension SymmetricKey {
    /// The key in a secret file: its bytes with one trailing line break removed.
    ///
    /// - Throws: ``GatewayConfigurationError`` naming `option` if the file cannot be read or holds
    ///   fewer than 16 bytes.
    public static func fromSecretFile(_ path: String, option: String) throws(GatewayConfigurationError) -> SymmetricKey
    {
        guard var data = FileManager.default.contents(atPath: path) else {
            throw GatewayConfigurationError(option: option, message: "cannot read secret file '\(path)'")
        }
        if data.last == 0x0A { data.removeLast() }
        if data.last == 0x0D { data.removeLast() }
        guard data.count >= 16 else {
            throw GatewayConfigurationError(
                option: option,
                message:
                    "secret file '\(path)' holds \(data.count) bytes; use at least 16 (32 random bytes recommended)"
            )
        }
        return SymmetricKey(data: data)
    }
}
