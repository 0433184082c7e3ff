public import FanoutInput

/// The self-hosted alternative: the channel engine on EC2 instances behind a load balancer.
///
/// Sized from a measured ``EngineCalibration`` (what the engine costs per delivery, connect and
/// byte on this machine) plus named assumptions for what the engine does not do itself: TLS and
/// network writes, operating-system memory per socket (`models/architectures/engine.json`).
public struct EngineDeployment: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    /// EC2 instance type, priced from the price sheet.
    public var instanceType: String
    /// Fewest instances (two: one per Availability Zone).
    public var minimumInstances: Int
    /// Instances beyond what the load needs (N+1: one), so one failing leaves the rest within bounds.
    public var spareInstances: Int
    /// Public IPv4 addresses each instance holds (one in a public subnet, none in a private one).
    public var publicIPv4PerInstance: Int
    /// Share of CPU the sizing plans to use.
    public var targetCPUUtilization: Double
    /// Share of instance memory available to connections.
    public var usableMemoryShare: Double
    /// Most connections one instance should hold.
    public var maximumConnectionsPerInstance: Double
    /// Memory per connection outside the engine's own state: kernel socket, TLS, runtime (bytes).
    public var osBytesPerConnection: Double
    /// CPU per delivery outside the engine: WebSocket framing, TLS, the socket write (µs).
    public var networkCPUMicrosecondsPerDelivery: Double
    /// CPU an idle connection costs per second (pings, timers) (µs per connection-second).
    public var idleCPUMicrosecondsPerConnectionSecond: Double
    /// Bytes on the wire per message beyond its payload: WebSocket frame and TLS record.
    public var wireOverheadBytesPerMessage: Double
    /// Whether a Network Load Balancer fronts the instances.
    public var loadBalancer: Bool
    /// Availability Zones the internet-facing load balancer is enabled in; it holds one public
    /// IPv4 address in each.
    public var loadBalancerAvailabilityZones: Int
    /// CPU per delivery for TLS alone (µs), added to a live calibration's measured loopback figure;
    /// `nil` counts none.
    public var tlsCPUMicrosecondsPerDelivery: Double?
    /// Memory per connection a live calibration's RSS reading cannot see: TLS state and kernel
    /// socket buffers (bytes); `nil` counts none.
    public var tlsAndKernelBytesPerConnection: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description
        case instanceType = "instance_type"
        case minimumInstances = "minimum_instances"
        case spareInstances = "spare_instances"
        case publicIPv4PerInstance = "public_ipv4_per_instance"
        case targetCPUUtilization = "target_cpu_utilization"
        case usableMemoryShare = "usable_memory_share"
        case maximumConnectionsPerInstance = "maximum_connections_per_instance"
        case osBytesPerConnection = "os_bytes_per_connection"
        case networkCPUMicrosecondsPerDelivery = "network_cpu_us_per_delivery"
        case idleCPUMicrosecondsPerConnectionSecond = "idle_cpu_us_per_connection_second"
        case wireOverheadBytesPerMessage = "wire_overhead_bytes_per_message"
        case loadBalancer = "load_balancer"
        case loadBalancerAvailabilityZones = "load_balancer_availability_zones"
        case tlsCPUMicrosecondsPerDelivery = "tls_cpu_us_per_delivery"
        case tlsAndKernelBytesPerConnection = "tls_and_kernel_bytes_per_connection"
        case notes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        instanceType = try c.decode(String.self, forKey: .instanceType)
        minimumInstances = try c.decodeWholeNumber(forKey: .minimumInstances)
        spareInstances = try c.decodeWholeNumber(forKey: .spareInstances)
        publicIPv4PerInstance = try c.decodeWholeNumber(forKey: .publicIPv4PerInstance)
        targetCPUUtilization = try c.decode(Double.self, forKey: .targetCPUUtilization)
        usableMemoryShare = try c.decode(Double.self, forKey: .usableMemoryShare)
        maximumConnectionsPerInstance = try c.decode(Double.self, forKey: .maximumConnectionsPerInstance)
        osBytesPerConnection = try c.decode(Double.self, forKey: .osBytesPerConnection)
        networkCPUMicrosecondsPerDelivery = try c.decode(Double.self, forKey: .networkCPUMicrosecondsPerDelivery)
        idleCPUMicrosecondsPerConnectionSecond = try c.decode(
            Double.self,
            forKey: .idleCPUMicrosecondsPerConnectionSecond
        )
        wireOverheadBytesPerMessage = try c.decode(Double.self, forKey: .wireOverheadBytesPerMessage)
        loadBalancer = try c.decode(Bool.self, forKey: .loadBalancer)
        loadBalancerAvailabilityZones = try c.decodeWholeNumber(forKey: .loadBalancerAvailabilityZones)
        tlsCPUMicrosecondsPerDelivery = try c.decodeIfPresent(Double.self, forKey: .tlsCPUMicrosecondsPerDelivery)
        tlsAndKernelBytesPerConnection = try c.decodeIfPresent(Double.self, forKey: .tlsAndKernelBytesPerConnection)
        _ = try c.decodeIfPresent([String: String].self, forKey: .notes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(instanceType, forKey: .instanceType)
    }

    /// Checks the values; errors name `source` and the key.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        try v.check("minimum_instances", minimumInstances, PhysicalRanges.instances)
        try v.check("spare_instances", spareInstances, PhysicalRanges.spareInstances)
        try v.check("public_ipv4_per_instance", publicIPv4PerInstance, PhysicalRanges.publicIPv4PerInstance)
        try v.check(
            "load_balancer_availability_zones",
            loadBalancerAvailabilityZones,
            PhysicalRanges.availabilityZones
        )
        try v.check("target_cpu_utilization", targetCPUUtilization, PhysicalRanges.utilization)
        try v.check("usable_memory_share", usableMemoryShare, PhysicalRanges.utilization)
        try v.check(
            "maximum_connections_per_instance",
            maximumConnectionsPerInstance,
            PhysicalRanges.connectionsPerInstance
        )
        try v.check("os_bytes_per_connection", osBytesPerConnection, PhysicalRanges.bytesPerConnection)
        try v.check(
            "network_cpu_us_per_delivery",
            networkCPUMicrosecondsPerDelivery,
            PhysicalRanges.microsecondsPerOperation
        )
        try v.check(
            "idle_cpu_us_per_connection_second",
            idleCPUMicrosecondsPerConnectionSecond,
            PhysicalRanges.microsecondsPerOperation
        )
        try v.check("wire_overhead_bytes_per_message", wireOverheadBytesPerMessage, PhysicalRanges.wireOverheadBytes)
        if let tlsCPUMicrosecondsPerDelivery {
            try v.check(
                "tls_cpu_us_per_delivery",
                tlsCPUMicrosecondsPerDelivery,
                PhysicalRanges.microsecondsPerOperation
            )
        }
        if let tlsAndKernelBytesPerConnection {
            try v.check(
                "tls_and_kernel_bytes_per_connection",
                tlsAndKernelBytesPerConnection,
                PhysicalRanges.bytesPerConnection
            )
        }
    }
}

