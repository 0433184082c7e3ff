public import FanoutInput

/// How long a handler runs: the named assumptions behind every Lambda duration Fanout bills.
///
/// No AWS source publishes postToConnection latency or the SDK's CPU cost per call, so these
/// are assumptions with defaults (`models/latency/nodejs-aws-sdk-v2.json`, explained in
/// `MODEL.md`). CPU-bound parts scale with the share of a vCPU the function's memory buys.
public struct LambdaLatencyModel: Codable, Sendable, Equatable {
    /// Fixed per-invocation time of a warm Node.js handler (ms).
    public var invocationOverheadMs: Double
    /// Round trip of one DynamoDB request, before the data it reads (ms).
    public var dynamoDBRequestMs: Double
    /// Server time DynamoDB spends per KB a Scan or Query evaluates (ms/KB).
    public var dynamoDBMsPerEvaluatedKB: Double
    /// Round trip of one `postToConnection` call (ms).
    public var postToConnectionMs: Double
    /// CPU time one SDK call (build, SigV4-sign, send, parse) takes on a full vCPU (ms).
    public var cpuMsPerSDKCallAtOneVCPU: Double
    /// CPU time to unmarshal one returned DynamoDB item on a full vCPU (ms).
    public var cpuMsPerItemAtOneVCPU: Double
    /// CPU time a `$connect` authorizer spends verifying a token on a full vCPU (ms).
    public var cpuMsPerAuthorizationAtOneVCPU: Double
    /// Memory at which a function gets one full vCPU (AWS: 1,769 MB). Cited.
    public var oneVCPUMemoryMB: Double
    /// Retries the SDK makes after a throttled DynamoDB call (aws-sdk v2 default for DynamoDB: 10).
    public var sdkMaxRetries: Int
    /// Base delay of the SDK's exponential backoff for DynamoDB (aws-sdk v2 default: 50 ms), full jitter.
    public var sdkRetryBaseMs: Double
    /// Cold-start (init) duration as points of its cumulative distribution: `[ms, probability]`,
    /// increasing, ending at probability 1. Billed, and it delays the work.
    public var coldStartCDF: [[Double]]
    /// Seconds an idle execution environment stays warm before Lambda reclaims it (not documented by AWS).
    public var environmentKeepWarmSeconds: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case invocationOverheadMs = "invocation_overhead_ms"
        case dynamoDBRequestMs = "dynamodb_request_ms"
        case dynamoDBMsPerEvaluatedKB = "dynamodb_ms_per_evaluated_kb"
        case postToConnectionMs = "post_to_connection_ms"
        case cpuMsPerSDKCallAtOneVCPU = "cpu_ms_per_sdk_call_at_one_vcpu"
        case cpuMsPerItemAtOneVCPU = "cpu_ms_per_item_at_one_vcpu"
        case cpuMsPerAuthorizationAtOneVCPU = "cpu_ms_per_authorization_at_one_vcpu"
        case oneVCPUMemoryMB = "one_vcpu_memory_mb"
        case sdkMaxRetries = "sdk_max_retries"
        case sdkRetryBaseMs = "sdk_retry_base_ms"
        case coldStartCDF = "cold_start_ms_cdf"
        case environmentKeepWarmSeconds = "environment_keep_warm_seconds"
        case notes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        invocationOverheadMs = try c.decode(Double.self, forKey: .invocationOverheadMs)
        dynamoDBRequestMs = try c.decode(Double.self, forKey: .dynamoDBRequestMs)
        dynamoDBMsPerEvaluatedKB = try c.decode(Double.self, forKey: .dynamoDBMsPerEvaluatedKB)
        postToConnectionMs = try c.decode(Double.self, forKey: .postToConnectionMs)
        cpuMsPerSDKCallAtOneVCPU = try c.decode(Double.self, forKey: .cpuMsPerSDKCallAtOneVCPU)
        cpuMsPerItemAtOneVCPU = try c.decode(Double.self, forKey: .cpuMsPerItemAtOneVCPU)
        cpuMsPerAuthorizationAtOneVCPU = try c.decode(Double.self, forKey: .cpuMsPerAuthorizationAtOneVCPU)
        oneVCPUMemoryMB = try c.decode(Double.self, forKey: .oneVCPUMemoryMB)
        sdkMaxRetries = try c.decodeWholeNumber(forKey: .sdkMaxRetries)
        sdkRetryBaseMs = try c.decode(Double.self, forKey: .sdkRetryBaseMs)
        coldStartCDF = try c.decode([[Double]].self, forKey: .coldStartCDF)
        environmentKeepWarmSeconds = try c.decode(Double.self, forKey: .environmentKeepWarmSeconds)
        _ = try c.decodeIfPresent([String: String].self, forKey: .notes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(invocationOverheadMs, forKey: .invocationOverheadMs)
        try c.encode(dynamoDBRequestMs, forKey: .dynamoDBRequestMs)
        try c.encode(dynamoDBMsPerEvaluatedKB, forKey: .dynamoDBMsPerEvaluatedKB)
        try c.encode(postToConnectionMs, forKey: .postToConnectionMs)
        try c.encode(cpuMsPerSDKCallAtOneVCPU, forKey: .cpuMsPerSDKCallAtOneVCPU)
        try c.encode(cpuMsPerItemAtOneVCPU, forKey: .cpuMsPerItemAtOneVCPU)
        try c.encode(cpuMsPerAuthorizationAtOneVCPU, forKey: .cpuMsPerAuthorizationAtOneVCPU)
        try c.encode(oneVCPUMemoryMB, forKey: .oneVCPUMemoryMB)
        try c.encode(sdkMaxRetries, forKey: .sdkMaxRetries)
        try c.encode(sdkRetryBaseMs, forKey: .sdkRetryBaseMs)
        try c.encode(coldStartCDF, forKey: .coldStartCDF)
        try c.encode(environmentKeepWarmSeconds, forKey: .environmentKeepWarmSeconds)
    }

