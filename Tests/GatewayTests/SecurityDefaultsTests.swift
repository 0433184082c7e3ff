import Crypto
import Foundation
import Testing

@testable import Gateway

struct SecurityDefaultsTests {
    let secret = SymmetricKey(data: Data("0123456789abcdef0123456789abcdef".utf8))

    @Test func originPatterns() throws {
        let exact = try OriginPattern(parsing: "https://app.example.com")
        #expect(exact.allows("https://app.example.com"))
        #expect(exact.allows("https://APP.example.com:443"))
        #expect(!exact.allows("http://app.example.com"))
        #expect(!exact.allows("https://app.example.com.evil.net"))
        #expect(!exact.allows(nil))
        let wildcard = try OriginPattern(parsing: "https://*.example.com")
        #expect(wildcard.allows("https://a.b.example.com"))
        #expect(!wildcard.allows("https://example.com"))
        #expect(!wildcard.allows("https://badexample.com"))
        #expect(try OriginPattern(parsing: "*").allows(nil))
        for bad in [
            "app.example.com", "ftp://x.com", "https://x.com/path", "https://", "https://x.com:99999", "https://a..b",
        ] {
            #expect(throws: GatewayConfigurationError.self) { try OriginPattern(parsing: bad) }
        }
    }

    @Test func tokens() throws {
        let token = AccessToken(subject: "alice", expiresAtUnixSeconds: 2_000, channels: ["room1"], mayPublish: true)
        let text = token.signed(with: secret)
        #expect(try AccessToken.verify(text, secret: secret, nowUnixSeconds: 1_000) == token)
        #expect(throws: AccessToken.Rejection.expired) {
            try AccessToken.verify(text, secret: secret, nowUnixSeconds: 2_000)
        }
        let other = SymmetricKey(data: Data("another secret, 32 bytes long!!!".utf8))
        #expect(throws: AccessToken.Rejection.badSignature) {
            try AccessToken.verify(text, secret: other, nowUnixSeconds: 1_000)
        }
        #expect(throws: AccessToken.Rejection.malformed) {
            try AccessToken.verify("abc", secret: secret, nowUnixSeconds: 0)
        }
        // The same signature bytes with the last character's two unused bits set: not canonical.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = alphabet.firstIndex(of: text.last!)!
        #expect(last % 4 == 0, "a 32-byte signature's last character carries 4 bits")
        let respelled = String(text.dropLast()) + String(alphabet[last + 3])
        #expect(throws: AccessToken.Rejection.malformed) {
            try AccessToken.verify(respelled, secret: secret, nowUnixSeconds: 1_000)
        }
        // A signature character outside the URL-safe alphabet (standard base64's `+` and `/`,
        // padding, a non-ASCII letter) is malformed, even where plain base64 would decode it.
        let signatureStart = text.index(after: text.firstIndex(of: ".")!)
        for bad in ["+", "/", "=", "é"] {
            var spelled = text
            spelled.replaceSubrange(signatureStart...signatureStart, with: bad)
            #expect(throws: AccessToken.Rejection.malformed, "signature starting \(bad)") {
                try AccessToken.verify(spelled, secret: secret, nowUnixSeconds: 1_000)
            }
        }
        #expect(token.allows(channel: "room1") && token.allows(channel: "default") && !token.allows(channel: "room2"))
    }

    @Test func channelNamesAndRequests() {
        let configuration = GatewayConfiguration()
        #expect(configuration.isValidChannelName("room-1.a:b_c"))
        #expect(!configuration.isValidChannelName(""))
        #expect(!configuration.isValidChannelName("has space"))
        #expect(!configuration.isValidChannelName(String(repeating: "a", count: 65)))
        let valid = configuration.isValidChannelName
        #expect(
            ClientRequest.parse(Array(#"{"action":"sendmessage","message":"hi"}"#.utf8), isValidChannel: valid)
                == .success(.send(channel: "default", message: "hi"))
        )
        #expect(
            ClientRequest.parse(Array(#"{"action":"joinchannel","channel":"x y"}"#.utf8), isValidChannel: valid)
                == .failure(.invalidChannel)
        )
        #expect(ClientRequest.parse(Array("[1]".utf8), isValidChannel: valid) == .failure(.malformedJSON))
        #expect(ServerReply.quoted("a\"b\\\n\u{1}") == #""a\"b\\\n\u0001""#)
    }

    @Test func rateLimiterRefills() {
        var bucket = InboundRateLimiter(tokensPerSecond: 10, capacity: 2, nowNanoseconds: 0)
        let first = bucket.admit(nowNanoseconds: 0)
        let second = bucket.admit(nowNanoseconds: 0)
        let third = bucket.admit(nowNanoseconds: 0)
        let refilled = bucket.admit(nowNanoseconds: 100_000_000)
        #expect(first && second && !third && refilled)
    }

    @Test func badConfigurationNamesTheOption() async throws {
        var configuration = GatewayConfiguration()
        #expect(
            throws: GatewayConfigurationError(
                option: "--allowed-origin",
                message: "name at least one origin (or * to allow any)"
            )
        ) {
            try configuration.validate()
        }
        configuration.allowedOrigins = [try OriginPattern(parsing: "*")]
        configuration.port = 0
        let first = try await GatewayServer.start(configuration: configuration)
        configuration.port = first.port
        await #expect {
            _ = try await GatewayServer.start(configuration: configuration)
        } throws: { error in
            (error as? GatewayConfigurationError)?.option == "--port"
        }
        try await first.shutdown()
    }
}
