public import Architectures
public import Billing
public import FanoutInput
public import Scenarios

extension Assumption {
    /// Every named assumption Fanout varies, one entry each, in the order of `models/`: the
    /// Lambda latency file, the engine deployment, the scenario's sessions, the billing switches.
    ///
    /// Adding one is one line here and one range in `models/assumptions/ranges.json`.
    public static let registry: [Assumption] = [
        .latency("invocation_overhead_ms", "warm handler overhead", "ms", \.invocationOverheadMs),
        .latency("dynamodb_request_ms", "DynamoDB round trip", "ms", \.dynamoDBRequestMs),
        .latency("dynamodb_ms_per_evaluated_kb", "DynamoDB time per KB evaluated", "ms/KB", \.dynamoDBMsPerEvaluatedKB),
        .latency("post_to_connection_ms", "postToConnection round trip", "ms", \.postToConnectionMs),
        .latency("cpu_ms_per_sdk_call_at_one_vcpu", "CPU per SDK call (post)", "ms", \.cpuMsPerSDKCallAtOneVCPU),
        .latency("cpu_ms_per_item_at_one_vcpu", "CPU per item unmarshalled", "ms", \.cpuMsPerItemAtOneVCPU),
        .latency(
            "cpu_ms_per_authorization_at_one_vcpu",
            "CPU per authorization",
            "ms",
            \.cpuMsPerAuthorizationAtOneVCPU
        ),
        .coldStartMean,
        .latency(
            "environment_keep_warm_seconds",
            "keep-warm time",
            "s",
            \.environmentKeepWarmSeconds,
            bounds: PhysicalRanges.keepWarmSeconds
        ),
        .engine(
            "network_cpu_us_per_delivery",
            "network/TLS CPU per delivery",
            "µs",
            \.networkCPUMicrosecondsPerDelivery,
            bounds: PhysicalRanges.microsecondsPerOperation
        ),
        .engine(
            "os_bytes_per_connection",
            "OS memory per connection",
            "bytes",
            \.osBytesPerConnection,
            bounds: PhysicalRanges.bytesPerConnection
        ),
        .engine(
            "maximum_connections_per_instance",
            "connections per node",
            "connections",
            \.maximumConnectionsPerInstance,
            bounds: PhysicalRanges.connectionsPerInstance
        ),
        .engine(
            "target_cpu_utilization",
            "target CPU utilization",
            "",
            \.targetCPUUtilization,
            bounds: PhysicalRanges.utilization
        ),
        .engine(
            "usable_memory_share",
            "usable memory share",
            "",
            \.usableMemoryShare,
            bounds: PhysicalRanges.utilization
        ),
        .engine(
            "wire_overhead_bytes_per_message",
            "wire overhead per message",
            "bytes",
            \.wireOverheadBytesPerMessage,
            bounds: PhysicalRanges.wireOverheadBytes
        ),
        .engineCount("minimum_instances", "minimum instances", "", \.minimumInstances),
        .engineCount(
            "spare_instances",
            "spare instances (N+k)",
            "",
            \.spareInstances,
            bounds: PhysicalRanges.spareInstances
        ),
        .engineCount(
            "public_ipv4_per_instance",
            "public IPv4 per instance",
            "",
            \.publicIPv4PerInstance,
            bounds: PhysicalRanges.publicIPv4PerInstance
        ),
        .engineCount(
            "load_balancer_availability_zones",
            "load balancer zones",
            "",
            \.loadBalancerAvailabilityZones,
            bounds: PhysicalRanges.availabilityZones
        ),
        .scenario(
            "sessions.mean_minutes",
            "session length",
            "min",
            \.sessions.meanMinutes,
            stacks: [.serverless, .selfHosted],
            bounds: PhysicalRanges.sessionMinutes
        ),
        .scenario(
            "sessions.disconnect_event_loss_ratio",
            "$disconnect events lost",
            "",
            \.sessions.disconnectEventLossRatio,
            stacks: [.serverless],
            bounds: PhysicalRanges.ratio
        ),
        .scenarioSwitch(
            "sessions.idle_timeout_counts_server_messages",
            "server messages reset the idle timeout",
            \.sessions.idleTimeoutCountsServerMessages
        ),
        .billingSwitch("data_transfer_out_for_websocket", "data transfer out (--dto)", \.dataTransferOutForWebSocket),
        .billingSwitch(
            "connection_events_as_messages",
            "$connect/$disconnect billed (--bill-connection-events)",
            \.connectionEventsAsMessages
        ),
        .billingSwitch(
            "round_connection_minutes",
            "minute rounding (--round-connection-minutes)",
            \.roundConnectionMinutes
        ),
    ]

    /// The registry entry for `key`, or `nil`.
    public static func named(_ key: String) -> Assumption? { registry.first { $0.key == key } }

