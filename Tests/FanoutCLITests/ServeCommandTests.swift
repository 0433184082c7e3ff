import Foundation
import Testing

/// `fanout serve` and `fanout token` refuse bad configuration with one line naming the option.
struct ServeCommandTests {
    let cli = BillCommandTests()

    func expectOneLineError(_ arguments: [String], naming option: String) throws {
        let run = try cli.fanout(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(run.stderr)")
        #expect(run.stderr.hasPrefix("fanout: error: \(option)"), "\(arguments): \(run.stderr)")
    }

    @Test func missingSecretFile() throws {
        try expectOneLineError(
            [
                "serve", "--port", "0", "--allowed-origin", "https://a.example", "--token-secret-file",
                "/nonexistent/key",
            ],
            naming: "--token-secret-file"
        )
        try expectOneLineError(
            ["serve", "--port", "0", "--allowed-origin", "https://a.example"],
            naming: "--token-secret-file"
        )
        try expectOneLineError(
            ["token", "--secret-file", "/nonexistent/key", "--subject", "a"],
            naming: "--secret-file"
        )
    }

    @Test func badOriginPattern() throws {
        try expectOneLineError(
            ["serve", "--port", "0", "--no-auth", "--allowed-origin", "app.example.com"],
            naming: "--allowed-origin"
        )
        try expectOneLineError(["serve", "--port", "0", "--no-auth"], naming: "--allowed-origin")
    }

    @Test func portInUse() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 1) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        try expectOneLineError(["serve", "--port", "\(port)", "--no-auth", "--allowed-origin", "*"], naming: "--port")
    }

    @Test func badTTL() throws {
        try expectOneLineError(
            ["token", "--secret-file", "/dev/null", "--subject", "a", "--ttl", "soon"],
            naming: "--ttl"
        )
    }
}
