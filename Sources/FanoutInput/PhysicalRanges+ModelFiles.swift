// The physical ranges of the model files other than scenarios (prices, quotas, latency,
// architectures, the engine); see `PhysicalRange.swift`.

extension PhysicalRanges {
    // MARK: Price sheets
    public static let priceUSD = PhysicalRange(
        "every price in a price sheet",
        0...1_000_000,
        "USD",
        why: "Per unit, as the sheet states it."
    )
    public static let ratePerSecondQuota = PhysicalRange(
        "quotas `api_gateway_new_connections_per_second`, `api_gateway_requests_per_second`, `dynamodb_on_demand_table_rru`, `dynamodb_on_demand_table_wru`, `dynamodb_on_demand_new_table_rru`, `dynamodb_on_demand_new_table_wru`, `dynamodb_partition_read_units`, `dynamodb_partition_write_units`",
        1...1e9,
        "per second",
        why: "At least one a second: demand ÷ quota must stay a number."
    )
    public static let countQuota = PhysicalRange(
        "quotas `lambda_concurrent_executions`, `lambda_new_environments_per_10_seconds`",
        1...1e7,
        "",
        why: "At least one execution; 10 million is far above any account's limit."
    )
    public static let burstQuota = PhysicalRange(
        "quota `api_gateway_burst_requests`",
        0...1e9,
        "requests",
        why: "0 is no burst."
    )
    public static let integrationTimeoutQuota = PhysicalRange(
        "quota `api_gateway_integration_timeout_seconds`",
        0.05...900,
        "seconds",
        why: "API Gateway's floor is 50 ms; Lambda's maximum run is 900 s."
    )
    public static let burstSecondsQuota = PhysicalRange(
        "quota `dynamodb_burst_seconds`",
        0...3600,
        "seconds",
        why: "DynamoDB keeps 300 s; 0 is no burst."
    )

    public static let peakWindowMinutesQuota = PhysicalRange(
        "quota `dynamodb_on_demand_peak_window_minutes`",
        1...1440,
        "minutes",
        why: "DynamoDB states 30 minutes; a day is far above it."
    )

    public static let freeTierAmount = PhysicalRange(
        "price-sheet free tiers (`free_tier_*`)",
        0...1e15,
        "",
        why: "Units a month, as the sheet states them."
    )
    public static let tierBound = PhysicalRange(
        "price-sheet tier bounds (`up_to`)",
        0...1e18,
        "",
        why: "Ascending; the last tier has none."
    )

    // MARK: Latency assumptions (`models/latency`)
    public static let callMilliseconds = PhysicalRange(
        "latency `invocation_overhead_ms`, `dynamodb_request_ms`, `post_to_connection_ms`, `cpu_ms_per_authorization_at_one_vcpu`",
        0...60_000,
        "ms",
        why: "A minute bounds any one call (API Gateway gives up after 29 s)."
    )
    public static let unitMilliseconds = PhysicalRange(
        "latency `dynamodb_ms_per_evaluated_kb`, `cpu_ms_per_sdk_call_at_one_vcpu`, `cpu_ms_per_item_at_one_vcpu`",
        0...1_000,
        "ms",
        why: "Per KB, call or item."
    )
    public static let retries = PhysicalRange(
        "latency `sdk_max_retries`",
        0...30,
        "retries",
        why: "Whole; 2³⁰ × the base delay is already years."
    )
    public static let retryBaseMilliseconds = PhysicalRange(
        "latency `sdk_retry_base_ms`",
        0...10_000,
        "ms",
        why: "The SDK's default is 50 ms."
    )
    public static let coldStartMilliseconds = PhysicalRange(
        "latency `cold_start_ms_cdf` durations",
        0...10_000,
        "ms",
        why: "Lambda's init phase is limited to 10 s; probabilities are shares ending at 1."
    )
    public static let keepWarmSeconds = PhysicalRange(
        "latency `environment_keep_warm_seconds`",
        1...86_400,
        "seconds",
        why: "Not documented by AWS; a day bounds it."
    )

