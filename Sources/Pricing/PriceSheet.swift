public import FanoutInput

/// A dated, cited set of prices for one Region: API Gateway WebSocket, Lambda, DynamoDB and
/// data transfer out.
///
/// Every number is a ``Cited`` value with its source URL and the date it was read; the default
/// sheet is compiled in and identical to `models/pricing/aws-us-east-1-2026-11.json`.
public struct PriceSheet: Codable, Sendable, Equatable {
    public var name: String
    public var region: String
    public var currency: String
    public var apiGateway: APIGatewayWebSocketPrices
    public var lambda: LambdaPrices
    public var dynamoDB: DynamoDBPrices
    public var dataTransferOut: DataTransferPrices
    public var selfHosted: SelfHostedPrices

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, region, currency
        case apiGateway = "api_gateway_websocket"
        case lambda
        case dynamoDB = "dynamodb"
        case dataTransferOut = "data_transfer_out"
        case selfHosted = "self_hosted"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        region = try c.decode(String.self, forKey: .region)
        currency = try c.decode(String.self, forKey: .currency)
        apiGateway = try c.decode(APIGatewayWebSocketPrices.self, forKey: .apiGateway)
        lambda = try c.decode(LambdaPrices.self, forKey: .lambda)
        dynamoDB = try c.decode(DynamoDBPrices.self, forKey: .dynamoDB)
        dataTransferOut = try c.decode(DataTransferPrices.self, forKey: .dataTransferOut)
        selfHosted = try c.decode(SelfHostedPrices.self, forKey: .selfHosted)
    }
}

/// One step of a volume-tiered price: units up to `upTo` (cumulative for the month) cost `usd` each.
public struct PriceTier: Codable, Sendable, Equatable {
    /// Cumulative upper bound of the tier in the price's unit; `nil` for the last tier.
    public var upTo: Double?
    /// USD per unit inside this tier.
    public var usd: Double

    public init(upTo: Double?, usd: Double) {
        self.upTo = upTo
        self.usd = usd
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case upTo = "up_to"
        case usd
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        upTo = try c.decodeIfPresent(Double.self, forKey: .upTo)
        usd = try c.decode(Double.self, forKey: .usd)
    }
}

/// The part of a quantity that falls in one tier, and what it costs.
public struct TierCharge: Sendable, Equatable {
    public var tierIndex: Int
    public var quantity: Double
    public var unitUSD: Double
    public var usd: Double { quantity * unitUSD }
}

extension [PriceTier] {
    /// Splits `quantity` across the tiers, in order.
    public func charges(for quantity: Double) -> [TierCharge] {
        var out: [TierCharge] = []
        var lower = 0.0
        for (index, tier) in enumerated() {
            let upper = tier.upTo ?? .infinity
            let inTier = Swift.max(0, Swift.min(quantity, upper) - lower)
            if inTier > 0 || (index == 0 && quantity == 0) {
                out.append(TierCharge(tierIndex: index, quantity: inTier, unitUSD: tier.usd))
            }
            if quantity <= upper { break }
            lower = upper
        }
        return out
    }

    /// Total cost of `quantity`.
    public func cost(of quantity: Double) -> Double {
        charges(for: quantity).reduce(0) { $0 + $1.usd }
    }
}