/// What the in-process engine costs on one machine, measured by `fanout calibrate`.
public struct EngineCalibration: Codable, Sendable, Equatable {
    /// Where and how it was measured.
    public var machine: String
    public var measuredOn: String
    public var command: String
    /// Messages per second one core queues and hands to clients (a publish to 100,000 subscribers with
    /// the index lookup and a shared payload, then the drain that empties their outboxes).
    public var deliveriesPerCoreSecond: Double
    /// Fixed cost of one publish (ns), whatever its subscribers.
    public var publishNanoseconds: Double
    /// Cost of a connect (ns) and of each subscribe (ns).
    public var connectNanoseconds: Double
    public var subscribeNanoseconds: Double
    /// Cost of a disconnect per subscription it removes (ns).
    public var disconnectNanosecondsPerSubscription: Double
    /// Engine state per connection and per subscription (bytes).
    public var bytesPerConnection: Double
    public var bytesPerSubscription: Double
    /// What `fanout calibrate --live` measured on a real server over loopback, if it was run; the
    /// `engine` sizing uses it instead of the per-delivery CPU and per-connection memory assumptions.
    public var live: LiveCalibration?

    public init(
        machine: String,
        measuredOn: String,
        command: String,
        deliveriesPerCoreSecond: Double,
        publishNanoseconds: Double,
        connectNanoseconds: Double,
        subscribeNanoseconds: Double,
        disconnectNanosecondsPerSubscription: Double,
        bytesPerConnection: Double,
        bytesPerSubscription: Double,
        live: LiveCalibration? = nil
    ) {
        self.machine = machine
        self.measuredOn = measuredOn
        self.command = command
        self.deliveriesPerCoreSecond = deliveriesPerCoreSecond
        self.publishNanoseconds = publishNanoseconds
        self.connectNanoseconds = connectNanoseconds
        self.subscribeNanoseconds = subscribeNanoseconds
        self.disconnectNanosecondsPerSubscription = disconnectNanosecondsPerSubscription
        self.bytesPerConnection = bytesPerConnection
        self.bytesPerSubscription = bytesPerSubscription
        self.live = live
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case live
        case machine
        case measuredOn = "measured_on"
        case command
        case deliveriesPerCoreSecond = "deliveries_per_core_second"
        case publishNanoseconds = "publish_ns"
        case connectNanoseconds = "connect_ns"
        case subscribeNanoseconds = "subscribe_ns"
        case disconnectNanosecondsPerSubscription = "disconnect_ns_per_subscription"
        case bytesPerConnection = "bytes_per_connection"
        case bytesPerSubscription = "bytes_per_subscription"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        machine = try c.decode(String.self, forKey: .machine)
        measuredOn = try c.decode(String.self, forKey: .measuredOn)
        command = try c.decode(String.self, forKey: .command)
        deliveriesPerCoreSecond = try c.decode(Double.self, forKey: .deliveriesPerCoreSecond)
        publishNanoseconds = try c.decode(Double.self, forKey: .publishNanoseconds)
        connectNanoseconds = try c.decode(Double.self, forKey: .connectNanoseconds)
        subscribeNanoseconds = try c.decode(Double.self, forKey: .subscribeNanoseconds)
        disconnectNanosecondsPerSubscription = try c.decode(Double.self, forKey: .disconnectNanosecondsPerSubscription)
        bytesPerConnection = try c.decode(Double.self, forKey: .bytesPerConnection)
        bytesPerSubscription = try c.decode(Double.self, forKey: .bytesPerSubscription)
        live = try c.decodeIfPresent(LiveCalibration.self, forKey: .live)
    }

