import Architectures
import Billing
import Crypto
public import Foundation
import Pricing
import Scenarios
public import Simulator

/// One run to execute and store: what it computes from (the scenario after overrides, the
/// stack, the model files, the billing switches) and how (a bill, or a simulation of so many
/// days, replications and seed).
///
/// Its ``configurationHash`` is the SHA-256 of ``canonicalJSON()``: two specs with the same hash
/// compute the same figures, so a store keeps one run per hash.
public struct RunSpec: Sendable, Equatable {
    /// How a run computes its figures.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// The analytic steady-state bill (`fanout bill`).
        case bill
        /// The event-level month (`fanout simulate`).
        case simulate
    }

    /// A bill or a simulation.
    public var mode: Mode
    /// The scenario (with its user count), the stack, the model files and the billing switches.
    public var inputs: PlanningInputs
    /// Simulated days (simulate only; 0 for a bill).
    public var days: Double
    /// Independent replications (simulate only; 1 for a bill).
    public var replications: Int
    /// Seed of the first replication (simulate only; 0 for a bill).
    public var seed: UInt64
    /// How the serverless simulation represents retrying clients (simulate only).
    public var reconnects: ReconnectModel

    /// A bill of `inputs`; days, replications and seed take their bill values.
    public static func bill(_ inputs: PlanningInputs) -> RunSpec {
        RunSpec(mode: .bill, inputs: inputs, days: 0, replications: 1, seed: 0, reconnects: .events)
    }

    /// A simulation of `inputs` over `days`, `replications` runs from `seed`, retries represented
    /// as `reconnects` says.
    public static func simulate(
        _ inputs: PlanningInputs,
        days: Double,
        replications: Int,
        seed: UInt64,
        reconnects: ReconnectModel = .events
    ) -> RunSpec {
        RunSpec(
            mode: .simulate,
            inputs: inputs,
            days: days,
            replications: replications,
            seed: seed,
            reconnects: reconnects
        )
    }

    private init(
        mode: Mode,
        inputs: PlanningInputs,
        days: Double,
        replications: Int,
        seed: UInt64,
        reconnects: ReconnectModel
    ) {
        self.mode = mode
        self.inputs = inputs
        self.days = days
        self.replications = replications
        self.seed = seed
        self.reconnects = reconnects
    }

    /// The run's user count (the scenario's).
    public var users: Double { inputs.scenario.users }

    /// The configuration as JSON with sorted keys and no whitespace: every input that enters the
    /// figures, and nothing else (no paths, no times).
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(Canonical(self))
        } catch {
            preconditionFailure("a run's configuration does not encode: \(error)")
        }
    }

    /// SHA-256 of ``canonicalJSON()``, 64 lowercase hexadecimal digits.
    public var configurationHash: String { Self.sha256Hex(canonicalJSON()) }

    /// SHA-256 of `data` as 64 lowercase hexadecimal digits.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Canonical JSON of one encodable part (the scenario, the architecture, a model file).
    public static func canonicalJSON(of part: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(part)
        } catch {
            preconditionFailure("a run's part does not encode: \(error)")
        }
    }

    /// The architecture's own JSON (the serverless definition or the engine deployment).
    public var architectureJSON: Data {
        switch inputs.architecture {
        case .serverless(let design): Self.canonicalJSON(of: design)
        case .selfHosted(let deployment): Self.canonicalJSON(of: deployment)
        }
    }
}

/// The encoded form ``RunSpec/canonicalJSON()`` hashes.
private struct Canonical: Encodable {
    struct Billing: Encodable {
        var freeTier: Bool
        var dataTransferOutForWebSocket: Bool
        var connectionEventsAsMessages: Bool
        var roundConnectionMinutes: Bool

        enum CodingKeys: String, CodingKey {
            case freeTier = "free_tier"
            case dataTransferOutForWebSocket = "data_transfer_out_for_websocket"
            case connectionEventsAsMessages = "connection_events_as_messages"
            case roundConnectionMinutes = "round_connection_minutes"
        }
    }

    var mode: RunSpec.Mode
    var scenario: Scenario
    var stack: Stack
    var serverless: ArchitectureDefinition?
    var engine: EngineDeployment?
    var prices: PriceSheet
    var latency: LambdaLatencyModel
    var quotas: ServiceQuotas
    var calibration: EngineCalibration
    var billing: Billing
    var horizonDays: Double?
    var days: Double
    var replications: Int
    var seed: UInt64
    /// Present only for cohorts, so that every run stored before the option existed keeps its hash.
    var reconnects: ReconnectModel?

    init(_ spec: RunSpec) {
        mode = spec.mode
        scenario = spec.inputs.scenario
        stack = spec.inputs.stack
        switch spec.inputs.architecture {
        case .serverless(let design): serverless = design
        case .selfHosted(let deployment): engine = deployment
        }
        prices = spec.inputs.prices
        latency = spec.inputs.latency
        quotas = spec.inputs.quotas
        calibration = spec.inputs.calibration
        let options = spec.inputs.billing
        billing = Billing(
            freeTier: options.freeTier,
            dataTransferOutForWebSocket: options.dataTransferOutForWebSocket,
            connectionEventsAsMessages: options.connectionEventsAsMessages,
            roundConnectionMinutes: options.roundConnectionMinutes
        )
        horizonDays = spec.inputs.horizonDays
        days = spec.days
        replications = spec.replications
        seed = spec.seed
        reconnects = spec.reconnects == .events ? nil : spec.reconnects
    }

    enum CodingKeys: String, CodingKey {
        case mode, scenario, stack, serverless, engine, prices, latency, quotas, calibration, billing
        case horizonDays = "horizon_days"
        case days, replications, seed, reconnects
    }
}
