import Architectures
import ArgumentParser
import Billing
import FanoutInput
import Foundation
import Planning
import Pricing
import Scenarios
import Templates

/// Which model files a command reads, and the common scenario overrides.
struct ModelOptions: ParsableArguments {
    @Option(
        help: "Scenario: a built-in name (seed-requirement, seed-client, aws-websocket-chat-example) or a JSON file."
    )
    var scenario = "seed-requirement"

    @Option(
        name: .customLong("architecture"),
        help: "Architecture: seed, scan, indexed, engine (self-hosted), or an architecture JSON file (default: seed)."
    )
    var architectureOption: String?

    @Option(
        help: ArgumentHelp(
            "CloudFormation template (YAML or JSON) to read as the architecture, instead of --architecture.",
            valueName: "file"
        )
    )
    var template: String?

    @Option(
        help: ArgumentHelp(
            "With --template: route keys to functions when it has no AWS::ApiGatewayV2::Route ($connect=Fn,...).",
            valueName: "routes"
        )
    )
    var routes: String?

    /// The architecture's name or file (`seed` unless given); with `--template`, the template's path.
    /// Setting it to the template's path (as sweep and breaks do with ``architectureList()``) keeps the template.
    var architecture: String {
        get { template ?? architectureOption ?? "seed" }
        set { if newValue != template { architectureOption = newValue } }
    }

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
    var hoursPerDay: String?

    @Option(
        name: .customLong("month-hours"),
        parsing: .unconditional,
        help: "Hours in the billing month (730 by default)."
    )
    var monthHours: String?

    @Option(parsing: .unconditional, help: "Topic channels that exist.")
    var channels: Int?

    @Option(parsing: .unconditional, help: "Topic channels each connection joins.")
    var joins: Int?

    @Option(
        name: .customLong("messages-per-user-day"),
        parsing: .unconditional,
        help: "Messages each user sends per day."
    )
    var messagesPerUserDay: String?

    @Option(name: .customLong("message-bytes"), parsing: .unconditional, help: "User message payload in bytes.")
    var messageBytes: Int?

    @Option(name: .customLong("broadcasts-per-minute"), parsing: .unconditional, help: "Server broadcasts per minute.")
    var broadcastsPerMinute: String?

    @Option(name: .customLong("broadcast-bytes"), parsing: .unconditional, help: "Broadcast payload in bytes.")
    var broadcastBytes: Int?

    @Option(
        name: .customLong("keepalive-seconds"),
        parsing: .unconditional,
        help: "Seconds between client keep-alive pings (0: none)."
    )
    var keepaliveSeconds: String?

    /// The scenario with overrides applied and validated; errors name the option or the file key.
    func resolvedScenario(users: Double?) throws(InputError) -> Scenario {
        var s = try Scenario.resolve(scenario)
        // A scenario file names its daily profile relative to itself, so it works from anywhere.
        if Scenario.builtIn(named: scenario) == nil, s.dailyProfile != "flat", !s.dailyProfile.hasPrefix("/") {
            s.dailyProfile =
                URL(fileURLWithPath: scenario).deletingLastPathComponent()
                .appendingPathComponent(s.dailyProfile).standardizedFileURL.path
        }
        func decimal(_ text: String?, _ flag: String) throws(InputError) -> Double? {
            try text.map { (text) throws(InputError) in try DecimalText.option(text, flag) }
        }
        func set<T>(_ value: T?, _ keyPath: WritableKeyPath<Scenario, T>) {
            if let value { s[keyPath: keyPath] = value }
        }
        set(users, \.users)
        set(try decimal(hoursPerDay, "--hours-per-day"), \.hoursConnectedPerDay)
        set(try decimal(monthHours, "--month-hours"), \.monthHours)
        set(channels, \.channels.count)
        set(joins, \.channels.joinsPerConnection)
        set(try decimal(messagesPerUserDay, "--messages-per-user-day"), \.userMessages.perUserPerDay)
        set(messageBytes, \.userMessages.sizeBytes)
        set(try decimal(broadcastsPerMinute, "--broadcasts-per-minute"), \.broadcasts.perMinute)
        set(broadcastBytes, \.broadcasts.sizeBytes)
        set(try decimal(keepaliveSeconds, "--keepalive-seconds"), \.keepalive.intervalSeconds)
        do {
            try s.validate(source: scenarioSource)
        } catch {
            throw attributed(error, users: users)
        }
        return s
    }

    /// Scenario keys and the options that override them.
    private func overrides(users: Double?) -> [String: String] {
        let given: [(Any?, String, String)] = [
            (users, "users", "--users"), (hoursPerDay, "hours_connected_per_day", "--hours-per-day"),
            (monthHours, "month_hours", "--month-hours"), (channels, "channels.count", "--channels"),
            (joins, "channels.joins_per_connection", "--joins"),
            (messagesPerUserDay, "user_messages.per_user_per_day", "--messages-per-user-day"),
            (messageBytes, "user_messages.size_bytes", "--message-bytes"),
            (broadcastsPerMinute, "broadcasts.per_minute", "--broadcasts-per-minute"),
            (broadcastBytes, "broadcasts.size_bytes", "--broadcast-bytes"),
            (keepaliveSeconds, "keepalive.interval_seconds", "--keepalive-seconds"),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { value, key, flag in value.map { _ in (key, flag) } })
    }

