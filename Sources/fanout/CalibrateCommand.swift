import Architectures
import ArgumentParser
import ChannelEngine
import FanoutInput
import Foundation
import TextOutput

/// `fanout calibrate`: measures the engine on this machine for the `engine` architecture.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure the channel engine on this machine and write a calibration file.",
        discussion: """
            The `engine` architecture sizes instances from these figures: deliveries per core-second \
            (queued and drained; index lookup, one shared payload, 100,000 subscribers), the fixed cost of a publish, \
            connect, subscribe and disconnect costs, and engine memory per connection and \
            subscription. Build with -c release. Use the file with `fanout bill --architecture engine \
            --calibration FILE`; the compiled-in default is models/calibration/default.json.
            """
    )

    @Option(help: ArgumentHelp("Describe the machine (recorded in the file).", valueName: "text"))
    var machine: String?

    @Option(
        help: ArgumentHelp(
            "Write the calibration to this file (atomically) instead of standard output.",
            valueName: "file"
        )
    )
    var output: String?

    func run() throws {
        try reportingInputErrors {
            try OutputOptions(format: "json", output: output).checkTargets()
            #if DEBUG
            FileHandle.standardError.write(Data("note: debug build; calibrate a release build (-c release)\n".utf8))
            #endif
            let calibration: EngineCalibration
            do {
                let payload = try Payload(byteCount: 64)
                let rate = try EngineMeasurements.deliveryCycle(subscribers: 100_000, payload: payload)
                let publish = try EngineMeasurements.publishNanoseconds(payload: payload)
                let churn = EngineMeasurements.churn(connections: 100_000)
                let memory = EngineMeasurements.memory(connections: 100_000)
                calibration = EngineCalibration(
                    machine: machine ?? Self.describeMachine(),
                    measuredOn: Self.today(),
                    command: "swift run -c release fanout calibrate",
                    deliveriesPerCoreSecond: rate.rounded(),
                    publishNanoseconds: publish.rounded(),
                    connectNanoseconds: churn.connect.rounded(),
                    subscribeNanoseconds: churn.subscribe.rounded(),
                    disconnectNanosecondsPerSubscription: churn.disconnectPerSubscription.rounded(),
                    bytesPerConnection: memory.perConnection.rounded(),
                    bytesPerSubscription: (memory.perSubscription * 10).rounded() / 10
                )
            } catch {
                throw InputError(source: "calibrate", keyPath: "", message: "\(error)")
            }
            try OutputOptions(format: "json", output: output).emit(stableJSON(calibration))
        }
    }

    static func describeMachine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let model =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cores)-core \(model), one core measured, release build"
    }

    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }
}
