import Foundation
import Gateway
import Testing

/// The load generator against the gateway in-process: every broadcast reaches every receiver.
struct LoadGeneratorTests {
    @Test func broadcastsReachEveryReceiver() async throws {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.allowedOrigins = [try OriginPattern(parsing: "*")]
        let server = try await GatewayServer.start(configuration: configuration)
        var plan = LoadPlan()
        plan.port = server.port
        plan.connections = 50
        plan.connectsPerSecond = 1_000
        plan.sourceAddresses = 2
        plan.joinsPerConnection = 2
        plan.broadcastBytes = 256
        plan.broadcastsPerMinute = 600
        plan.durationSeconds = 0.55
        plan.drainSeconds = 5
        let report = try await LoadGenerator.run(plan)
        try await server.shutdown()
        #expect(report.connectionsEstablished == 50 && report.connectionsFailed == 0)
        #expect(report.broadcastsSent >= 5)
        #expect(report.deliveriesExpected == report.broadcastsSent * 50)
        #expect(report.deliveriesLost == 0, "\(report.text())")
        #expect(report.latency.count == report.deliveriesReceived)
    }

    @Test func histogramPercentilesWithinOnePercent() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.record(nanoseconds: UInt64(value) * 1_000) }
        let median = Double(histogram.nanoseconds(atQuantile: 0.5))
        let p99 = Double(histogram.nanoseconds(atQuantile: 0.99))
        #expect(abs(median - 5_000_000) / 5_000_000 < 0.01)
        #expect(abs(p99 - 9_900_000) / 9_900_000 < 0.01)
        #expect(histogram.nanoseconds(atQuantile: 1) == 10_000_000)
    }
}

extension LoadGeneratorTests {
    @Test func aRefusedHandshakeEndsTheRunInsteadOfWaiting() async throws {
        var configuration = GatewayConfiguration()
        configuration.port = 0
        configuration.allowedOrigins = [try OriginPattern(parsing: "https://app.example.com")]
        let server = try await GatewayServer.start(configuration: configuration)
        var plan = LoadPlan()
        plan.port = server.port
        plan.connections = 10
        plan.origin = "https://evil.example.net"
        let report = try await LoadGenerator.run(plan)
        try await server.shutdown()
        #expect(report.publisherFailed)
        #expect(report.connectionsEstablished == 0)
    }
}
