import Foundation
import Gateway

/// Measurements of a real `fanout serve` process driven by the load generator over loopback:
/// server memory per idle connection and per subscription, and server CPU per delivery.
enum LiveMeasurements {
    /// `fanout serve` relaxed for measurement: no token, any origin, no idle or session limit,
    /// no practical inbound rate limit (the one publisher sends back to back).
    static let serverArguments = [
        "--no-auth", "--allowed-origin", "*", "--idle-timeout", "0", "--max-session", "0",
        "--rate-limit", "1000000", "--rate-burst", "1000000",
    ]

    /// What one run of the server saw.
    struct Run {
        var report: LoadReport
        /// Server RSS before any connection, and when publishing started (every connection in, idle).
        var baselineResidentBytes: Int
        var idleResidentBytes: Int
        /// Server CPU seconds from the first publish to the end of the run.
        var publishCPUSeconds: Double
        var pinned: Bool

        /// Server CPU per received delivery, in microseconds.
        var cpuMicrosecondsPerDelivery: Double {
            report.deliveriesReceived > 0 ? publishCPUSeconds / Double(report.deliveriesReceived) * 1e6 : .nan
        }
    }

    private final class Readings: @unchecked Sendable {
        let lock = NSLock()
        var idleResident = 0
        var cpuAtPublish = 0.0
        var cpuAtFinish = 0.0
    }

    /// Starts a fresh server, runs `plan` against it, stops it.
    static func run(_ plan: LoadPlan) throws -> Run {
        let server = try LiveServerProcess(arguments: serverArguments)
        defer { server.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        let baseline = server.residentBytes
        let readings = Readings()
        var plan = plan
        plan.host = "127.0.0.1"
        plan.port = server.port
        plan.onPublishStart = {
            readings.lock.withLock {
                readings.idleResident = server.residentBytes
                readings.cpuAtPublish = server.cpuSeconds
            }
        }
        plan.onFinish = { readings.lock.withLock { readings.cpuAtFinish = server.cpuSeconds } }
        let finalPlan = plan
        let report = try runBlocking { try await LoadGenerator.run(finalPlan) }
        return readings.lock.withLock {
            Run(
                report: report,
                baselineResidentBytes: baseline,
                idleResidentBytes: readings.idleResident,
                publishCPUSeconds: readings.cpuAtFinish - readings.cpuAtPublish,
                pinned: server.pinned
            )
        }
    }

    /// Idle connections in `default` only, then the same count joined to `joins` more channels.
    ///
    /// - Returns: server RSS per idle connection and per extra subscription (bytes), and the runs.
    static func memory(connections: Int, joins: Int) throws -> (
        perConnection: Double, perSubscription: Double, idle: Run, joined: Run
    ) {
        var plan = LoadPlan()
        plan.sourceAddresses = 8
        plan.connections = connections
        plan.connectsPerSecond = 5_000
        plan.joinsPerConnection = 0
        plan.idleHoldSeconds = 2
        plan.broadcastsPerMinute = 60
        plan.durationSeconds = 0.5
        plan.drainSeconds = 2
        let idle = try run(plan)
        plan.joinsPerConnection = joins
        let joined = try run(plan)
        let perConnection =
            Double(idle.idleResidentBytes - idle.baselineResidentBytes)
            / Double(max(1, idle.report.connectionsEstablished))
        let perSubscription =
            Double(
                (joined.idleResidentBytes - joined.baselineResidentBytes)
                    - (idle.idleResidentBytes - idle.baselineResidentBytes)
            )
            / Double(max(1, joined.report.connectionsEstablished * joins))
        return (perConnection, perSubscription, idle, joined)
    }

    /// Broadcasts of `payloadBytes` to `connections` receivers, each as soon as the previous
    /// reached everyone (`window` in flight), for `seconds`.
    static func throughput(connections: Int, payloadBytes: Int, seconds: Double, window: Int = 2) throws -> Run {
        var plan = LoadPlan()
        plan.sourceAddresses = 8
        plan.connections = connections
        plan.connectsPerSecond = 5_000
        plan.joinsPerConnection = 0
        plan.idleHoldSeconds = 1
        plan.broadcastBytes = payloadBytes
        plan.broadcastsPerMinute = 0
        plan.window = window
        plan.durationSeconds = seconds
        plan.drainSeconds = 15
        return try run(plan)
    }

    /// A broadcast of `payloadBytes` to `connections` every `intervalSeconds` for `seconds`: time to
    /// the last delivery and latency when the server is not saturated.
    static func broadcastLatency(connections: Int, payloadBytes: Int, intervalSeconds: Double, seconds: Double) throws
        -> Run
    {
        var plan = LoadPlan()
        plan.sourceAddresses = 8
        plan.connections = connections
        plan.connectsPerSecond = 5_000
        plan.joinsPerConnection = 0
        plan.idleHoldSeconds = 1
        plan.broadcastBytes = payloadBytes
        plan.broadcastsPerMinute = 60 / intervalSeconds
        plan.durationSeconds = seconds
        plan.drainSeconds = 3
        return try run(plan)
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` prints them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