    /// A field of the Lambda latency model (`models/latency/*.json`), serverless only.
    public static func latency(
        _ field: String,
        _ label: String,
        _ unit: String,
        _ path: any WritableKeyPath<LambdaLatencyModel, Double> & Sendable,
        bounds: PhysicalRange? = nil
    ) -> Assumption {
        Assumption(
            key: "latency.\(field)",
            label: label,
            unit: unit,
            stacks: [.serverless],
            bounds: bounds,
            read: { $0.latency[keyPath: path] },
            write: { $0.latency[keyPath: path] = $1 }
        )
    }

    /// The cold-start CDF, varied as a whole: its value is the mean init time, and setting it
    /// scales every point's duration by the same factor (the probabilities stay).
    public static let coldStartMean = Assumption(
        key: "latency.cold_start_ms_cdf",
        label: "cold start (CDF scaled; mean)",
        unit: "ms",
        stacks: [.serverless],
        bounds: PhysicalRanges.coldStartMilliseconds,
        read: { $0.latency.expectedColdStartMs },
        write: { inputs, mean in
            let current = inputs.latency.expectedColdStartMs
            guard current > 0 else { return }
            let factor = mean / current
            inputs.latency.coldStartCDF = inputs.latency.coldStartCDF.map { point in
                point.count == 2 ? [point[0] * factor, point[1]] : point
            }
        }
    )

    /// A number in the engine deployment (`models/architectures/engine.json`), self-hosted only.
    public static func engine(
        _ field: String,
        _ label: String,
        _ unit: String,
        _ path: any WritableKeyPath<EngineDeployment, Double> & Sendable,
        bounds: PhysicalRange? = nil
    ) -> Assumption {
        Assumption(
            key: "engine.\(field)",
            label: label,
            unit: unit,
            stacks: [.selfHosted],
            bounds: bounds,
            read: { inputs in
                guard case .selfHosted(let deployment) = inputs.architecture else { return .nan }
                return deployment[keyPath: path]
            },
            write: { inputs, value in
                guard case .selfHosted(var deployment) = inputs.architecture else { return }
                deployment[keyPath: path] = value
                inputs.architecture = .selfHosted(deployment)
            }
        )
    }

    /// A whole number in the engine deployment (values are rounded to the nearest whole).
    public static func engineCount(
        _ field: String,
        _ label: String,
        _ unit: String,
        _ path: any WritableKeyPath<EngineDeployment, Int> & Sendable,
        bounds: PhysicalRange = PhysicalRanges.instances
    ) -> Assumption {
        Assumption(
            key: "engine.\(field)",
            label: label,
            unit: unit,
            stacks: [.selfHosted],
            bounds: bounds,
            read: { inputs in
                guard case .selfHosted(let deployment) = inputs.architecture else { return .nan }
                return Double(deployment[keyPath: path])
            },
            write: { inputs, value in
                guard case .selfHosted(var deployment) = inputs.architecture else { return }
                deployment[keyPath: path] = Int(value.rounded())
                inputs.architecture = .selfHosted(deployment)
            }
        )
    }

    /// A number in the scenario (`models/scenarios/*.json`).
    public static func scenario(
        _ field: String,
        _ label: String,
        _ unit: String,
        _ path: any WritableKeyPath<Scenario, Double> & Sendable,
        stacks: Set<Stack>,
        bounds: PhysicalRange? = nil
    ) -> Assumption {
        Assumption(
            key: "scenario.\(field)",
            label: label,
            unit: unit,
            stacks: stacks,
            bounds: bounds,
            read: { $0.scenario[keyPath: path] },
            write: { $0.scenario[keyPath: path] = $1 }
        )
    }

    /// A rule in the scenario that is true or false (serverless only: API Gateway's rules).
    public static func scenarioSwitch(
        _ field: String,
        _ label: String,
        _ path: any WritableKeyPath<Scenario, Bool> & Sendable
    ) -> Assumption {
        Assumption(
            key: "scenario.\(field)",
            label: label,
            unit: "",
            kind: .toggle,
            stacks: [.serverless],
            bounds: nil,
            read: { $0.scenario[keyPath: path] ? 1 : 0 },
            write: { $0.scenario[keyPath: path] = $1 != 0 }
        )
    }

    /// A billing switch (`BillingOptions`, the command line's `--dto` and others), serverless only.
    public static func billingSwitch(
        _ field: String,
        _ label: String,
        _ path: any WritableKeyPath<BillingOptions, Bool> & Sendable
    ) -> Assumption {
        Assumption(
            key: "billing.\(field)",
            label: label,
            unit: "",
            kind: .toggle,
            stacks: [.serverless],
            bounds: nil,
            read: { $0.billing[keyPath: path] ? 1 : 0 },
            write: { $0.billing[keyPath: path] = $1 != 0 }
        )
    }
}
