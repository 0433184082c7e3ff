import Analytic
import Architectures
import Billing
import FanoutInput
import Foundation
import Pricing
import Scenarios
import Testing

/// The self-hosted `engine` architecture: instances sized from the calibration, priced from the sheet.
struct SelfHostedBillTests {
    func bill(users: Double, deployment: EngineDeployment = .builtIn, calibration: EngineCalibration = .builtIn) throws
        -> Bill
    {
        var s = Scenario()
        s.users = users
        return try Bill.selfHosted(scenario: s, deployment: deployment, calibration: calibration, prices: .builtIn)
    }

    func metric(_ b: Bill, _ name: String) throws -> Double { try #require(b.metrics.first { $0.name == name }).value }

    @Test func pricesInstancesLoadBalancerAddressesAndDataTransferOnly() throws {
        let b = try bill(users: 100_000)
        #expect(Set(b.lineItems.map(\.service)) == [.ec2, .loadBalancing, .vpc, .dataTransfer])
        let instances = try metric(b, "instances")
        let ec2 = try #require(b.lineItems.first { $0.service == .ec2 })
        #expect(ec2.quantity == instances * 730)
        #expect(abs(ec2.unitUSD - 0.0725) < 1e-12)
        #expect(b.deliveredRatio == 1)
        // 100,000 × 2,088 B (2 KB + 40 B wire overhead) × 43,800 broadcasts, in binary GB.
        let dto = b.lineItems.filter { $0.service == .dataTransfer }.reduce(0) { $0 + $1.quantity }
        #expect(abs(dto - 100_000 * 2088 * 43_800 / 1_073_741_824) < 1)
    }

    @Test func instancesCoverEveryBound() throws {
        for users in [5_000.0, 100_000, 1_000_000] {
            let b = try bill(users: users)
            let instances = try metric(b, "instances")
            for bound in ["instances_for_cpu", "instances_for_memory", "instances_for_connections"] {
                #expect(instances >= (try metric(b, bound)), "\(users) users, \(bound)")
            }
            #expect(instances >= 2)
        }
        // A million users at 50,000 per instance need 20 instances.
        #expect(try metric(try bill(users: 1_000_000), "instances_for_connections") == 20)
    }

    @Test func slowerNetworkCodeNeedsMoreInstancesWhenCPUBinds() throws {
        var heavy = EngineDeployment.builtIn
        heavy.networkCPUMicrosecondsPerDelivery = 2_000
        let light = try bill(users: 100_000)
        let loaded = try bill(users: 100_000, deployment: heavy)
        #expect(try metric(loaded, "instances_for_cpu") > (try metric(light, "instances_for_cpu")))
        #expect(loaded.totalUSD > light.totalUSD)
        #expect(try metric(loaded, "sizing_bound") == 1)
    }

    @Test(arguments: [false, true])
    func engineIsCheaperThanTheIndexedStackAt100000UsersWithAndWithoutDTO(dto: Bool) throws {
        var s = Scenario()
        s.users = 100_000
        let indexed = try Bill.analytic(
            scenario: s,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "indexed")),
            prices: .builtIn,
            options: BillingOptions(dataTransferOutForWebSocket: dto)
        )
        #expect(try bill(users: 100_000).totalUSD < indexed.totalUSD)
        // With --dto the serverless bill carries the same internet tiers the engine always pays.
        #expect(indexed.lineItems.contains { $0.service == .dataTransfer } == dto)
    }

    // MARK: N+1, public IPv4 addresses, capacity units (each expected value from the stated rule)

    /// The default scenario: every user online all day, 2 h sessions, one 2 KB broadcast a minute
    /// to everyone, no user messages.
    struct Rule {
        static let hours = 730.0
        static let perNode = 50_000.0
        static let minimum = 2.0
        static let ipv4USDPerHour = 0.005
        static let instanceUSDPerHour = 0.0725
        /// instances = max(minimum, ⌈connections ÷ 50,000⌉ + spare) (connections bind at the default load).
        static func instances(users: Double, spare: Double) -> Double {
            max(minimum, (users / perNode).rounded(.up) + spare)
        }
        /// NLCU = max(new flows/s ÷ 800, active flows ÷ 100,000, GB processed per hour ÷ 1).
        static func capacityUnits(users: Double) -> Double {
            let newFlows = users / 7_200
            let gbPerHour = users * (2_048 + 40) / 60 * 3_600 / 1_073_741_824
            return max(newFlows / 800, users / 100_000, gbPerHour / 1)
        }
    }

    func line(_ b: Bill, _ item: String) -> LineItem? { b.lineItems.first { $0.item == item } }

    @Test(arguments: [(20_000.0, 2.0), (100_000, 3), (1_000_000, 21)])
    func oneSpareInstanceOnTopOfWhatTheLoadNeeds(users: Double, instances: Double) throws {
        #expect(Rule.instances(users: users, spare: 1) == instances)
        let b = try bill(users: users)
        #expect(try metric(b, "instances") == instances)
        let ec2 = try #require(line(b, "instances c7g.large"))
        #expect(ec2.quantity == instances * Rule.hours)
        #expect(abs(ec2.usd - instances * Rule.hours * Rule.instanceUSDPerHour) < 1e-9)
        #expect(try metric(b, "instances_spare") == instances - (users / Rule.perNode).rounded(.up))
    }

    @Test(arguments: [0, 1, 2])
    func spareInstancesIsAParameter(spare: Int) throws {
        var deployment = EngineDeployment.builtIn
        deployment.spareInstances = spare
        let b = try bill(users: 100_000, deployment: deployment)
        let expected = Rule.instances(users: 100_000, spare: Double(spare))
        #expect(try metric(b, "instances") == expected)
        #expect(try #require(line(b, "instances c7g.large")).quantity == expected * Rule.hours)
    }

    @Test(arguments: [20_000.0, 100_000])
    func publicIPv4AddressesOfTheInstancesAndTheLoadBalancer(users: Double) throws {
        let b = try bill(users: users)
        let instances = Rule.instances(users: users, spare: 1)
        let own = try #require(line(b, "public IPv4 addresses (instances)"))
        #expect(own.service == .vpc)
        #expect(own.quantity == instances * 1 * Rule.hours)
        #expect(abs(own.usd - instances * Rule.hours * Rule.ipv4USDPerHour) < 1e-9)
        // An internet-facing NLB in 2 Availability Zones holds 2 addresses: 2 × 730 × $0.005 = $7.30.
        let balancer = try #require(line(b, "public IPv4 addresses (load balancer)"))
        #expect(balancer.quantity == 2 * Rule.hours)
        #expect(abs(balancer.usd - 7.30) < 1e-9)
    }

    @Test func privateInstancesAndMoreZonesChangeTheAddressCount() throws {
        var deployment = EngineDeployment.builtIn
        deployment.publicIPv4PerInstance = 0
        deployment.loadBalancerAvailabilityZones = 3
        let b = try bill(users: 100_000, deployment: deployment)
        #expect(line(b, "public IPv4 addresses (instances)") == nil)
        #expect(abs(try #require(line(b, "public IPv4 addresses (load balancer)")).usd - 3 * 730 * 0.005) < 1e-9)
        deployment.loadBalancer = false
        let direct = try bill(users: 100_000, deployment: deployment)
        #expect(!direct.lineItems.contains { $0.service == .vpc || $0.service == .loadBalancing })
    }

    @Test(arguments: [20_000.0, 100_000])
    func capacityUnitsTakeTheHighestDimension(users: Double) throws {
        let b = try bill(users: users)
        let units = try #require(line(b, "load balancer capacity units"))
        let expected = Rule.capacityUnits(users: users) * Rule.hours
        #expect(abs(units.quantity - expected) < 1e-6 * expected)
        #expect(abs(units.usd - expected * 0.006) < 1e-6 * expected)
    }

    @Test func capacityUnitsFollowNewFlowsWhenSessionsAreShort() throws {
        // 100,000 users with 0.1-minute sessions open 16,667 flows a second: 20.8 NLCU, above the
        // 11.7 the bytes need.
        var s = Scenario()
        s.users = 100_000
        s.sessions.meanMinutes = 0.1
        let b = try Bill.selfHosted(
            scenario: s,
            deployment: .builtIn,
            calibration: .builtIn,
            prices: .builtIn
        )
        let units = try #require(line(b, "load balancer capacity units"))
        #expect(abs(units.quantity - 100_000 / 6.0 / 800 * 730) < 1e-6 * units.quantity)
    }

    @Test func engineFieldsAreRequiredAndBounded() throws {
        let text = EmbeddedArchitectureModels.engine.json
        for key in ["spare_instances", "public_ipv4_per_instance", "load_balancer_availability_zones"] {
            // Missing key: a decoding error naming it.
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            )
            var missing = object
            missing[key] = nil
            let data = try JSONSerialization.data(withJSONObject: missing)
            #expect(throws: (any Error).self) { try JSONDecoder().decode(EngineDeployment.self, from: data) }
            // A fraction: not a whole number.
            var fraction = object
            fraction[key] = 1.5
            let fractionData = try JSONSerialization.data(withJSONObject: fraction)
            #expect(throws: (any Error).self) {
                try JSONDecoder().decode(EngineDeployment.self, from: fractionData)
            }
        }
        var unknown = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        unknown["spare_instance"] = 1
        let unknownData = try JSONSerialization.data(withJSONObject: unknown)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(EngineDeployment.self, from: unknownData) }

        var deployment = EngineDeployment.builtIn
        deployment.spareInstances = -1
        #expect(throws: InputError.self) { try deployment.validate(source: "engine.json") }
        deployment = .builtIn
        deployment.publicIPv4PerInstance = 65
        #expect(throws: InputError.self) { try deployment.validate(source: "engine.json") }
        deployment = .builtIn
        deployment.loadBalancerAvailabilityZones = 0
        do {
            try deployment.validate(source: "engine.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("engine.json: load_balancer_availability_zones: must be between 1"))
        }
    }

    @Test func unknownInstanceTypeIsAnError() {
        var deployment = EngineDeployment.builtIn
        deployment.instanceType = "z9.mega"
        do {
            _ = try bill(users: 1000, deployment: deployment)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.description.hasPrefix("engine: instance_type: 'z9.mega' has no price"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func badCalibrationValuesAreRejected() throws {
        var calibration = EngineCalibration.builtIn
        calibration.deliveriesPerCoreSecond = 0
        #expect(throws: InputError.self) { try calibration.validate(source: "cal.json") }
        var deployment = EngineDeployment.builtIn
        deployment.targetCPUUtilization = 1.5
        do {
            try deployment.validate(source: "engine.json")
        } catch {
            #expect(error.description.hasPrefix("engine.json: target_cpu_utilization: must be between"))
        }
    }
}
