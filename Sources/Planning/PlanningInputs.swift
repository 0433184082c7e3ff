public import Architectures
public import Billing
public import FanoutInput
public import Pricing
public import Scenarios

/// Everything one bill is computed from: the scenario, the stack, the model files and the
/// billing switches, as the command line resolved them.
///
/// A run, a sweep or a sensitivity study varies these and bills each variant; nothing else
/// enters the figures.
public struct PlanningInputs: Sendable, Equatable {
    /// The stack being planned: a serverless design or the self-hosted engine.
    public enum Architecture: Sendable, Equatable {
        case serverless(ArchitectureDefinition)
        case selfHosted(EngineDeployment)
    }

    public var scenario: Scenario
    public var architecture: Architecture
    public var prices: PriceSheet
    /// Lambda duration assumptions (serverless only).
    public var latency: LambdaLatencyModel
    /// AWS service quotas (serverless only).
    public var quotas: ServiceQuotas
    /// The engine's measured costs (self-hosted only).
    public var calibration: EngineCalibration
    public var billing: BillingOptions
    /// Days over which a table without a steady state is billed (`bill --horizon-days`); `nil`: the month.
    public var horizonDays: Double?

    /// Inputs from resolved model files; the defaults are the compiled-in ones.
    public init(
        scenario: Scenario,
        architecture: Architecture,
        prices: PriceSheet = .builtIn,
        latency: LambdaLatencyModel = .builtIn,
        quotas: ServiceQuotas = .builtIn,
        calibration: EngineCalibration = .builtIn,
        billing: BillingOptions = BillingOptions(),
        horizonDays: Double? = nil
    ) {
        self.scenario = scenario
        self.architecture = architecture
        self.prices = prices
        self.latency = latency
        self.quotas = quotas
        self.calibration = calibration
        self.billing = billing
        self.horizonDays = horizonDays
    }

    /// Which kind of stack ``architecture`` is.
    public var stack: Stack {
        switch architecture {
        case .serverless: .serverless
        case .selfHosted: .selfHosted
        }
    }

    /// The architecture's name as bills print it.
    public var architectureName: String {
        switch architecture {
        case .serverless(let design): design.name
        case .selfHosted(let deployment): deployment.name
        }
    }

    /// The analytic bill of these inputs, at `users` (the scenario's own count when `nil`).
    public func bill(users: Double? = nil) throws(InputError) -> Bill {
        var scenario = self.scenario
        if let users { scenario.users = users }
        switch architecture {
        case .serverless(let design):
            return try Bill.analytic(
                scenario: scenario,
                architecture: design,
                prices: prices,
                latency: latency,
                quotas: quotas,
                options: billing,
                horizonDays: horizonDays
            )
        case .selfHosted(let deployment):
            return try Bill.selfHosted(
                scenario: scenario,
                deployment: deployment,
                calibration: calibration,
                prices: prices,
                options: billing
            )
        }
    }

    /// Checks every part with its own validator (the scenario, the latency model, the engine
    /// deployment), as a model file holding these values would be checked.
    public func validate(source: String?) throws(InputError) {
        try scenario.validate(source: source)
        try latency.validate(source: source)
        if case .selfHosted(let deployment) = architecture { try deployment.validate(source: source) }
    }
}

/// The two kinds of stack Fanout bills.
public enum Stack: String, Sendable, Codable, CaseIterable {
    case serverless
    case selfHosted = "self_hosted"
}
