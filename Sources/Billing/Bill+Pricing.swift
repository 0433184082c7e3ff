import Analytic
import Architectures
public import FanoutInput
public import Pricing
public import Usage

/// Switches that change how usage is priced.
public struct BillingOptions: Sendable, Equatable {
    /// Apply AWS free tiers (API Gateway's 12-month allowance, Lambda's and DynamoDB's perpetual ones, 100 GB DTO).
    public var freeTier = false
    /// Charge data transfer out for WebSocket messages at EC2 rates; AWS's documents do not settle
    /// whether it applies (its own WebSocket example charges none), so it is off by default.
    public var dataTransferOutForWebSocket = false
    /// Meter `$connect` and `$disconnect` as API Gateway messages, one each (no AWS source says
    /// whether they are; off by default). Counted as the invocations of their Lambdas.
    public var connectionEventsAsMessages = false
    /// Round each connection up to a whole minute (AWS does not state per-connection rounding;
    /// off by default): adds half a minute per session, the mean rounding of a duration spread
    /// evenly over its last minute.
    public var roundConnectionMinutes = false

    public init(
        freeTier: Bool = false,
        dataTransferOutForWebSocket: Bool = false,
        connectionEventsAsMessages: Bool = false,
        roundConnectionMinutes: Bool = false
    ) {
        self.freeTier = freeTier
        self.dataTransferOutForWebSocket = dataTransferOutForWebSocket
        self.connectionEventsAsMessages = connectionEventsAsMessages
        self.roundConnectionMinutes = roundConnectionMinutes
    }
}

/// Bytes in a GB for DynamoDB storage and data transfer (binary, as DynamoDB's sizing docs use).
let bytesPerGB = 1_073_741_824.0

extension Bill {
    /// Prices `usage` with `prices`.
    ///
    /// - Throws: when a message is larger than the sheet's API Gateway maximum payload.
    public static func price(
        _ usage: ServiceUsage,
        prices: PriceSheet,
        options: BillingOptions = BillingOptions()
    ) throws(InputError) -> [LineItem] {
        var items: [LineItem] = []

        // API Gateway WebSocket.
        let apigw = prices.apiGateway
        var metered = 0.0
        for (key, count) in usage.orderedMessages {
            metered += count * Double(try apigw.meteredMessages(payloadBytes: key.bytes))
        }
        if options.connectionEventsAsMessages {
            for role in [FunctionRole.connect, .disconnect] { metered += usage.lambda[role]?.requests ?? 0 }
        }
        let usesAPIGateway = metered > 0 || usage.connectionMinutes > 0
        if usesAPIGateway {
            items += tiered(
                .apiGateway,
                "messages",
                quantity: metered,
                unit: "messages",
                tiers: apigw.messages.value,
                free: options.freeTier ? apigw.freeTierMessages.value : 0
            )
            items += flat(
                .apiGateway,
                "connection minutes",
                quantity: usage.connectionMinutes + (options.roundConnectionMinutes ? usage.sessions / 2 : 0),
                unit: "minutes",
                unitUSD: apigw.connectionMinute.value,
                free: options.freeTier ? apigw.freeTierConnectionMinutes.value : 0
            )
        }

        // Lambda: requests at one price; GB-seconds tiered per CPU architecture across functions.
        let requests = usage.orderedFunctions.reduce(0) { $0 + $1.usage.requests }
        if requests > 0 {
            items += flat(
                .lambda,
                "requests",
                quantity: requests,
                unit: "requests",
                unitUSD: prices.lambda.request.value,
                free: options.freeTier ? prices.lambda.freeTierRequests.value : 0
            )
        }
        var freeGBSeconds = options.freeTier ? prices.lambda.freeTierGBSeconds.value : 0
        for cpu in CPUArchitecture.allCases {
            let gbSeconds = usage.orderedFunctions.filter { $0.usage.cpu == cpu }.reduce(0) { $0 + $1.usage.gbSeconds }
            guard gbSeconds > 0 else { continue }
            let tiers = cpu == .x86_64 ? prices.lambda.x86GBSecond.value : prices.lambda.arm64GBSecond.value
            // Lambda's free GB-seconds cover both architectures together; spend them on the first that has usage.
            let free = min(freeGBSeconds, gbSeconds)
            freeGBSeconds -= free
            items += tiered(
                .lambda,
                "compute \(cpu.rawValue)",
                quantity: gbSeconds,
                unit: "GB-s",
                tiers: tiers,
                free: free
            )
        }

        // DynamoDB (a table exists for the serverless designs only).
        let ddb = prices.dynamoDB
        if usage.tableHours > 0 {
            switch usage.table.mode {
            case .provisioned:
                items += flat(
                    .dynamoDB,
                    "provisioned read capacity",
                    quantity: usage.table.provisionedRCU * usage.tableHours,
                    unit: "RCU-hours",
                    unitUSD: ddb.provisionedRCUHour.value,
                    free: options.freeTier
                        ? min(ddb.freeTierRCU.value, usage.table.provisionedRCU) * usage.tableHours : 0
                )
                items += flat(
                    .dynamoDB,
                    "provisioned write capacity",
                    quantity: usage.table.provisionedWCU * usage.tableHours,
                    unit: "WCU-hours",
                    unitUSD: ddb.provisionedWCUHour.value,
                    free: options.freeTier
                        ? min(ddb.freeTierWCU.value, usage.table.provisionedWCU) * usage.tableHours : 0
                )
            case .onDemand:
                items += flat(
                    .dynamoDB,
                    "read request units",
                    quantity: usage.readUnits,
                    unit: "RRU",
                    unitUSD: ddb.onDemandRead.value,
                    free: 0
                )
                items += flat(
                    .dynamoDB,
                    "write request units",
                    quantity: usage.writeUnits,
                    unit: "WRU",
                    unitUSD: ddb.onDemandWrite.value,
                    free: 0
                )
            }
            items += flat(
                .dynamoDB,
                "storage",
                quantity: usage.storedBytes / bytesPerGB,
                unit: "GB-months",
                unitUSD: ddb.storageGBMonth.value,
                free: options.freeTier ? ddb.freeTierStorageGB.value : 0
            )
        }

        // Self-hosted: instances, the load balancer, their public IPv4 addresses.
        for (type, hours) in usage.instanceHours.sorted(by: { $0.key < $1.key }) where hours > 0 {
            guard let instance = prices.selfHosted.instance(type) else {
                throw InputError(
                    source: nil,
                    keyPath: "instance_type",
                    message: "'\(type)' has no price in \(prices.name)"
                )
            }
            items += flat(
                .ec2,
                "instances \(type)",
                quantity: hours,
                unit: "instance-hours",
                unitUSD: instance.usdPerHour,
                free: 0
            )
        }
        if usage.loadBalancerHours > 0 {
            items += flat(
                .loadBalancing,
                "network load balancer",
                quantity: usage.loadBalancerHours,
                unit: "hours",
                unitUSD: prices.selfHosted.loadBalancerHour.value,
                free: 0
            )
            items += flat(
                .loadBalancing,
                "load balancer capacity units",
                quantity: usage.loadBalancerCapacityUnitHours,
                unit: "NLCU-hours",
                unitUSD: prices.selfHosted.loadBalancerCapacityUnitHour.value,
                free: 0
            )
        }

        // Public IPv4 addresses: the instances' and the internet-facing load balancer's, every hour
        // they are held (no free tier applied: the EC2 free tier's 750 address-hours are for new
        // accounts' first 12 months).
        let ipv4 = prices.selfHosted.publicIPv4AddressHour.value
        for (holder, hours) in [
            ("instances", usage.instancePublicIPv4Hours), ("load balancer", usage.loadBalancerPublicIPv4Hours),
        ] where hours > 0 {
            items += flat(
                .vpc,
                "public IPv4 addresses (\(holder))",
                quantity: hours,
                unit: "address-hours",
                unitUSD: ipv4,
                free: 0
            )
        }

        // Data transfer out: always for instances; for API Gateway WebSocket only when switched on.
        let outboundBytes = usage.serverOutboundBytes + (options.dataTransferOutForWebSocket ? usage.outboundBytes : 0)
        if outboundBytes > 0 {
            let dto = prices.dataTransferOut
            items += tiered(
                .dataTransfer,
                "out to internet",
                quantity: outboundBytes / bytesPerGB,
                unit: "GB",
                tiers: dto.internetGB.value,
                free: options.freeTier ? dto.freeTierGB.value : 0
            )
        }
        return items
    }