    /// Keys a scenario rule compares with the key it reports (`joins_per_connection` cannot exceed `count`).
    private static let comparedKeys: [String: [String]] = [
        "channels.joins_per_connection": ["channels.count"],
        "user_messages.recipients": ["users", "hours_connected_per_day"],
        "user_messages.target": ["channels.joins_per_connection"],
        "broadcasts.target": ["channels.joins_per_connection"],
        "user_messages.per_user_per_day": ["users", "hours_connected_per_day"],
    ]

    /// A scenario error blamed on the option that set the value, or that set the value a rule
    /// compared it with (`--channels 0` against the scenario's two joins); otherwise unchanged.
    func attributed(_ error: InputError, users: Double?) -> InputError {
        guard error.source == scenarioSource else { return error }
        let flags = overrides(users: users)
        if let flag = flags[error.keyPath] { return InputError(source: flag, keyPath: "", message: error.message) }
        if let other = Self.comparedKeys[error.keyPath]?.first(where: { flags[$0] != nil }), let flag = flags[other] {
            return InputError(
                source: flag,
                keyPath: "",
                message: "\(error.keyPath) \(error.message) (\(scenarioSource))"
            )
        }
        return error
    }

    /// How errors name the scenario: its file, or `scenario NAME` for a built-in.
    var scenarioSource: String {
        Scenario.builtIn(named: scenario) != nil ? "scenario \(scenario)" : scenario
    }

    /// `--architecture a,b,c` as names (a command that takes a list), none empty.
    func architectureList() throws(InputError) -> [String] {
        if let template {
            try rejectBothArchitectureAndTemplate()
            return [template]
        }
        let names = architecture.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !names.contains(where: \.isEmpty) else {
            throw InputError(source: "--architecture", keyPath: "", message: "an empty name in the list")
        }
        return names
    }

    /// The serverless design or the self-hosted deployment `--architecture` names.
    func resolvedArchitecture() throws(InputError) -> Architecture {
        if let template {
            try rejectBothArchitectureAndTemplate()
            let routeMap = try routes.map { (text) throws(InputError) in try TemplateArchitecture.parseRoutes(text) }
            let derived = try TemplateArchitecture.read(path: template, routes: routeMap)
            _ = try CFNLint.check(path: template)
            return .serverless(derived.definition)
        }
        if routes != nil {
            throw InputError(source: "--routes", keyPath: "", message: "needs --template (it maps a template's routes)")
        }
        if architecture == "engine" { return .selfHosted(.builtIn) }
        if architecture.hasSuffix(".json"), let data = try? ModelFile.read(path: architecture),
            String(decoding: data, as: UTF8.self).contains("\"instance_type\"")
        {
            return .selfHosted(try EngineDeployment.load(path: architecture))
        }
        return .serverless(try ArchitectureDefinition.resolve(architecture))
    }

    /// `--architecture` and `--template` both name the architecture: one of them, not both.
    private func rejectBothArchitectureAndTemplate() throws(InputError) {
        guard let architectureOption, let template, architectureOption != template else { return }
        throw InputError(
            source: "--template",
            keyPath: "",
            message: "give --architecture or --template, not both (--architecture \(architectureOption))"
        )
    }

    /// Refuses model files that would have no effect on this run, rather than ignore them:
    /// `--calibration` outside `bill --architecture engine` (simulate measures the engine itself),
    /// `--latency` and `--quotas` on the engine (they describe Lambda and AWS quotas).
    func rejectUnused(on architecture: Architecture, simulating: Bool) throws(InputError) {
        if calibration != nil {
            if simulating {
                throw InputError(
                    source: "--calibration",
                    keyPath: "",
                    message:
                        "has no effect on simulate (the engine replay measures the engine itself); use it with bill"
                )
            }
            if case .serverless = architecture {
                throw InputError(
                    source: "--calibration",
                    keyPath: "",
                    message: "has no effect on a serverless architecture (it sizes --architecture engine)"
                )
            }
        }
        guard case .selfHosted = architecture else { return }
        for (option, value) in [("--latency", latency), ("--quotas", quotas)] where value != nil {
            throw InputError(
                source: option,
                keyPath: "",
                message: "has no effect on the engine architecture (it describes Lambda and AWS quotas)"
            )
        }
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

extension ModelOptions {
    /// `bill --format infracost-usage`: the one bill's usage as Infracost's usage file, keyed by the
    /// template's logical ids with `--template`, else by ``InfracostUsage/Addresses/defaults``.
    func infracostUsageText(bills: [Bill], inputs: PlanningInputs) throws(InputError) -> String {
        let design: ArchitectureDefinition?
        if case .serverless(let serverless) = inputs.architecture { design = serverless } else { design = nil }
        try InfracostUsage.check(bills: bills.count, serverless: design != nil)
        guard let design else { return "" }
        var addresses = InfracostUsage.Addresses.defaults
        if let template {
            let routeMap = try routes.map { (text) throws(InputError) in try TemplateArchitecture.parseRoutes(text) }
            addresses = try TemplateArchitecture.read(path: template, routes: routeMap).infracostAddresses
        }
        return InfracostUsage.text(bills[0], design: design, addresses: addresses)
    }
}
