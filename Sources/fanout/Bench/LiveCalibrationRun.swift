import Architectures
import FanoutInput
import Foundation
import Gateway

/// `fanout calibrate --live`: the `live` block of a calibration, from a real `fanout serve` process
/// driven over loopback (see ``LiveMeasurements``).
enum LiveCalibrationRun {
    /// Measures memory at each count in `connectionCounts` (idle, then joined to two more channels)
    /// and CPU per delivery with sustained 2 KB broadcasts to the largest count for `seconds`.
    ///
    /// Progress lines go to standard error. A per-subscription RSS reading below
    /// `engineBytesPerSubscription` (the in-process engine's own figure) is lost in RSS noise, and
    /// that figure is used instead.
    static func measure(
        connectionCounts: [Int],
        seconds: Double,
        engineBytesPerSubscription: Double
    ) throws -> LiveCalibration {
        func note(_ text: String) { FileHandle.standardError.write(Data("calibrate --live: \(text)\n".utf8)) }
        let startLoad = LiveMeasurements.loadAverage()
        var perConnection = 0.0
        var perSubscription = 0.0
        var held = 0
        for count in connectionCounts {
            let memory = try LiveMeasurements.memory(connections: count, joins: 8)
            note(
                "\(memory.idle.report.connectionsEstablished) idle connections: \(Int(memory.perConnection.rounded())) B RSS each, \(Int(memory.perSubscription.rounded())) B per extra subscription (open-file limit \(memory.idle.report.fileLimit.after))"
            )
            perConnection = memory.perConnection
            perSubscription = memory.perSubscription
            held = max(held, memory.idle.report.connectionsEstablished, memory.joined.report.connectionsEstablished)
        }
        if perSubscription < engineBytesPerSubscription {
            note(
                "per-subscription RSS \(Int(perSubscription.rounded())) B is below RSS noise; using the engine's \(engineBytesPerSubscription) B"
            )
            perSubscription = engineBytesPerSubscription
        }
        let largest = connectionCounts.max() ?? 10_000
        let run = try LiveMeasurements.throughput(connections: largest, payloadBytes: 2_048, seconds: seconds)
        note(
            "sustained 2 KB broadcasts to \(run.report.connectionsEstablished): \(Int(run.report.deliveriesPerSecond.rounded())) deliveries/s, \(String(format: "%.3f", run.cpuMicrosecondsPerDelivery)) µs server CPU each"
        )
        guard run.cpuMicrosecondsPerDelivery.isFinite, held > 0 else {
            throw InputError(source: "calibrate --live", keyPath: "", message: "the live run delivered nothing")
        }
        return LiveCalibration(
            serverCPUMicrosecondsPerDelivery: (run.cpuMicrosecondsPerDelivery * 1_000).rounded() / 1_000,
            payloadBytes: 2_048,
            residentBytesPerIdleConnection: perConnection.rounded(),
            residentBytesPerSubscription: (perSubscription * 10).rounded() / 10,
            connectionsHeld: held,
            deliveriesPerSecond: run.report.deliveriesPerSecond.rounded(),
            loadAverage: "\(startLoad) at start, \(LiveMeasurements.loadAverage()) at end"
        )
    }

    /// `--live-connections 10000,50000,100000`.
    static func connectionCounts(_ text: String) throws(InputError) -> [Int] {
        let counts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 100 && ($0 ?? 0) <= 1_000_000 }) else {
            throw InputError(
                source: "--live-connections",
                keyPath: "",
                message: "'\(text)' is not a list of connection counts (100...1000000, comma-separated)"
            )
        }
        return counts.compactMap { $0 }
    }
}
