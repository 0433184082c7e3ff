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

    @Flag(help: "Also measure a real fanout serve over loopback (server CPU per delivery, RSS per connection).")
    var live = false

    @Option(
        name: .customLong("live-connections"),
        help: ArgumentHelp("Idle connection counts for --live's memory readings.", valueName: "counts")
    )
    var liveConnections = "5000,10000,19000"

    @Option(name: .customLong("live-seconds"), help: "Seconds of --live's sustained-delivery run.")
    var liveSeconds = 10.0

    func run() throws {
        try reportingInputErrors {
            try OutputOptions(format: "json", output: output).checkTargets()
            let liveCounts = live ? try LiveCalibrationRun.connectionCounts(liveConnections) : []
            if live, !(liveSeconds >= 1 && liveSeconds <= 600) {
                throw InputError(source: "--live-seconds", keyPath: "", message: "must be 1...600 (got \(liveSeconds))")
            }
            #if DEBUG
            FileHandle.standardError.write(Data("note: debug build; calibrate a release build (-c release)\n".utf8))
            #endif
            var calibration: EngineCalibration
            do {
                let payload = try Payload(byteCount: 64)
                let rate = try EngineMeasurements.deliveryCycle(subscribers: 100_000, payload: payload)
                let publish = try EngineMeasurements.publishNanoseconds(payload: payload)
                let churn = EngineMeasurements.churn(connections: 100_000)
                let memory = EngineMeasurements.memory(connections: 100_000)
                calibration = EngineCalibration(
                    machine: machine ?? Self.describeMachine(),
                    measuredOn: Self.today(),
                    command: Self.invokedCommand(),
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
            if live {
                do {
                    calibration.live = try LiveCalibrationRun.measure(
                        connectionCounts: liveCounts,
                        seconds: liveSeconds,
                        engineBytesPerSubscription: calibration.bytesPerSubscription
                    )
                } catch let error as InputError {
                    throw error
                } catch {
                    throw InputError(source: "calibrate --live", keyPath: "", message: "\(error)")
                }
            }
            try OutputOptions(format: "json", output: output).emit(stableJSON(calibration))
        }
    }

    /// The command as it ran (`fanout` and its arguments, shell-quoted where needed), for the file's `command`.
    static func invokedCommand(_ arguments: [String] = CommandLine.arguments) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@%")
        let quoted = arguments.dropFirst().map { argument in
            !argument.isEmpty && argument.allSatisfy(safe.contains)
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return (["fanout"] + quoted).joined(separator: " ")
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
