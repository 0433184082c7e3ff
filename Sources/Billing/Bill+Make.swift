public import Analytic
public import Architectures
public import FanoutInput
public import Pricing
public import Scenarios
public import Usage
import Workloads

extension Bill {
    /// Bills usage that either path (analytic or simulated) produced.
    public init(
        scenario: Scenario,
        architecture: String,
        prices: PriceSheet,
        usage: ServiceUsage,
        limits: [ExceededLimit],
        deliveredRatio: Double,
        metrics: [Metric],
        notes: [String] = [],
        options: BillingOptions
    ) throws(InputError) {
        let items = try Self.price(usage, prices: prices, options: options)
        var summaryMessages: [UsageSummary.Messages] = []
        for (key, count) in usage.orderedMessages {
            let perMessage = try prices.apiGateway.meteredMessages(payloadBytes: key.bytes)
            summaryMessages.append(
                UsageSummary.Messages(
                    purpose: key.purpose.rawValue,
                    bytes: key.bytes,
                    count: count,
                    metered: count * Double(perMessage)
                )
            )
        }
        let functions = usage.orderedFunctions.map { role, fn in
            UsageSummary.Function(
                function: role.rawValue,
                memoryMB: fn.memoryMB,
                cpu: fn.cpu.rawValue,
                requests: fn.requests,
                gbSeconds: fn.gbSeconds,
                meanDurationMs: fn.requests > 0 ? fn.durationMs / fn.requests : 0,
                timeouts: fn.timeouts
            )
        }
        self.init(
            scenario: scenario.name,
            architecture: architecture,
            priceSheet: prices.name,
            users: scenario.users,
            monthHours: scenario.monthHours,
            freeTier: options.freeTier,
            dataTransferOutForWebSocket: options.dataTransferOutForWebSocket,
            totalUSD: items.reduce(0) { $0 + $1.usd },
            lineItems: items,
            limits: limits,
            deliveredRatio: deliveredRatio,
            metrics: metrics,
            notes: notes,
            usage: UsageSummary(
                messages: summaryMessages,
                lambda: functions,
                dynamoDBReadUnits: usage.readUnits,
                dynamoDBWriteUnits: usage.writeUnits,
                dynamoDBRequests: usage.dynamoDBRequests,
                connectionMinutes: usage.connectionMinutes,
                deliveries: usage.deliveries,
                intendedDeliveries: usage.intendedDeliveries,
                outboundBytes: usage.outboundBytes
            )
        )
    }

    /// The analytic (steady-state, expected-value) bill.
    ///
    /// - Parameter horizonDays: when the table grows without bound (stale rows), the days over
    ///   which its mean is billed, from a table with none (default: the scenario's month).
    public static func analytic(
        scenario: Scenario,
        architecture: ArchitectureDefinition,
        prices: PriceSheet,
        latency: LambdaLatencyModel = .builtIn,
        quotas: ServiceQuotas = .builtIn,
        options: BillingOptions = BillingOptions(),
        horizonDays: Double? = nil
    ) throws(InputError) -> Bill {
        let result = SteadyState.evaluate(
            Workload(scenario),
            architecture: architecture,
            latency: latency,
            quotas: quotas,
            horizonSeconds: horizonDays.map { $0 * 86_400 }
        )
        return try Bill(
            scenario: scenario,
            architecture: architecture.name,
            prices: prices,
            usage: result.usage,
            limits: result.limits,
            deliveredRatio: result.deliveredRatio,
            metrics: result.metrics,
            notes: result.notes,
            options: options
        )
    }
}

extension Bill {
    /// The self-hosted engine's bill: instances sized from a calibration, a load balancer, data transfer.
    ///
    /// - Throws: when the deployment's instance type has no price in the sheet.
    public static func selfHosted(
        scenario: Scenario,
        deployment: EngineDeployment,
        calibration: EngineCalibration,
        prices: PriceSheet,
        options: BillingOptions = BillingOptions()
    ) throws(InputError) -> Bill {
        guard let instance = prices.selfHosted.instance(deployment.instanceType) else {
            let known = prices.selfHosted.instances.value.map(\.type).joined(separator: ", ")
            throw InputError(
                source: deployment.name,
                keyPath: "instance_type",
                message: "'\(deployment.instanceType)' has no price in \(prices.name) (priced: \(known))"
            )
        }
        let unit = prices.selfHosted.loadBalancerCapacityUnit.value
        let result = SelfHostedSteadyState.evaluate(
            Workload(scenario),
            deployment: deployment,
            calibration: calibration,
            instance: .init(type: instance.type, vcpus: instance.vcpus, memoryGiB: instance.memoryGiB),
            loadBalancerUnit: (unit.newFlowsPerSecond, unit.activeFlows, unit.processedGBPerHour)
        )
        return try Bill(
            scenario: scenario,
            architecture: deployment.name,
            prices: prices,
            usage: result.usage,
            limits: result.limits,
            deliveredRatio: result.deliveredRatio,
            metrics: result.metrics,
            options: options
        )
    }
}
