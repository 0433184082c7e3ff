public import Architectures

/// What a month of traffic consumed in each service, before any price is applied.
///
/// Both paths fill it: the analytic model with expected values, the simulator by recording
/// each event's ``ActionOutcome``. The bill prices it.
public struct ServiceUsage: Sendable, Equatable {
    /// API Gateway messages by purpose and size (metering into 32 KB increments happens at pricing).
    public var messages: [MessageKey: Double] = [:]
    /// API Gateway connection minutes.
    public var connectionMinutes = 0.0
    /// Connections opened (sessions) in the month.
    public var sessions = 0.0
    /// Lambda usage by function.
    public var lambda: [FunctionRole: LambdaUsage] = [:]
    /// DynamoDB read units consumed (RRU when on demand).
    public var readUnits = 0.0
    /// DynamoDB write units consumed (WRU when on demand).
    public var writeUnits = 0.0
    /// DynamoDB requests, pages counted separately.
    public var dynamoDBRequests = 0.0
    /// `@connections` POSTs.
    public var callbackRequests = 0.0
    /// Deliveries fan-out should have made, and made.
    public var intendedDeliveries = 0.0
    public var deliveries = 0.0
    /// Rows left behind at disconnect.
    public var rowsLeftStale = 0.0
    /// The table's capacity configuration for the month.
    public var table = TableCapacity(mode: .onDemand, provisionedRCU: 0, provisionedWCU: 0)
    /// Hours the table existed in the month (provisioned capacity is billed per hour).
    public var tableHours = 0.0
    /// Average stored bytes including DynamoDB's 100-byte per-item overhead, table and index.
    public var storedBytes = 0.0
    /// Self-hosted: EC2 instance-hours by instance type.
    public var instanceHours: [String: Double] = [:]
    /// Self-hosted: bytes the instances send to the internet (EC2 data transfer out always applies).
    public var serverOutboundBytes = 0.0
    /// Self-hosted: Network Load Balancer hours and capacity-unit hours.
    public var loadBalancerHours = 0.0
    public var loadBalancerCapacityUnitHours = 0.0
    /// Self-hosted: public IPv4 address-hours held by the instances and by the load balancer.
    public var instancePublicIPv4Hours = 0.0
    public var loadBalancerPublicIPv4Hours = 0.0

    public init() {}

    /// Adds `times` copies of one action's outcome.
    public mutating func record(_ outcome: ActionOutcome, times: Double) {
        guard times > 0 else { return }
        for flow in outcome.messages {
            messages[MessageKey(purpose: flow.purpose, bytes: flow.bytes), default: 0] += flow.count * times
        }
        for invocation in outcome.invocations {
            lambda[invocation.role, default: LambdaUsage(memoryMB: invocation.memoryMB, cpu: invocation.cpu)]
                .add(invocation, times: times)
        }
        readUnits += outcome.readUnits * times
        writeUnits += outcome.writeUnits * times
        dynamoDBRequests += outcome.dynamoDBRequests * times
        callbackRequests += outcome.callbackRequests * times
        intendedDeliveries += outcome.intendedDeliveries * times
        deliveries += outcome.deliveries * times
        rowsLeftStale += outcome.rowsLeftStale * times
    }

    /// Adds another period's usage (additive quantities sum; the table's configuration, its
    /// hours and the instance shapes are kept from `self` when set).
    public mutating func merge(_ other: ServiceUsage) {
        for (key, count) in other.messages { messages[key, default: 0] += count }
        connectionMinutes += other.connectionMinutes
        sessions += other.sessions
        for (role, fn) in other.lambda {
            var mine = lambda[role] ?? LambdaUsage(memoryMB: fn.memoryMB, cpu: fn.cpu)
            mine.requests += fn.requests
            mine.gbSeconds += fn.gbSeconds
            mine.durationMs += fn.durationMs
            mine.timeouts += fn.timeouts
            lambda[role] = mine
        }
        readUnits += other.readUnits
        writeUnits += other.writeUnits
        dynamoDBRequests += other.dynamoDBRequests
        callbackRequests += other.callbackRequests
        intendedDeliveries += other.intendedDeliveries
        deliveries += other.deliveries
        rowsLeftStale += other.rowsLeftStale
        storedBytes += other.storedBytes
        for (type, hours) in other.instanceHours { instanceHours[type, default: 0] += hours }
        serverOutboundBytes += other.serverOutboundBytes
        loadBalancerHours += other.loadBalancerHours
        loadBalancerCapacityUnitHours += other.loadBalancerCapacityUnitHours
        instancePublicIPv4Hours += other.instancePublicIPv4Hours
        loadBalancerPublicIPv4Hours += other.loadBalancerPublicIPv4Hours
    }

    /// Keeps `share` of the `@connections` posts: the rest were refused (429) and are neither
    /// delivered nor billed.
    public mutating func scaleOutboundRequests(by share: Double) {
        for key in messages.keys where key.purpose.isOutbound { messages[key]? *= share }
        deliveries *= share
        callbackRequests *= share
    }

    /// Messages in a fixed order (purpose, then size): sums over them come out bit-identical on
    /// every run, whatever order the dictionary keeps.
    public var orderedMessages: [(key: MessageKey, count: Double)] {
        messages.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Lambda usage in a fixed order (by function), for the same reason.
    public var orderedFunctions: [(role: FunctionRole, usage: LambdaUsage)] {
        lambda.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Messages of one purpose, all sizes.
    public func messageCount(_ purpose: MessageFlow.Purpose) -> Double {
        orderedMessages.filter { $0.key.purpose == purpose }.reduce(0) { $0 + $1.count }
    }

    /// Bytes API Gateway sent to clients.
    public var outboundBytes: Double {
        orderedMessages.filter { $0.key.purpose.isOutbound }.reduce(0) { $0 + $1.count * Double($1.key.bytes) }
    }
}

/// Messages of one purpose and one size.
public struct MessageKey: Hashable, Sendable, Comparable {
    public var purpose: MessageFlow.Purpose
    public var bytes: Int
    public init(purpose: MessageFlow.Purpose, bytes: Int) {
        self.purpose = purpose
        self.bytes = bytes
    }
    public static func < (a: MessageKey, b: MessageKey) -> Bool {
        (a.purpose, a.bytes) < (b.purpose, b.bytes)
    }
}

/// One function's month.
public struct LambdaUsage: Sendable, Equatable {
    public var memoryMB: Double
    public var cpu: CPUArchitecture
    public var requests = 0.0
    public var gbSeconds = 0.0
    /// Sum of run time (ms), for concurrency (Little's law: concurrency = rate × duration).
    public var durationMs = 0.0
    public var timeouts = 0.0

    public init(memoryMB: Double, cpu: CPUArchitecture) {
        self.memoryMB = memoryMB
        self.cpu = cpu
    }

    mutating func add(_ invocation: Invocation, times: Double) {
        requests += times
        gbSeconds += invocation.gbSeconds * times
        durationMs += invocation.billedMs * times
        if invocation.timedOut { timeouts += times }
    }
}

/// The table's capacity mode and provisioned units.
public struct TableCapacity: Sendable, Equatable {
    public var mode: TableDesign.CapacityMode
    public var provisionedRCU: Double
    public var provisionedWCU: Double
    public init(mode: TableDesign.CapacityMode, provisionedRCU: Double, provisionedWCU: Double) {
        self.mode = mode
        self.provisionedRCU = provisionedRCU
        self.provisionedWCU = provisionedWCU
    }
}