/// API Gateway WebSocket API prices and metering rules.
public struct APIGatewayWebSocketPrices: Codable, Sendable, Equatable {
    /// USD per message, tiered by monthly volume.
    public var messages: Cited<[PriceTier]>
    /// USD per connection minute.
    public var connectionMinute: Cited<Double>
    /// Messages are metered in increments of this many bytes.
    public var meteringIncrementBytes: Cited<Int>
    /// Largest payload API Gateway accepts.
    public var maximumPayloadBytes: Cited<Int>
    /// Free tier (12 months, new accounts): messages and connection minutes per month.
    public var freeTierMessages: Cited<Double>
    public var freeTierConnectionMinutes: Cited<Double>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case messages
        case connectionMinute = "connection_minute"
        case meteringIncrementBytes = "metering_increment_bytes"
        case maximumPayloadBytes = "maximum_payload_bytes"
        case freeTierMessages = "free_tier_messages"
        case freeTierConnectionMinutes = "free_tier_connection_minutes"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messages = try c.decode(Cited<[PriceTier]>.self, forKey: .messages)
        connectionMinute = try c.decode(Cited<Double>.self, forKey: .connectionMinute)
        meteringIncrementBytes = try c.decode(Cited<Int>.self, forKey: .meteringIncrementBytes)
        maximumPayloadBytes = try c.decode(Cited<Int>.self, forKey: .maximumPayloadBytes)
        freeTierMessages = try c.decode(Cited<Double>.self, forKey: .freeTierMessages)
        freeTierConnectionMinutes = try c.decode(Cited<Double>.self, forKey: .freeTierConnectionMinutes)
    }

    /// Metered messages for one message of `bytes`: one per started 32 KB increment.
    ///
    /// - Throws: when the payload is over API Gateway's maximum.
    public func meteredMessages(payloadBytes bytes: Int) throws(InputError) -> Int {
        guard bytes <= maximumPayloadBytes.value else {
            throw InputError(
                source: nil,
                keyPath: "payload",
                message: "\(bytes) bytes exceeds API Gateway's \(maximumPayloadBytes.value)-byte maximum payload"
            )
        }
        let increment = meteringIncrementBytes.value
        return Swift.max(1, (bytes + increment - 1) / increment)
    }
}

/// AWS Lambda prices.
public struct LambdaPrices: Codable, Sendable, Equatable {
    /// USD per request.
    public var request: Cited<Double>
    /// USD per GB-second on x86, tiered by monthly GB-seconds.
    public var x86GBSecond: Cited<[PriceTier]>
    /// USD per GB-second on arm64 (Graviton), tiered.
    public var arm64GBSecond: Cited<[PriceTier]>
    /// Perpetual free tier: requests and GB-seconds per month.
    public var freeTierRequests: Cited<Double>
    public var freeTierGBSeconds: Cited<Double>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case request
        case x86GBSecond = "x86_64_gb_second"
        case arm64GBSecond = "arm64_gb_second"
        case freeTierRequests = "free_tier_requests"
        case freeTierGBSeconds = "free_tier_gb_seconds"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        request = try c.decode(Cited<Double>.self, forKey: .request)
        x86GBSecond = try c.decode(Cited<[PriceTier]>.self, forKey: .x86GBSecond)
        arm64GBSecond = try c.decode(Cited<[PriceTier]>.self, forKey: .arm64GBSecond)
        freeTierRequests = try c.decode(Cited<Double>.self, forKey: .freeTierRequests)
        freeTierGBSeconds = try c.decode(Cited<Double>.self, forKey: .freeTierGBSeconds)
    }
}

/// Amazon DynamoDB prices (Standard table class).
public struct DynamoDBPrices: Codable, Sendable, Equatable {
    /// On-demand: USD per read request unit and per write request unit (after the 1 Nov 2024 cut).
    public var onDemandRead: Cited<Double>
    public var onDemandWrite: Cited<Double>
    /// Provisioned: USD per RCU-hour and per WCU-hour.
    public var provisionedRCUHour: Cited<Double>
    public var provisionedWCUHour: Cited<Double>
    /// USD per GB-month stored.
    public var storageGBMonth: Cited<Double>
    /// Always-free provisioned capacity and storage.
    public var freeTierRCU: Cited<Double>
    public var freeTierWCU: Cited<Double>
    public var freeTierStorageGB: Cited<Double>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case onDemandRead = "on_demand_read_request_unit"
        case onDemandWrite = "on_demand_write_request_unit"
        case provisionedRCUHour = "provisioned_rcu_hour"
        case provisionedWCUHour = "provisioned_wcu_hour"
        case storageGBMonth = "storage_gb_month"
        case freeTierRCU = "free_tier_rcu"
        case freeTierWCU = "free_tier_wcu"
        case freeTierStorageGB = "free_tier_storage_gb"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        onDemandRead = try c.decode(Cited<Double>.self, forKey: .onDemandRead)
        onDemandWrite = try c.decode(Cited<Double>.self, forKey: .onDemandWrite)
        provisionedRCUHour = try c.decode(Cited<Double>.self, forKey: .provisionedRCUHour)
        provisionedWCUHour = try c.decode(Cited<Double>.self, forKey: .provisionedWCUHour)
        storageGBMonth = try c.decode(Cited<Double>.self, forKey: .storageGBMonth)
        freeTierRCU = try c.decode(Cited<Double>.self, forKey: .freeTierRCU)
        freeTierWCU = try c.decode(Cited<Double>.self, forKey: .freeTierWCU)
        freeTierStorageGB = try c.decode(Cited<Double>.self, forKey: .freeTierStorageGB)
    }
}