    // MARK: Architectures (`models/architectures`)
    public static let lambdaMemoryMB = PhysicalRange(
        "architecture `functions.*.memory_mb`, latency `one_vcpu_memory_mb`",
        128...10_240,
        "MB",
        why: "Lambda's memory range."
    )
    public static let lambdaTimeoutSeconds = PhysicalRange(
        "architecture `functions.*.timeout_seconds`",
        1...900,
        "seconds",
        why: "Lambda's maximum is 900 s."
    )
    public static let provisionedCapacity = PhysicalRange(
        "architecture `table.provisioned_rcu`, `table.provisioned_wcu`",
        1...40_000,
        "units",
        why: "DynamoDB's table quota."
    )
    public static let keyBytes = PhysicalRange(
        "architecture `table.connection_id_bytes`",
        1...1024,
        "bytes",
        why: "A key attribute of at most 1 KB."
    )
    public static let batchSize = PhysicalRange(
        "architecture `disconnect_batch_size`",
        0...25,
        "items",
        why: "0 sends every row in one call; DynamoDB allows 25 per BatchWriteItem."
    )
    public static let sockets = PhysicalRange(
        "architecture `http_max_sockets`",
        1...100_000,
        "sockets",
        why: "The SDK's default is 50."
    )

    // MARK: The engine (`models/architectures/engine.json`, `models/calibration`)
    public static let instances = PhysicalRange(
        "engine `minimum_instances`",
        1...10_000,
        "instances",
        why: "Whole."
    )
    public static let spareInstances = PhysicalRange(
        "engine `spare_instances`",
        0...10_000,
        "instances",
        why: "Whole; 0 is no spare (N), 1 is N+1."
    )
    public static let publicIPv4PerInstance = PhysicalRange(
        "engine `public_ipv4_per_instance`",
        0...64,
        "addresses",
        why: "Whole; 0 for instances in private subnets."
    )
    public static let availabilityZones = PhysicalRange(
        "engine `load_balancer_availability_zones`",
        1...32,
        "zones",
        why: "Whole; the load balancer holds one public IPv4 address in each zone it is enabled in."
    )
    public static let utilization = PhysicalRange(
        "engine `target_cpu_utilization`, `usable_memory_share`",
        0.05...1,
        "",
        why: "Shares of an instance."
    )
    public static let connectionsPerInstance = PhysicalRange(
        "engine `maximum_connections_per_instance`",
        1...1e7,
        "connections",
        why: "Whole."
    )
    public static let bytesPerConnection = PhysicalRange(
        "engine `os_bytes_per_connection`",
        0...1e7,
        "bytes",
        why: "Kernel and TLS state outside the engine."
    )
    public static let microsecondsPerOperation = PhysicalRange(
        "engine `network_cpu_us_per_delivery`, `idle_cpu_us_per_connection_second`",
        0...1e6,
        "µs",
        why: "At most a second of CPU per operation."
    )
    public static let wireOverheadBytes = PhysicalRange(
        "engine `wire_overhead_bytes_per_message`",
        0...65_536,
        "bytes",
        why: "Frame and TLS record overhead."
    )
    public static let deliveriesPerCoreSecond = PhysicalRange(
        "calibration `deliveries_per_core_second`",
        1...1e12,
        "per second",
        why: "At least one, so the cores needed stay a number."
    )
    public static let calibratedNanoseconds = PhysicalRange(
        "calibration `publish_ns`, `connect_ns`, `subscribe_ns`, `disconnect_ns_per_subscription`",
        0...1e12,
        "ns",
        why: "Measured by `fanout calibrate`."
    )
    public static let calibratedBytes = PhysicalRange(
        "calibration `bytes_per_connection`, `bytes_per_subscription`",
        0...1e9,
        "bytes",
        why: "Measured by `fanout calibrate`."
    )

    /// The rules for model files other than scenarios, in the order the README lists them.
    static let modelFiles: [PhysicalRange] = [
        priceUSD, freeTierAmount, tierBound, ratePerSecondQuota, countQuota, burstQuota, integrationTimeoutQuota,
        burstSecondsQuota, peakWindowMinutesQuota, callMilliseconds, unitMilliseconds, retries, retryBaseMilliseconds,
        coldStartMilliseconds,
        keepWarmSeconds, lambdaMemoryMB, lambdaTimeoutSeconds, provisionedCapacity, keyBytes, batchSize, sockets,
        instances, spareInstances, publicIPv4PerInstance, availabilityZones, utilization, connectionsPerInstance,
        bytesPerConnection, microsecondsPerOperation,
        wireOverheadBytes, deliveriesPerCoreSecond, calibratedNanoseconds, calibratedBytes,
    ]
}
