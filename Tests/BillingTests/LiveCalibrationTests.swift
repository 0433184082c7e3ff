import Architectures
import Billing
import FanoutInput
import Foundation
import Scenarios
import TestSupport
import Testing

/// A calibration with a `live` block (from `fanout calibrate --live`) sizes `engine` from the
/// measured server; files without one are read and billed as before.
struct LiveCalibrationTests {
    let live = LiveCalibration(
        serverCPUMicrosecondsPerDelivery: 3,
        payloadBytes: 2_048,
        residentBytesPerIdleConnection: 10_000,
        residentBytesPerSubscription: 50,
        connectionsHeld: 19_000,
        deliveriesPerSecond: 300_000,
        loadAverage: "1.0 1.0 1.0"
    )

    func cores(_ calibration: EngineCalibration, users: Double) throws -> (cores: Double, memory: Double) {
        var s = Scenario()
        s.users = users
        s.broadcasts.perMinute = 600
        let b = try Bill.selfHosted(scenario: s, deployment: .builtIn, calibration: calibration, prices: .builtIn)
        let value = { (name: String) in b.metrics.first { $0.name == name }?.value ?? .nan }
        return (value("cpu_cores_needed"), value("memory_needed_bytes"))
    }

    @Test func liveFiguresReplaceTheAssumptions() throws {
        var calibration = EngineCalibration.builtIn
        calibration.live = live
        let measured = try cores(calibration, users: 100_000)
        let assumed = try cores(.builtIn, users: 100_000)
        // 100,000 users × 10 broadcasts/s = 1e6 deliveries/s at (3 + 1.5 TLS) µs.
        let deliveryCores = 1e6 * 4.5e-6
        #expect(measured.cores > deliveryCores && measured.cores < deliveryCores + 1)
        #expect(assumed.cores > 20)
        #expect(measured.memory == 100_000 * (10_000 + 36_864) + 100_000 * 2 * 50)
    }

    @Test func fileRoundTripsAndOldFilesStayValid() throws {
        var calibration = EngineCalibration.builtIn
        calibration.live = live
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let url = try ScratchDirectory.make("calibration").appendingPathComponent("live-calibration-test.json")
        try encoder.encode(calibration).write(to: url)
        #expect(try EngineCalibration.load(path: url.path) == calibration)
        #expect(EngineCalibration.builtIn.live == nil)
        var bad = calibration
        bad.live?.serverCPUMicrosecondsPerDelivery = -1
        #expect {
            try bad.validate(source: "cal.json")
        } throws: { error in
            (error as? InputError)?.description.hasPrefix("cal.json: live.server_cpu_us_per_delivery") == true
        }
    }
}