/// Data transfer out to the internet.
public struct DataTransferPrices: Codable, Sendable, Equatable {
    /// USD per GB, tiered by monthly GB.
    public var internetGB: Cited<[PriceTier]>
    /// Free GB per month, aggregated across services.
    public var freeTierGB: Cited<Double>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case internetGB = "internet_gb"
        case freeTierGB = "free_tier_gb"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        internetGB = try c.decode(Cited<[PriceTier]>.self, forKey: .internetGB)
        freeTierGB = try c.decode(Cited<Double>.self, forKey: .freeTierGB)
    }
}

/// Prices for running the channel engine yourself: EC2 instances, a Network Load Balancer and
/// their public IPv4 addresses.
public struct SelfHostedPrices: Codable, Sendable, Equatable {
    /// On-demand Linux instance types with their size and hourly price.
    public var instances: Cited<[InstanceType]>
    /// USD per Network Load Balancer hour.
    public var loadBalancerHour: Cited<Double>
    /// USD per NLCU-hour.
    public var loadBalancerCapacityUnitHour: Cited<Double>
    /// What one NLCU covers; the bill takes the highest dimension.
    public var loadBalancerCapacityUnit: Cited<CapacityUnit>
    /// USD per public IPv4 address-hour (in use or idle, since 2024-02-01).
    public var publicIPv4AddressHour: Cited<Double>

    /// One EC2 instance type.
    public struct InstanceType: Codable, Sendable, Equatable {
        public var type: String
        public var vcpus: Double
        public var memoryGiB: Double
        public var usdPerHour: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case type, vcpus
            case memoryGiB = "memory_gib"
            case usdPerHour = "usd_per_hour"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            vcpus = try c.decode(Double.self, forKey: .vcpus)
            memoryGiB = try c.decode(Double.self, forKey: .memoryGiB)
            usdPerHour = try c.decode(Double.self, forKey: .usdPerHour)
        }
    }

    /// An NLCU's dimensions.
    public struct CapacityUnit: Codable, Sendable, Equatable {
        public var newFlowsPerSecond: Double
        public var activeFlows: Double
        public var processedGBPerHour: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case newFlowsPerSecond = "new_flows_per_second"
            case activeFlows = "active_flows"
            case processedGBPerHour = "processed_gb_per_hour"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            newFlowsPerSecond = try c.decode(Double.self, forKey: .newFlowsPerSecond)
            activeFlows = try c.decode(Double.self, forKey: .activeFlows)
            processedGBPerHour = try c.decode(Double.self, forKey: .processedGBPerHour)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case instances
        case loadBalancerHour = "load_balancer_hour"
        case loadBalancerCapacityUnitHour = "load_balancer_capacity_unit_hour"
        case loadBalancerCapacityUnit = "load_balancer_capacity_unit"
        case publicIPv4AddressHour = "public_ipv4_address_hour"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instances = try c.decode(Cited<[InstanceType]>.self, forKey: .instances)
        loadBalancerHour = try c.decode(Cited<Double>.self, forKey: .loadBalancerHour)
        loadBalancerCapacityUnitHour = try c.decode(Cited<Double>.self, forKey: .loadBalancerCapacityUnitHour)
        loadBalancerCapacityUnit = try c.decode(Cited<CapacityUnit>.self, forKey: .loadBalancerCapacityUnit)
        publicIPv4AddressHour = try c.decode(Cited<Double>.self, forKey: .publicIPv4AddressHour)
    }

    /// The instance type named `type`, if the sheet prices it.
    public func instance(_ type: String) -> InstanceType? { instances.value.first { $0.type == type } }
}
