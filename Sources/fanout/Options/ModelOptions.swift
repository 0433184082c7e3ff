import Architectures
import ArgumentParser
import FanoutInput
import Foundation
import Pricing
import Scenarios

/// Which model files a command reads, and the common scenario overrides.
struct ModelOptions: ParsableArguments {
    @Option(
        help: "Scenario: a built-in name (seed-requirement, seed-client, aws-websocket-chat-example) or a JSON file."
    )
    var scenario = "seed-requirement"

    @Option(help: "Architecture: seed, scan, indexed, engine (self-hosted), or an architecture JSON file.")
    var architecture = "seed"

    @Option(
        help: ArgumentHelp(
            "Engine calibration JSON file from `fanout calibrate` (default: compiled in).",
            valueName: "file"
        )
    )
    var calibration: String?

    @Option(help: ArgumentHelp("Price sheet JSON file (default: the compiled-in us-east-1 sheet).", valueName: "file"))
    var prices: String?

    @Option(help: ArgumentHelp("Lambda latency assumptions JSON file (default: compiled in).", valueName: "file"))
    var latency: String?

    @Option(help: ArgumentHelp("Service quotas JSON file (default: compiled in).", valueName: "file"))
    var quotas: String?

    @Option(name: .customLong("hours-per-day"), parsing: .unconditional, help: "Hours each user is connected per day.")
    var hoursPerDay: Double?

    @Option(
        name: .customLong("month-hours"),
        parsing: .unconditional,
        help: "Hours in the billing month (730 by default)."
    )
    var monthHours: Double?

    @Option(parsing: .unconditional, help: "Topic channels that exist.")
    var channels: Int?

    @Option(parsing: .unconditional, help: "Topic channels each connection joins.")
    var joins: Int?

    @Option(
        name: .customLong("messages-per-user-day"),
        parsing: .unconditional,
        help: "Messages each user sends per day."
    )
    var messagesPerUserDay: Double?

    @Option(name: .customLong("message-bytes"), parsing: .unconditional, help: "User message payload in bytes.")
    var messageBytes: Int?

    @Option(name: .customLong("broadcasts-per-minute"), parsing: .unconditional, help: "Server broadcasts per minute.")
    var broadcastsPerMinute: Double?

    @Option(name: .customLong("broadcast-bytes"), parsing: .unconditional, help: "Broadcast payload in bytes.")
    var broadcastBytes: Int?

    @Option(
        name: .customLong("keepalive-seconds"),
        parsing: .unconditional,
        help: "Seconds between client keep-alive pings (0: none)."
    )
    var keepaliveSeconds: Double?

    /// The scenario with overrides applied and validated; errors name the option or the file key.
    func resolvedScenario(users: Double?) throws(InputError) -> Scenario {
        var s = try Scenario.resolve(scenario)
        var flags: [String: String] = [:]
        func set<T>(_ value: T?, _ keyPath: WritableKeyPath<Scenario, T>, _ key: String, _ flag: String) {
            guard let value else { return }
            s[keyPath: keyPath] = value
            flags[key] = flag
        }
        set(users, \.users, "users", "--users")
        set(hoursPerDay, \.hoursConnectedPerDay, "hours_connected_per_day", "--hours-per-day")
        set(monthHours, \.monthHours, "month_hours", "--month-hours")
        set(channels, \.channels.count, "channels.count", "--channels")
        set(joins, \.channels.joinsPerConnection, "channels.joins_per_connection", "--joins")
        set(
            messagesPerUserDay,
            \.userMessages.perUserPerDay,
            "user_messages.per_user_per_day",
            "--messages-per-user-day"
        )
        set(messageBytes, \.userMessages.sizeBytes, "user_messages.size_bytes", "--message-bytes")
        set(broadcastsPerMinute, \.broadcasts.perMinute, "broadcasts.per_minute", "--broadcasts-per-minute")
        set(broadcastBytes, \.broadcasts.sizeBytes, "broadcasts.size_bytes", "--broadcast-bytes")
        set(keepaliveSeconds, \.keepalive.intervalSeconds, "keepalive.interval_seconds", "--keepalive-seconds")
        let origin = scenarioSource
        do {
            try s.validate(source: origin)
        } catch {
            if let flag = flags[error.keyPath] {
                throw InputError(source: flag, keyPath: "", message: error.message)
            }
            throw error
        }
        return s
    }

    /// How errors name the scenario: its file, or `scenario NAME` for a built-in.
    var scenarioSource: String {
        Scenario.builtIn(named: scenario) != nil ? "scenario \(scenario)" : scenario
    }

    /// The serverless design or the self-hosted deployment `--architecture` names.
    func resolvedArchitecture() throws(InputError) -> Architecture {
        if architecture == "engine" { return .selfHosted(.builtIn) }
        if architecture.hasSuffix(".json"), let data = try? ModelFile.read(path: architecture),
            String(decoding: data, as: UTF8.self).contains("\"instance_type\"")
        {
            return .selfHosted(try EngineDeployment.load(path: architecture))
        }
        return .serverless(try ArchitectureDefinition.resolve(architecture))
    }

    func resolvedCalibration() throws(InputError) -> EngineCalibration {
        guard let calibration else { return .builtIn }
        return try EngineCalibration.load(path: calibration)
    }

    func resolvedPrices() throws(InputError) -> PriceSheet {
        guard let prices else { return .builtIn }
        return try PriceSheet.load(path: prices)
    }

    func resolvedLatency() throws(InputError) -> LambdaLatencyModel {
        guard let latency else { return .builtIn }
        return try LambdaLatencyModel.load(path: latency)
    }

    func resolvedQuotas() throws(InputError) -> ServiceQuotas {
        guard let quotas else { return .builtIn }
        return try ServiceQuotas.load(path: quotas)
    }
}

/// What `--architecture` names: a serverless design or a self-hosted deployment.
enum Architecture {
    case serverless(ArchitectureDefinition)
    case selfHosted(EngineDeployment)
}
