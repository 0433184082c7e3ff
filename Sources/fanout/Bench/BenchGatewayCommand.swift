import ArgumentParser
import ChannelEngine
import FanoutInput
import Foundation
import Gateway

/// `fanout bench gateway`: a real `fanout serve` process driven over loopback by the load generator.
struct BenchGatewayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Connections held, memory per connection, broadcast latency and deliveries/s of fanout serve.",
        discussion: """
            Starts `fanout serve` as a child process (pinned to CPU 0 with taskset where there is one; \
            the load generator on CPU 1), a fresh one per measurement, and reads its RSS and CPU time \
            from /proc. Loopback, no TLS. The in-process engine figure is measured in the same run. \
            Build with -c release.
            """
    )

    @Option(help: "Receiving connections (the goal is 100000; each process needs one file descriptor per connection).")
    var connections = 19_000

    @Option(help: "Seconds of each sustained-delivery measurement.")
    var seconds = 10.0

    @Option(name: .customLong("broadcast-interval"), help: "Seconds between broadcasts in the latency measurement.")
    var broadcastInterval = 2.0

    func run() throws {
        try reportingInputErrors {
            guard (100...1_000_000).contains(connections) else {
                throw InputError(source: "--connections", keyPath: "", message: "must be 100...1000000")
            }
            guard seconds >= 1, seconds <= 600 else {
                throw InputError(source: "--seconds", keyPath: "", message: "must be 1...600")
            }
            guard broadcastInterval >= 0.05, broadcastInterval <= 60 else {
                throw InputError(source: "--broadcast-interval", keyPath: "", message: "must be 0.05...60 seconds")
            }
            #if DEBUG
            FileHandle.standardError.write(Data("note: debug build; bench a release build (-c release)\n".utf8))
            #endif
            do {
                try measure()
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(source: "bench gateway", keyPath: "", message: "\(error)")
            }
        }
    }

    private func measure() throws {
        print("fanout bench gateway: load average \(LiveMeasurements.loadAverage()) at start")
        let memory = try LiveMeasurements.memory(connections: connections, joins: 8)
        print("server pinned        \(memory.idle.pinned ? "CPU 0 (load generator on CPU 1)" : "no (taskset missing)")")
        print("open files limit     \(memory.idle.report.fileLimit.before) -> \(memory.idle.report.fileLimit.after)")
        print(
            "connections held     \(memory.idle.report.connectionsEstablished) of \(connections) (connect p99 \(f(memory.idle.report.connectTime.milliseconds(atQuantile: 0.99))) ms, \(f(memory.idle.report.connectPhaseSeconds)) s to connect all)"
        )
        print(
            "RSS per idle conn.   \(Int(memory.perConnection.rounded())) B (server RSS \(mb(memory.idle.baselineResidentBytes)) -> \(mb(memory.idle.idleResidentBytes)); goal ≤ 10 KB; kernel socket buffers not included)"
        )
        print(
            "RSS per subscription \(Int(memory.perSubscription.rounded())) B (8 more channels per connection; RSS noise is ±1 MB)"
        )
        let latency = try LiveMeasurements.broadcastLatency(
            connections: connections,
            payloadBytes: 2_048,
            intervalSeconds: broadcastInterval,
            seconds: seconds
        )
        let r = latency.report
        print(
            "2 KB broadcast       to \(r.connectionsEstablished) (\(r.connectionsFailed) failed to connect): last delivery p50 \(f(r.lastDelivery.milliseconds(atQuantile: 0.5))) ms, max \(f(Double(r.lastDelivery.maxNanoseconds) / 1e6)) ms; latency p50 \(f(r.latency.milliseconds(atQuantile: 0.5))) p99 \(f(r.latency.milliseconds(atQuantile: 0.99))) p99.9 \(f(r.latency.milliseconds(atQuantile: 0.999))) ms; \(r.broadcastsSent) broadcasts, \(r.deliveriesLost) lost"
        )
        for bytes in [2_048, 64] {
            let run = try LiveMeasurements.throughput(connections: connections, payloadBytes: bytes, seconds: seconds)
            let t = run.report
            print(
                "sustained \(bytes == 64 ? "64 B" : "2 KB")       \(Int(t.deliveriesPerSecond.rounded())) deliveries/s, server CPU \(f(run.cpuMicrosecondsPerDelivery)) µs per delivery (\(t.deliveriesReceived) deliveries, \(t.deliveriesLost) lost, \(f(run.publishCPUSeconds)) CPU s)"
            )
        }
        let payload = try Payload(byteCount: 64)
        let engineRate = try EngineMeasurements.deliveryCycle(subscribers: 100_000, payload: payload)
        print(
            "in-process engine    \(Int(engineRate.rounded())) deliveries per core-second (\(f(1e9 / engineRate)) ns each; queued and drained, no socket)"
        )
        print("load average         \(LiveMeasurements.loadAverage()) at end")
    }

    private func f(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.1f", value) }
    private func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
}
