import Architectures
import FanoutInput
import Foundation
import Planning
import Scenarios
import Testing

/// `fanout breaks`: each limit's breaking point, to one user, against a brute-force scan.
struct BreakingPointsTests {
    func inputs(_ architecture: String) throws -> PlanningInputs {
        let scenario = try #require(Scenario.builtIn(named: "seed-requirement"))
        if architecture == "engine" { return PlanningInputs(scenario: scenario, architecture: .selfHosted(.builtIn)) }
        return PlanningInputs(
            scenario: scenario,
            architecture: .serverless(try #require(ArchitectureDefinition.builtIn(named: architecture)))
        )
    }

    /// The seed's 5 RCU: the first user count at which the bill reports the provisioned read
    /// capacity exceeded, found by the search and by billing every count around it.
    @Test func seedReadCapacityBreaksWhereABruteForceScanFindsIt() throws {
        let seed = try inputs("seed")
        let found = try BreakingPoints.search(seed, minimumUsers: 1_000, maximumUsers: 2_000)
        let point = try #require(found.points.first { $0.limit == "dynamodb.provisioned_rcu" })
        // Around the README's ~1,380 users, every count billed.
        let brute = try #require(
            try stride(from: 1_340.0, through: 1_420, by: 1).first { (users) throws in
                try seed.bill(users: users).limits.contains { $0.name == "dynamodb.provisioned_rcu" }
            }
        )
        #expect(point.users == brute)
        #expect(point.monotone && !point.bindsAtMinimum)
        #expect(point.atPoint.demand > point.atPoint.capacity)
        // One user below, the demand does not exceed the capacity (an equal demand is not exceeded).
        let before = try seed.bill(users: brute - 1)
        #expect(!before.limits.contains { $0.name == "dynamodb.provisioned_rcu" })
        #expect(point.totalUSDBefore == before.totalUSD)
        // In the order they bind.
        #expect(found.points.map(\.users) == found.points.map(\.users).sorted())
    }

    @Test func aStackSizedForItsLoadNeverBreaks() throws {
        let found = try BreakingPoints.search(try inputs("engine"))
        #expect(found.points.isEmpty)
        #expect(found.tableText().contains("no limit binds up to 1,000,000 users"))
    }

    @Test func aLimitBindingAtTheMinimumIsReportedThere() throws {
        let found = try BreakingPoints.search(try inputs("indexed"), minimumUsers: 150_000, maximumUsers: 200_000)
        let timeout = try #require(found.points.first { $0.limit == "api_gateway.integration_timeout" })
        #expect(timeout.bindsAtMinimum && timeout.users == 150_000 && timeout.totalUSDBefore == nil)
    }

    @Test func outputIsDeterministic() throws {
        let a = BreakingPoints.jsonText([try BreakingPoints.search(try inputs("indexed"))])
        let b = BreakingPoints.jsonText([try BreakingPoints.search(try inputs("indexed"), concurrency: 1)])
        #expect(a == b)
        #expect(a.contains("\"limit\" : \"api_gateway.integration_timeout\""))
    }
}
