public import FanoutInput

/// What `fanout calibrate --live` measured on a real `fanout serve` process driven over loopback
/// by the load generator: the `live` block of a calibration file (optional, so older files stay valid).
public struct LiveCalibration: Codable, Sendable, Equatable {
    /// Server CPU per delivery (µs), from getrusage-style process CPU over a sustained broadcast run:
    /// the engine, WebSocket framing and the socket write together, without TLS.
    public var serverCPUMicrosecondsPerDelivery: Double
    /// Payload of the broadcasts that figure was measured with (bytes).
    public var payloadBytes: Int
    /// Server resident memory per idle connection (bytes), from RSS deltas; kernel socket buffers
    /// and TLS are not in it.
    public var residentBytesPerIdleConnection: Double
    /// Server resident memory per extra subscription (bytes).
    public var residentBytesPerSubscription: Double
    /// Most connections the server held at once in the measurement.
    public var connectionsHeld: Int
    /// Deliveries per second the server sustained at ``payloadBytes``.
    public var deliveriesPerSecond: Double
    /// The 1-, 5- and 15-minute load averages during the measurement.
    public var loadAverage: String

    /// The measured figures, as `fanout calibrate --live` writes them.
    public init(
        serverCPUMicrosecondsPerDelivery: Double,
        payloadBytes: Int,
        residentBytesPerIdleConnection: Double,
        residentBytesPerSubscription: Double,
        connectionsHeld: Int,
        deliveriesPerSecond: Double,
        loadAverage: String
    ) {
        self.serverCPUMicrosecondsPerDelivery = serverCPUMicrosecondsPerDelivery
        self.payloadBytes = payloadBytes
        self.residentBytesPerIdleConnection = residentBytesPerIdleConnection
        self.residentBytesPerSubscription = residentBytesPerSubscription
        self.connectionsHeld = connectionsHeld
        self.deliveriesPerSecond = deliveriesPerSecond
        self.loadAverage = loadAverage
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case serverCPUMicrosecondsPerDelivery = "server_cpu_us_per_delivery"
        case payloadBytes = "payload_bytes"
        case residentBytesPerIdleConnection = "rss_bytes_per_idle_connection"
        case residentBytesPerSubscription = "rss_bytes_per_subscription"
        case connectionsHeld = "connections_held"
        case deliveriesPerSecond = "deliveries_per_second"
        case loadAverage = "load_average"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverCPUMicrosecondsPerDelivery = try c.decode(Double.self, forKey: .serverCPUMicrosecondsPerDelivery)
        payloadBytes = try c.decodeWholeNumber(forKey: .payloadBytes)
        residentBytesPerIdleConnection = try c.decode(Double.self, forKey: .residentBytesPerIdleConnection)
        residentBytesPerSubscription = try c.decode(Double.self, forKey: .residentBytesPerSubscription)
        connectionsHeld = try c.decodeWholeNumber(forKey: .connectionsHeld)
        deliveriesPerSecond = try c.decode(Double.self, forKey: .deliveriesPerSecond)
        loadAverage = try c.decode(String.self, forKey: .loadAverage)
    }

    /// Checks the measured values are usable; errors name `source` and the key under `live`.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source).nested("live")
        try v.check(
            "server_cpu_us_per_delivery",
            serverCPUMicrosecondsPerDelivery,
            PhysicalRanges.microsecondsPerOperation
        )
        try v.check("payload_bytes", payloadBytes, in: 1...1_048_576, "bytes")
        try v.check("rss_bytes_per_idle_connection", residentBytesPerIdleConnection, PhysicalRanges.bytesPerConnection)
        try v.check("rss_bytes_per_subscription", residentBytesPerSubscription, PhysicalRanges.calibratedBytes)
        try v.check("connections_held", connectionsHeld, in: 1...100_000_000, "connections")
        try v.check("deliveries_per_second", deliveriesPerSecond, PhysicalRanges.deliveriesPerCoreSecond)
    }
}