    /// A flat-priced quantity, and a negative free-tier line if any of it is free.
    static func flat(
        _ service: Service,
        _ item: String,
        quantity: Double,
        unit: String,
        unitUSD: Double,
        free: Double
    ) -> [LineItem] {
        var lines = [
            LineItem(
                service: service,
                item: item,
                quantity: quantity,
                unit: unit,
                unitUSD: unitUSD,
                usd: quantity * unitUSD
            )
        ]
        let freeQuantity = min(free, quantity)
        if freeQuantity > 0 {
            lines.append(
                LineItem(
                    service: service,
                    item: "\(item): free tier",
                    quantity: -freeQuantity,
                    unit: unit,
                    unitUSD: unitUSD,
                    usd: -freeQuantity * unitUSD
                )
            )
        }
        return lines
    }

    /// A volume-tiered quantity, one line per tier reached, and a negative free-tier line
    /// (free units are priced from the first, dearest tier up: cost(free)).
    static func tiered(
        _ service: Service,
        _ item: String,
        quantity: Double,
        unit: String,
        tiers: [PriceTier],
        free: Double
    ) -> [LineItem] {
        let charges = tiers.charges(for: quantity)
        var lines = charges.map { charge in
            LineItem(
                service: service,
                item: tiers.count > 1
                    ? "\(item) (\(tierLabel(tiers, charge.tierIndex, item == unit ? "" : " " + unit)))" : item,
                quantity: charge.quantity,
                unit: unit,
                unitUSD: charge.unitUSD,
                usd: charge.usd
            )
        }
        let freeQuantity = min(free, quantity)
        if freeQuantity > 0 {
            let saving = tiers.cost(of: freeQuantity)
            lines.append(
                LineItem(
                    service: service,
                    item: "\(item): free tier",
                    quantity: -freeQuantity,
                    unit: unit,
                    unitUSD: saving / freeQuantity,
                    usd: -saving
                )
            )
        }
        return lines
    }

    private static func tierLabel(_ tiers: [PriceTier], _ index: Int, _ unit: String) -> String {
        let lower = index == 0 ? 0 : (tiers[index - 1].upTo ?? 0)
        if let upper = tiers[index].upTo {
            return index == 0 ? "first \(compact(upper))\(unit)" : "\(compact(lower))–\(compact(upper))\(unit)"
        }
        return "over \(compact(lower))\(unit)"
    }

    private static func compact(_ value: Double) -> String {
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where value >= scale {
            let scaled = value / scale
            return scaled == scaled.rounded() ? "\(Int(scaled))\(suffix)" : "\(scaled)\(suffix)"
        }
        return value == value.rounded() ? "\(Int(value))" : "\(value)"
    }
}