    /// Checks the measured values are usable; errors name `source` and the key.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        try v.check("deliveries_per_core_second", deliveriesPerCoreSecond, PhysicalRanges.deliveriesPerCoreSecond)
        try v.check("publish_ns", publishNanoseconds, PhysicalRanges.calibratedNanoseconds)
        try v.check("connect_ns", connectNanoseconds, PhysicalRanges.calibratedNanoseconds)
        try v.check("subscribe_ns", subscribeNanoseconds, PhysicalRanges.calibratedNanoseconds)
        try v.check(
            "disconnect_ns_per_subscription",
            disconnectNanosecondsPerSubscription,
            PhysicalRanges.calibratedNanoseconds
        )
        try v.check("bytes_per_connection", bytesPerConnection, PhysicalRanges.calibratedBytes)
        try v.check("bytes_per_subscription", bytesPerSubscription, PhysicalRanges.calibratedBytes)
        if let live { try live.validate(source: source) }
    }

    /// Loads and validates a calibration file.
    public static func load(path: String) throws(InputError) -> EngineCalibration {
        let calibration = try ModelFile.load(EngineCalibration.self, path: path)
        try calibration.validate(source: path)
        return calibration
    }

    /// The compiled-in calibration (`models/calibration/default.json`).
    public static var builtIn: EngineCalibration {
        ModelFile.builtIn(EngineCalibration.self, EmbeddedArchitectureModels.calibration)
    }
}

extension EngineDeployment {
    /// The compiled-in deployment (`models/architectures/engine.json`).
    public static var builtIn: EngineDeployment {
        ModelFile.builtIn(EngineDeployment.self, EmbeddedArchitectureModels.engine)
    }

    /// Loads and validates a deployment file.
    public static func load(path: String) throws(InputError) -> EngineDeployment {
        let deployment = try ModelFile.load(EngineDeployment.self, path: path)
        try deployment.validate(source: path)
        return deployment
    }
}
