import Architectures
import Billing
import Pricing
import Scenarios

/// The traffic a gateway has seen, as time averages and per-message means: what the cost meter
/// turns into a scenario.
public struct MeasuredTraffic: Sendable, Equatable {
    /// Seconds the gateway has been up.
    public var seconds: Double
    /// Mean connections open over that time.
    public var meanConnections: Double
    /// Mean subscriptions per connection (`default` included).
    public var meanSubscriptionsPerConnection: Double
    /// Distinct channels joined so far, `default` included.
    public var channels: Int
    /// `sendmessage` requests per connection per day.
    public var userMessagesPerConnectionDay: Double
    /// Mean deliveries per `sendmessage` (its recipients, the sender excluded).
    public var recipientsPerUserMessage: Double
    /// Mean `message` bytes of a `sendmessage`.
    public var userMessageBytes: Double
    /// Server-side publishes (`POST /publish`) per minute.
    public var broadcastsPerMinute: Double
    /// Mean bytes of a server-side publish.
    public var broadcastBytes: Double

    /// The measured figures, as ``GatewayServer/measuredTraffic()`` reports them.
    public init(
        seconds: Double,
        meanConnections: Double,
        meanSubscriptionsPerConnection: Double,
        channels: Int,
        userMessagesPerConnectionDay: Double,
        recipientsPerUserMessage: Double,
        userMessageBytes: Double,
        broadcastsPerMinute: Double,
        broadcastBytes: Double
    ) {
        self.seconds = seconds
        self.meanConnections = meanConnections
        self.meanSubscriptionsPerConnection = meanSubscriptionsPerConnection
        self.channels = channels
        self.userMessagesPerConnectionDay = userMessagesPerConnectionDay
        self.recipientsPerUserMessage = recipientsPerUserMessage
        self.userMessageBytes = userMessageBytes
        self.broadcastsPerMinute = broadcastsPerMinute
        self.broadcastBytes = broadcastBytes
    }

    /// The `seed-requirement` scenario with the measured rates in place of its own: users always
    /// connected (as the gateway's connections were), joins, user messages with their measured
    /// recipients, and broadcasts to everyone.
    ///
    /// - Returns: `nil` before there is a whole connection on average, or if the rates fall outside
    ///   the ranges a scenario accepts.
    public func scenario() -> Scenario? {
        var s = (try? Scenario.resolve("seed-requirement")) ?? Scenario()
        let users = meanConnections.rounded()
        guard users >= 1, seconds > 0 else { return nil }
        s.name = "measured"
        s.users = users
        s.hoursConnectedPerDay = 24
        let joins = max(0, Int((meanSubscriptionsPerConnection - 1).rounded()))
        s.channels.joinsPerConnection = joins
        s.channels.count = max(joins, channels - 1, 1)
        s.userMessages.perUserPerDay = userMessagesPerConnectionDay
        s.userMessages.perSession = 0
        s.userMessages.recipients = min(max(0, recipientsPerUserMessage), max(0, users - 1))
        if userMessageBytes >= 1 { s.userMessages.sizeBytes = Int(userMessageBytes.rounded()) }
        s.broadcasts.perMinute = broadcastsPerMinute
        s.broadcasts.target = .everyone
        if broadcastBytes >= 1 { s.broadcasts.sizeBytes = Int(broadcastBytes.rounded()) }
        s.keepalive.intervalSeconds = 0
        guard (try? s.validate(source: "measured traffic")) != nil else { return nil }
        return s
    }
}

/// What the traffic seen so far would cost per month on `seed`, `indexed` and `engine`: the same
/// architecture definitions, price sheet and bill calls as `fanout bill`, fed with measured rates.
public enum CostMeter {
    /// The architectures priced, in the order `/metrics` lists them.
    public static let architectures = ["seed", "indexed", "engine"]

    /// Monthly USD per architecture, or an empty list when ``MeasuredTraffic/scenario()`` is `nil`.
    ///
    /// - Parameter calibration: the engine calibration `engine` is sized with (default: the
    ///   compiled-in one, as `fanout bill` uses without `--calibration`).
    public static func monthlyUSD(
        for traffic: MeasuredTraffic,
        calibration: EngineCalibration = .builtIn
    ) -> [(architecture: String, usd: Double)] {
        guard let scenario = traffic.scenario() else { return [] }
        var costs: [(architecture: String, usd: Double)] = []
        for name in architectures {
            let bill: Bill?
            if name == "engine" {
                bill = try? Bill.selfHosted(
                    scenario: scenario,
                    deployment: .builtIn,
                    calibration: calibration,
                    prices: .builtIn
                )
            } else {
                bill = (try? ArchitectureDefinition.resolve(name)).flatMap { design in
                    try? Bill.analytic(scenario: scenario, architecture: design, prices: .builtIn)
                }
            }
            if let bill, bill.totalUSD.isFinite { costs.append((name, bill.totalUSD)) }
        }
        return costs
    }
}
