public import Analytic
public import Architectures

/// A month's bill for one scenario × architecture × price sheet: line items, what the stack
/// cannot do at this load, and how much of the intended fan-out arrives.
///
/// Its JSON form is Fanout's stable output schema (see README, "JSON schema").
public struct Bill: Codable, Sendable, Equatable {
    public var scenario: String
    public var architecture: String
    public var priceSheet: String
    public var users: Double
    public var monthHours: Double
    public var freeTier: Bool
    public var dataTransferOutForWebSocket: Bool
    /// Sum of `lineItems`, USD.
    public var totalUSD: Double
    public var lineItems: [LineItem]
    /// Every limit the workload exceeds (demand > capacity), sorted by name.
    public var limits: [ExceededLimit]
    /// Share of intended fan-out deliveries (user messages and broadcasts) that happen, 0…1.
    public var deliveredRatio: Double
    public var metrics: [Metric]
    /// What a reader must know to read the figures (e.g. that the table has no steady state).
    public var notes: [String]
    public var usage: UsageSummary

    enum CodingKeys: String, CodingKey {
        case scenario, architecture
        case priceSheet = "price_sheet"
        case users
        case monthHours = "month_hours"
        case freeTier = "free_tier"
        case dataTransferOutForWebSocket = "data_transfer_out_for_websocket"
        case totalUSD = "total_usd"
        case lineItems = "line_items"
        case limits
        case deliveredRatio = "delivered_ratio"
        case metrics, notes, usage
    }

    /// USD subtotal of one service.
    public func subtotal(_ service: Service) -> Double {
        lineItems.filter { $0.service == service }.reduce(0) { $0 + $1.usd }
    }
}

/// The services a bill has lines for.
public enum Service: String, Codable, Sendable, CaseIterable {
    case apiGateway = "API Gateway"
    case lambda = "Lambda"
    case dynamoDB = "DynamoDB"
    case ec2 = "EC2"
    case loadBalancing = "Elastic Load Balancing"
    /// Public IPv4 addresses, which AWS bills under Amazon VPC.
    case vpc = "VPC"
    case dataTransfer = "Data transfer"
}

/// One billed item.
public struct LineItem: Codable, Sendable, Equatable {
    public var service: Service
    public var item: String
    public var quantity: Double
    public var unit: String
    public var unitUSD: Double
    public var usd: Double

    public init(service: Service, item: String, quantity: Double, unit: String, unitUSD: Double, usd: Double) {
        self.service = service
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.unitUSD = unitUSD
        self.usd = usd
    }

    enum CodingKeys: String, CodingKey {
        case service, item, quantity, unit
        case unitUSD = "unit_usd"
        case usd
    }
}

/// Usage behind the line items, broken down the way people debug a bill.
public struct UsageSummary: Codable, Sendable, Equatable {
    public struct Messages: Codable, Sendable, Equatable {
        public var purpose: String
        public var bytes: Int
        public var count: Double
        /// Metered messages (32 KB increments).
        public var metered: Double
    }
    public struct Function: Codable, Sendable, Equatable {
        public var function: String
        public var memoryMB: Double
        public var cpu: String
        public var requests: Double
        public var gbSeconds: Double
        public var meanDurationMs: Double
        public var timeouts: Double

        enum CodingKeys: String, CodingKey {
            case function
            case memoryMB = "memory_mb"
            case cpu, requests
            case gbSeconds = "gb_seconds"
            case meanDurationMs = "mean_duration_ms"
            case timeouts
        }
    }
    public var messages: [Messages]
    public var lambda: [Function]
    public var dynamoDBReadUnits: Double
    public var dynamoDBWriteUnits: Double
    public var dynamoDBRequests: Double
    public var connectionMinutes: Double
    public var deliveries: Double
    public var intendedDeliveries: Double
    public var outboundBytes: Double

    enum CodingKeys: String, CodingKey {
        case messages, lambda
        case dynamoDBReadUnits = "dynamodb_read_units"
        case dynamoDBWriteUnits = "dynamodb_write_units"
        case dynamoDBRequests = "dynamodb_requests"
        case connectionMinutes = "connection_minutes"
        case deliveries
        case intendedDeliveries = "intended_deliveries"
        case outboundBytes = "outbound_bytes"
    }
}
