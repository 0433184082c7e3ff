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

    @Test func pricesInstancesLoadBalancerAndDataTransferOnly() throws {
        let b = try bill(users: 100_000)
        #expect(Set(b.lineItems.map(\.service)) == [.ec2, .loadBalancing, .dataTransfer])
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

    @Test func engineIsCheaperThanTheIndexedStackAt100000Users() throws {
        var s = Scenario()
        s.users = 100_000
        let indexed = try Bill.analytic(
            scenario: s,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "indexed")),
            prices: .builtIn
        )
        #expect(try bill(users: 100_000).totalUSD < indexed.totalUSD)
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
