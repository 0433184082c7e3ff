public import FanoutInput

/// AWS quotas that decide what breaks first, each cited (`models/quotas/aws-us-east-1.json`).
public struct ServiceQuotas: Codable, Sendable, Equatable {
    public var name: String
    /// API Gateway: new WebSocket connections per second per account and Region.
    public var apiGatewayNewConnectionsPerSecond: Cited<Double>
    /// API Gateway: account requests per second, shared by inbound messages and `@connections` calls.
    public var apiGatewayRequestsPerSecond: Cited<Double>
    /// API Gateway: token-bucket burst on top of the steady rate.
    public var apiGatewayBurstRequests: Cited<Double>
    /// API Gateway: the longest an integration may run before the caller gets an error.
    public var apiGatewayIntegrationTimeoutSeconds: Cited<Double>
    /// Lambda: concurrent executions per account and Region.
    public var lambdaConcurrentExecutions: Cited<Double>
    /// Lambda: new execution environments each function may add every 10 seconds.
    public var lambdaScalingPer10Seconds: Cited<Double>
    /// DynamoDB on-demand: read request units per second per table.
    public var dynamoDBOnDemandTableRRU: Cited<Double>
    /// DynamoDB on-demand: write request units per second per table.
    public var dynamoDBOnDemandTableWRU: Cited<Double>
    /// DynamoDB on-demand: read request units per second a new table serves at once.
    public var dynamoDBOnDemandNewTableRRU: Cited<Double>
    /// DynamoDB on-demand: write request units per second a new table serves at once (a linear
    /// combination with reads: R / new RRU + W / new WRU ≤ 1).
    public var dynamoDBOnDemandNewTableWRU: Cited<Double>
    /// DynamoDB on-demand: the window within which traffic may reach twice its previous peak.
    public var dynamoDBOnDemandPeakWindowMinutes: Cited<Double>
    /// DynamoDB: read units per second one partition serves at most.
    public var dynamoDBPartitionReadUnits: Cited<Double>
    /// DynamoDB: write units per second one partition serves at most (a linear combination with reads).
    public var dynamoDBPartitionWriteUnits: Cited<Double>
    /// DynamoDB: seconds of unused provisioned capacity kept as burst.
    public var dynamoDBBurstSeconds: Cited<Double>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case apiGatewayNewConnectionsPerSecond = "api_gateway_new_connections_per_second"
        case apiGatewayRequestsPerSecond = "api_gateway_requests_per_second"
        case apiGatewayBurstRequests = "api_gateway_burst_requests"
        case apiGatewayIntegrationTimeoutSeconds = "api_gateway_integration_timeout_seconds"
        case lambdaConcurrentExecutions = "lambda_concurrent_executions"
        case lambdaScalingPer10Seconds = "lambda_new_environments_per_10_seconds"
        case dynamoDBOnDemandTableRRU = "dynamodb_on_demand_table_rru"
        case dynamoDBOnDemandTableWRU = "dynamodb_on_demand_table_wru"
        case dynamoDBOnDemandNewTableRRU = "dynamodb_on_demand_new_table_rru"
        case dynamoDBOnDemandNewTableWRU = "dynamodb_on_demand_new_table_wru"
        case dynamoDBOnDemandPeakWindowMinutes = "dynamodb_on_demand_peak_window_minutes"
        case dynamoDBPartitionReadUnits = "dynamodb_partition_read_units"
        case dynamoDBPartitionWriteUnits = "dynamodb_partition_write_units"
        case dynamoDBBurstSeconds = "dynamodb_burst_seconds"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        apiGatewayNewConnectionsPerSecond = try c.decode(Cited<Double>.self, forKey: .apiGatewayNewConnectionsPerSecond)
        apiGatewayRequestsPerSecond = try c.decode(Cited<Double>.self, forKey: .apiGatewayRequestsPerSecond)
        apiGatewayBurstRequests = try c.decode(Cited<Double>.self, forKey: .apiGatewayBurstRequests)
        apiGatewayIntegrationTimeoutSeconds = try c.decode(
            Cited<Double>.self,
            forKey: .apiGatewayIntegrationTimeoutSeconds
        )
        lambdaConcurrentExecutions = try c.decode(Cited<Double>.self, forKey: .lambdaConcurrentExecutions)
        lambdaScalingPer10Seconds = try c.decode(Cited<Double>.self, forKey: .lambdaScalingPer10Seconds)
        dynamoDBOnDemandTableRRU = try c.decode(Cited<Double>.self, forKey: .dynamoDBOnDemandTableRRU)
        dynamoDBOnDemandTableWRU = try c.decode(Cited<Double>.self, forKey: .dynamoDBOnDemandTableWRU)
        dynamoDBOnDemandNewTableRRU = try c.decode(Cited<Double>.self, forKey: .dynamoDBOnDemandNewTableRRU)
        dynamoDBOnDemandNewTableWRU = try c.decode(Cited<Double>.self, forKey: .dynamoDBOnDemandNewTableWRU)
        dynamoDBOnDemandPeakWindowMinutes = try c.decode(
            Cited<Double>.self,
            forKey: .dynamoDBOnDemandPeakWindowMinutes
        )
        dynamoDBPartitionReadUnits = try c.decode(Cited<Double>.self, forKey: .dynamoDBPartitionReadUnits)
        dynamoDBPartitionWriteUnits = try c.decode(Cited<Double>.self, forKey: .dynamoDBPartitionWriteUnits)
        dynamoDBBurstSeconds = try c.decode(Cited<Double>.self, forKey: .dynamoDBBurstSeconds)
    }

    /// Checks every quota against its rule in ``PhysicalRanges`` (a rate of at least one a second, …).
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        for (key, value, range) in [
            (
                "api_gateway_new_connections_per_second", apiGatewayNewConnectionsPerSecond.value,
                PhysicalRanges.ratePerSecondQuota
            ),
            ("api_gateway_requests_per_second", apiGatewayRequestsPerSecond.value, PhysicalRanges.ratePerSecondQuota),
            ("api_gateway_burst_requests", apiGatewayBurstRequests.value, PhysicalRanges.burstQuota),
            (
                "api_gateway_integration_timeout_seconds", apiGatewayIntegrationTimeoutSeconds.value,
                PhysicalRanges.integrationTimeoutQuota
            ),
            ("lambda_concurrent_executions", lambdaConcurrentExecutions.value, PhysicalRanges.countQuota),
            ("lambda_new_environments_per_10_seconds", lambdaScalingPer10Seconds.value, PhysicalRanges.countQuota),
            ("dynamodb_on_demand_table_rru", dynamoDBOnDemandTableRRU.value, PhysicalRanges.ratePerSecondQuota),
            ("dynamodb_on_demand_table_wru", dynamoDBOnDemandTableWRU.value, PhysicalRanges.ratePerSecondQuota),
            ("dynamodb_on_demand_new_table_rru", dynamoDBOnDemandNewTableRRU.value, PhysicalRanges.ratePerSecondQuota),
            ("dynamodb_on_demand_new_table_wru", dynamoDBOnDemandNewTableWRU.value, PhysicalRanges.ratePerSecondQuota),
            (
                "dynamodb_on_demand_peak_window_minutes", dynamoDBOnDemandPeakWindowMinutes.value,
                PhysicalRanges.peakWindowMinutesQuota
            ),
            ("dynamodb_partition_read_units", dynamoDBPartitionReadUnits.value, PhysicalRanges.ratePerSecondQuota),
            ("dynamodb_partition_write_units", dynamoDBPartitionWriteUnits.value, PhysicalRanges.ratePerSecondQuota),
            ("dynamodb_burst_seconds", dynamoDBBurstSeconds.value, PhysicalRanges.burstSecondsQuota),
        ] {
            try v.nested(key).check("value", value, range)
        }
    }
}
