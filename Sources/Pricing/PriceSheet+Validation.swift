public import FanoutInput

extension PriceSheet {
    /// Checks prices are finite and non-negative and tiers ascend; errors name the key path.
    public func validate(source: String?) throws(InputError) {
        let v = Validator(source: source)
        func price(_ path: String, _ value: Double) throws(InputError) {
            try v.check(path, value, PhysicalRanges.priceUSD)
        }
        func tiers(_ path: String, _ list: [PriceTier]) throws(InputError) {
            guard !list.isEmpty else { throw v.fail(path, "needs at least one tier") }
            var previous = 0.0
            for (i, tier) in list.enumerated() {
                try price("\(path)[\(i)].usd", tier.usd)
                if let upTo = tier.upTo {
                    try v.check("\(path)[\(i)].up_to", upTo, PhysicalRanges.tierBound)
                    guard upTo > previous else { throw v.fail("\(path)[\(i)].up_to", "tiers must ascend") }
                    previous = upTo
                    if i == list.count - 1 { throw v.fail("\(path)[\(i)].up_to", "the last tier must have no up_to") }
                } else if i != list.count - 1 {
                    throw v.fail("\(path)[\(i)].up_to", "only the last tier may omit up_to")
                }
            }
        }
        try tiers("api_gateway_websocket.messages.value", apiGateway.messages.value)
        try price("api_gateway_websocket.connection_minute.value", apiGateway.connectionMinute.value)
        try v.check(
            "api_gateway_websocket.metering_increment_bytes.value",
            apiGateway.meteringIncrementBytes.value,
            in: 1...(1 << 30)
        )
        try v.check(
            "api_gateway_websocket.maximum_payload_bytes.value",
            apiGateway.maximumPayloadBytes.value,
            in: 1...(1 << 30)
        )
        try v.check(
            "api_gateway_websocket.free_tier_messages.value",
            apiGateway.freeTierMessages.value,
            PhysicalRanges.freeTierAmount
        )
        try v.check(
            "api_gateway_websocket.free_tier_connection_minutes.value",
            apiGateway.freeTierConnectionMinutes.value,
            PhysicalRanges.freeTierAmount
        )
        try price("lambda.request.value", lambda.request.value)
        try tiers("lambda.x86_64_gb_second.value", lambda.x86GBSecond.value)
        try tiers("lambda.arm64_gb_second.value", lambda.arm64GBSecond.value)
        try v.check("lambda.free_tier_requests.value", lambda.freeTierRequests.value, PhysicalRanges.freeTierAmount)
        try v.check("lambda.free_tier_gb_seconds.value", lambda.freeTierGBSeconds.value, PhysicalRanges.freeTierAmount)
        try price("dynamodb.on_demand_read_request_unit.value", dynamoDB.onDemandRead.value)
        try price("dynamodb.on_demand_write_request_unit.value", dynamoDB.onDemandWrite.value)
        try price("dynamodb.provisioned_rcu_hour.value", dynamoDB.provisionedRCUHour.value)
        try price("dynamodb.provisioned_wcu_hour.value", dynamoDB.provisionedWCUHour.value)
        try price("dynamodb.storage_gb_month.value", dynamoDB.storageGBMonth.value)
        try v.check("dynamodb.free_tier_rcu.value", dynamoDB.freeTierRCU.value, PhysicalRanges.freeTierAmount)
        try v.check("dynamodb.free_tier_wcu.value", dynamoDB.freeTierWCU.value, PhysicalRanges.freeTierAmount)
        try v.check(
            "dynamodb.free_tier_storage_gb.value",
            dynamoDB.freeTierStorageGB.value,
            PhysicalRanges.freeTierAmount
        )
        try tiers("data_transfer_out.internet_gb.value", dataTransferOut.internetGB.value)
        try v.check(
            "data_transfer_out.free_tier_gb.value",
            dataTransferOut.freeTierGB.value,
            PhysicalRanges.freeTierAmount
        )
        guard !selfHosted.instances.value.isEmpty else {
            throw v.fail("self_hosted.instances.value", "needs at least one instance type")
        }
        for (i, instance) in selfHosted.instances.value.enumerated() {
            let key = "self_hosted.instances.value[\(i)]"
            try v.check("\(key).vcpus", instance.vcpus, in: 1...1024)
            try v.check("\(key).memory_gib", instance.memoryGiB, in: 0.5...32_768)
            try price("\(key).usd_per_hour", instance.usdPerHour)
        }
        try price("self_hosted.load_balancer_hour.value", selfHosted.loadBalancerHour.value)
        try price("self_hosted.load_balancer_capacity_unit_hour.value", selfHosted.loadBalancerCapacityUnitHour.value)
        try price("self_hosted.public_ipv4_address_hour.value", selfHosted.publicIPv4AddressHour.value)
        let unit = selfHosted.loadBalancerCapacityUnit.value
        try v.check(
            "self_hosted.load_balancer_capacity_unit.value.new_flows_per_second",
            unit.newFlowsPerSecond,
            in: 1...1e9
        )
        try v.check("self_hosted.load_balancer_capacity_unit.value.active_flows", unit.activeFlows, in: 1...1e12)
        try v.check(
            "self_hosted.load_balancer_capacity_unit.value.processed_gb_per_hour",
            unit.processedGBPerHour,
            in: 0.001...1e9
        )
    }

    /// Loads and validates a price sheet file.
    public static func load(path: String) throws(InputError) -> PriceSheet {
        let sheet = try ModelFile.load(PriceSheet.self, path: path)
        try sheet.validate(source: path)
        return sheet
    }
}
