import Foundation

/// One entry of the `Origin` allow-list checked at the WebSocket handshake: an exact origin
/// (`https://app.example.com`), a subdomain wildcard (`https://*.example.com`), or `*` (any origin,
/// including none; for tests and non-browser clients only).
///
/// WebSocket has no CORS: a browser sends the page's `Origin` with the handshake and leaves the
/// decision to the server, so a server that does not check it accepts cross-site connections
/// carrying the user's cookies.
public struct OriginPattern: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`, or `nil` for `*`.
    public let scheme: String?
    /// The host in lower case, without a leading `*.` (`example.com`), or `nil` for `*`.
    public let host: String?
    /// Whether the host may be any subdomain of ``host`` (not the host itself).
    public let matchesSubdomains: Bool
    /// The explicit port, if the pattern names one.
    public let port: Int?

    /// Parses `text`.
    ///
    /// - Throws: ``GatewayConfigurationError`` naming `--allowed-origin` if `text` is not
    ///   `scheme://host[:port]` (scheme http or https, no path), `scheme://*.host[:port]` or `*`.
    public init(parsing text: String) throws(GatewayConfigurationError) {
        if text == "*" {
            scheme = nil
            host = nil
            matchesSubdomains = false
            port = nil
            return
        }
        func bad(_ why: String) -> GatewayConfigurationError {
            GatewayConfigurationError(
                option: "--allowed-origin",
                message:
                    "'\(text)' is not an origin pattern (\(why); expected scheme://host[:port], scheme://*.host or *)"
            )
        }
        let lower = text.lowercased()
        guard let separator = lower.range(of: "://") else { throw bad("no scheme") }
        let scheme = String(lower[..<separator.lowerBound])
        guard scheme == "http" || scheme == "https" else { throw bad("scheme must be http or https") }
        var rest = String(lower[separator.upperBound...])
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
            throw bad("an origin has no path, query or user")
        }
        var port: Int?
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(number) else {
                throw bad("bad port")
            }
            port = number
            rest = String(rest[..<colon])
        }
        var subdomains = false
        if rest.hasPrefix("*.") {
            subdomains = true
            rest.removeFirst(2)
        }
        let labels = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard !rest.isEmpty,
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            })
        else { throw bad("bad host") }
        self.scheme = scheme
        self.host = rest
        self.matchesSubdomains = subdomains
        self.port = port
    }

    /// Whether the handshake's `Origin` header value (or its absence) is allowed by this pattern.
    public func allows(_ origin: String?) -> Bool {
        guard let scheme, let host else { return true }
        guard let origin = origin?.lowercased(), let separator = origin.range(of: "://") else { return false }
        guard origin[..<separator.lowerBound] == scheme else { return false }
        var rest = Substring(origin[separator.upperBound...])
        var port = scheme == "https" ? 443 : 80
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]) else { return false }
            port = number
            rest = rest[..<colon]
        }
        guard port == (self.port ?? (scheme == "https" ? 443 : 80)) else { return false }
        if matchesSubdomains { return rest.hasSuffix("." + host) && rest.count > host.count + 1 }
        return rest == host
    }

    public var description: String {
        guard let scheme, let host else { return "*" }
        return "\(scheme)://\(matchesSubdomains ? "*." : "")\(host)\(port.map { ":\($0)" } ?? "")"
    }
}