    /// Share of a vCPU a function of `memoryMB` gets; a Node.js handler is one thread, so at most 1.
    public func vCPUShare(memoryMB: Double) -> Double {
        min(1, memoryMB / oneVCPUMemoryMB)
    }

    /// Expected time the SDK spends retrying a throttled call before it gives up (ms):
    /// Σᵢ E[uniform(0, base·2ⁱ)] + one request per retry.
    public var expectedRetryExhaustionMs: Double {
        var total = 0.0
        for attempt in 0..<sdkMaxRetries {
            total += 0.5 * sdkRetryBaseMs * Double(1 << attempt) + dynamoDBRequestMs
        }
        return total
    }

    /// Mean of `cold_start_ms_cdf`: its first point's mass, then each segment's midpoint
    /// weighted by its probability (the CDF is linear between points).
    public var expectedColdStartMs: Double {
        guard let first = coldStartCDF.first, first.count == 2 else { return 0 }
        var mean = first[0] * first[1]
        for (a, b) in zip(coldStartCDF, coldStartCDF.dropFirst()) where a.count == 2 && b.count == 2 {
            mean += (b[1] - a[1]) * (a[0] + b[0]) / 2
        }
        return mean
    }

    /// Checks the assumptions are usable numbers.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        try v.check("invocation_overhead_ms", invocationOverheadMs, PhysicalRanges.callMilliseconds)
        try v.check("dynamodb_request_ms", dynamoDBRequestMs, PhysicalRanges.callMilliseconds)
        try v.check("dynamodb_ms_per_evaluated_kb", dynamoDBMsPerEvaluatedKB, PhysicalRanges.unitMilliseconds)
        try v.check("post_to_connection_ms", postToConnectionMs, PhysicalRanges.callMilliseconds)
        try v.check("cpu_ms_per_sdk_call_at_one_vcpu", cpuMsPerSDKCallAtOneVCPU, PhysicalRanges.unitMilliseconds)
        try v.check("cpu_ms_per_item_at_one_vcpu", cpuMsPerItemAtOneVCPU, PhysicalRanges.unitMilliseconds)
        try v.check(
            "cpu_ms_per_authorization_at_one_vcpu",
            cpuMsPerAuthorizationAtOneVCPU,
            PhysicalRanges.callMilliseconds
        )
        try v.check("one_vcpu_memory_mb", oneVCPUMemoryMB, PhysicalRanges.lambdaMemoryMB)
        try v.check("sdk_max_retries", sdkMaxRetries, PhysicalRanges.retries)
        try v.check("sdk_retry_base_ms", sdkRetryBaseMs, PhysicalRanges.retryBaseMilliseconds)
        try v.check("environment_keep_warm_seconds", environmentKeepWarmSeconds, PhysicalRanges.keepWarmSeconds)
        guard coldStartCDF.count >= 2 else {
            throw v.fail("cold_start_ms_cdf", "needs at least two [ms, probability] points")
        }
        var previous = (ms: 0.0, probability: 0.0)
        for (index, point) in coldStartCDF.enumerated() {
            let key = "cold_start_ms_cdf[\(index)]"
            guard point.count == 2 else { throw v.fail(key, "must be [ms, probability]") }
            try v.check(key, point[0], PhysicalRanges.coldStartMilliseconds)
            try v.check(key, point[1], PhysicalRanges.ratio)
            guard point[0] >= previous.ms, point[1] >= previous.probability else {
                throw v.fail(key, "points must increase in ms and probability")
            }
            previous = (point[0], point[1])
        }
        guard previous.probability == 1 else { throw v.fail("cold_start_ms_cdf", "must end at probability 1") }
    }
}
