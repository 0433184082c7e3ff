import ArgumentParser
import FanoutInput
import Foundation
import Gateway

/// `fanout load`: a WebSocket load generator for `fanout serve`, loopback only.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Drive a gateway with real WebSocket clients on loopback and measure on the client side.",
        discussion: """
            Opens --connections clients at --rate per second, spread over --source-addresses local \
            addresses (127.0.0.1 … 127.0.0.N, each with its own ephemeral port range), joins \
            --channels channels each, then one more connection publishes broadcasts of \
            --broadcast-bytes to `default` (everyone) for --duration seconds. Reports connect \
            time, publish-to-receive latency (p50/p99/p99.9), time to the last delivery of each \
            broadcast, deliveries/s and deliveries lost. Raises the open-file limit and says so.

            Example:
              fanout load --url ws://127.0.0.1:8080 --connections 20000 --channels 2 --broadcast-bytes 2048 --duration 60
            """
    )

    @Option(help: ArgumentHelp("Gateway URL (ws://127.0.0.1:PORT[/path]); loopback only.", valueName: "url"))
    var url = "ws://127.0.0.1:8080"

    @Option(help: "Receiving connections to open.")
    var connections = 1_000

    @Option(help: "Connections opened per second.")
    var rate = 2_000.0

    @Option(name: .customLong("source-addresses"), help: "Local loopback addresses to spread connections over (1-254).")
    var sourceAddresses = 4

    @Option(help: "Channels each connection joins besides default.")
    var channels = 2

    @Option(name: .customLong("broadcast-bytes"), help: "Bytes of each broadcast message.")
    var broadcastBytes = 2_048

    @Option(
        name: .customLong("broadcasts-per-minute"),
        help: "Broadcasts per minute (0: each as soon as the previous reached everyone, --window at a time)."
    )
    var broadcastsPerMinute = 60.0

    @Option(help: "Broadcasts in flight at once with --broadcasts-per-minute 0.")
    var window = 4

    @Option(help: "Seconds of publishing once every connection is in.")
    var duration = 60.0

    @Option(help: "Seconds to wait for the last deliveries.")
    var drain = 5.0

    @Option(help: ArgumentHelp("Origin header to send.", valueName: "origin"))
    var origin = "http://localhost"

    @Option(
        help: ArgumentHelp("Access token (from fanout token), sent as the token query parameter.", valueName: "token")
    )
    var token: String?

    func run() throws {
        try reportingInputErrors {
            let plan = try loadPlan()
            let report = try runBlocking { try await LoadGenerator.run(plan) }
            if report.publisherFailed {
                throw InputError(
                    source: "--url",
                    keyPath: "",
                    message:
                        "the publishing connection to \(url) failed (no server, or the handshake was refused: check --origin and --token)"
                )
            }
            FileHandle.standardError.write(
                Data(
                    "fanout load: open-file limit raised from \(report.fileLimit.before) to \(report.fileLimit.after)\n"
                        .utf8
                )
            )
            print(report.text(), terminator: "")
        }
    }

    func loadPlan() throws(InputError) -> LoadPlan {
        func fail(_ option: String, _ message: String) -> InputError {
            InputError(source: option, keyPath: "", message: message)
        }
        guard let components = URLComponents(string: url), components.scheme == "ws", let host = components.host,
            let port = components.port
        else { throw fail("--url", "'\(url)' is not ws://HOST:PORT[/path]") }
        guard host == "localhost" || host.hasPrefix("127.") else {
            throw fail("--url", "the load generator drives loopback only (got host \(host))")
        }
        var plan = LoadPlan()
        plan.host = host == "localhost" ? "127.0.0.1" : host
        plan.port = port
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        var query = components.percentEncodedQuery.map { [$0] } ?? []
        if let token {
            query.append("token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token))
        }
        if !query.isEmpty { path += "?" + query.joined(separator: "&") }
        plan.path = path
        plan.origin = origin
        guard (1...1_000_000).contains(connections) else { throw fail("--connections", "must be 1...1000000") }
        guard rate > 0, rate.isFinite else {
            throw fail("--rate", "must be a positive number of connections per second")
        }
        guard (1...254).contains(sourceAddresses) else { throw fail("--source-addresses", "must be 1...254") }
        guard (0...1_000).contains(channels) else { throw fail("--channels", "must be 0...1000") }
        guard (24...131_000).contains(broadcastBytes) else { throw fail("--broadcast-bytes", "must be 24...131000") }
        guard broadcastsPerMinute >= 0, broadcastsPerMinute.isFinite else {
            throw fail("--broadcasts-per-minute", "must be ≥ 0")
        }
        guard (1...1_000).contains(window) else { throw fail("--window", "must be 1...1000") }
        guard duration > 0, duration <= 86_400 else { throw fail("--duration", "must be 0 < seconds ≤ 86400") }
        guard drain >= 0, drain <= 600 else { throw fail("--drain", "must be 0...600 seconds") }
        plan.connections = connections
        plan.connectsPerSecond = rate
        plan.sourceAddresses = sourceAddresses
        plan.joinsPerConnection = channels
        plan.broadcastBytes = broadcastBytes
        plan.broadcastsPerMinute = broadcastsPerMinute
        plan.window = window
        plan.durationSeconds = duration
        plan.drainSeconds = drain
        return plan
    }
}
