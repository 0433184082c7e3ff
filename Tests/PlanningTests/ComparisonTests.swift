import Architectures
import Billing
import FanoutInput
import Foundation
import Planning
import Scenarios
import Testing

/// `fanout compare` through the library: every figure is the bill's, the cheapest and the
/// crossovers follow from the bills by their definitions.
struct ComparisonTests {
    func inputs(_ architecture: String) throws -> PlanningInputs {
        let scenario = try #require(Scenario.builtIn(named: "seed-requirement"))
        if architecture == "engine" { return PlanningInputs(scenario: scenario, architecture: .selfHosted(.builtIn)) }
        return PlanningInputs(
            scenario: scenario,
            architecture: .serverless(try #require(ArchitectureDefinition.builtIn(named: architecture)))
        )
    }

    /// Small counts and a narrow first-limit search: the analytic bills are slow in debug builds.
    let search = UserSearch(minimumUsers: 100, maximumUsers: 20_000, relativePrecision: 0)

    func compare(_ names: [String], users: [Double], concurrency: Int = 2) throws -> (Comparison, [PlanningInputs]) {
        let designs = try names.map(inputs)
        return (try Comparison.compare(designs, users: users, search: search, concurrency: concurrency), designs)
    }

    /// The bill `fanout bill` prints for one design at one count, with or without `--dto`.
    func bill(_ design: PlanningInputs, users: Double, dto: Bool) throws -> Bill {
        var design = design
        design.billing.dataTransferOutForWebSocket = dto
        return try design.bill(users: users)
    }

    @Test func everyRowIsTheBillAtItsPointInBothReadings() throws {
        let (comparison, designs) = try compare(["scan", "indexed", "engine"], users: [5_000, 2_000, 5_000])
        #expect(comparison.users == [2_000, 5_000])
        #expect(comparison.readings.map(\.dataTransferOutForWebSocket) == [false, true])
        for reading in comparison.readings {
            #expect(reading.rows.map(\.users) == [2_000, 2_000, 2_000, 5_000, 5_000, 5_000])
            #expect(reading.rows.map(\.architecture) == ["scan", "indexed", "engine", "scan", "indexed", "engine"])
            for row in reading.rows {
                let design = try #require(designs.first { $0.architectureName == row.architecture })
                let bill = try bill(design, users: row.users, dto: reading.dataTransferOutForWebSocket)
                #expect(row.totalUSD == bill.totalUSD)
                #expect(row.deliveredRatio == bill.deliveredRatio)
                #expect(row.limitsExceeded == bill.limits.map(\.name).sorted())
                let billed = Service.allCases.filter { service in bill.lineItems.contains { $0.service == service } }
                #expect(row.subtotalsUSD.map(\.service) == billed.map(\.rawValue))
                #expect(row.subtotalsUSD.map(\.usd) == billed.map { bill.subtotal($0) })
            }
        }
    }

    @Test func dataTransferOutRaisesServerlessTotalsAndNotTheEngines() throws {
        let (comparison, designs) = try compare(["scan", "indexed", "engine"], users: [2_000])
        let without = comparison.readings[0].rows
        let with = comparison.readings[1].rows
        for (plain, charged) in zip(without, with) {
            let design = try #require(designs.first { $0.architectureName == plain.architecture })
            if design.stack == .serverless {
                #expect(charged.totalUSD > plain.totalUSD, "\(plain.architecture)")
                #expect(charged.subtotalsUSD.contains { $0.service == Service.dataTransfer.rawValue })
            } else {
                #expect(charged.totalUSD == plain.totalUSD)
                #expect(plain.subtotalsUSD.contains { $0.service == Service.dataTransfer.rawValue })
            }
        }
    }

    /// The seed exceeds limits from a few hundred users: it never qualifies, however cheap.
    @Test func cheapestIsTheLowestTotalAmongDesignsThatDeliverEverything() throws {
        let users: [Double] = [1_000, 3_000]
        let (comparison, designs) = try compare(["seed", "indexed", "engine"], users: users)
        for reading in comparison.readings {
            for (index, count) in users.enumerated() {
                let bills = try designs.map { try bill($0, users: count, dto: reading.dataTransferOutForWebSocket) }
                let qualifying = bills.filter { $0.deliveredRatio >= 1 - 1e-9 && $0.limits.isEmpty }
                let best = try #require(qualifying.map(\.totalUSD).min())
                #expect(reading.cheapest[index].users == count)
                #expect(reading.cheapest[index].totalUSD == best)
                #expect(qualifying.first { $0.totalUSD == best }?.architecture == reading.cheapest[index].architecture)
                // The seed costs least of all here, and exceeds a limit: not the answer.
                let seed = try #require(bills.first { $0.architecture == "seed" })
                #expect(!seed.limits.isEmpty && seed.totalUSD < best)
            }
        }
        // The seed's first limit: bound at the count found, nothing bound one user below.
        let seed = try #require(comparison.firstLimits.first { $0.architecture == "seed" })
        #expect(seed.search.status == .binds)
        let limit = try #require(seed.limit)
        #expect(try designs[0].bill(users: seed.search.users).limits.contains { $0.name == limit.name })
        #expect(try designs[0].bill(users: seed.search.users - 1).limits.isEmpty)
        let engine = try #require(comparison.firstLimits.first { $0.architecture == "engine" })
        #expect(engine.search.status == .noneUpToMaximum && engine.limit == nil)
    }

    /// Every flip in the order of two totals between consecutive counts has one crossover, found
    /// to the user: the order one user before it is the old one, at it the new one.
    @Test func crossoversLieWhereTheOrderFlipsToOneUser() throws {
        let users: [Double] = [200, 2_000, 20_000]
        let names = ["scan", "indexed", "engine"]
        let (comparison, designs) = try compare(names, users: users)
        /// A pair of designs (in the order given) and the count below their crossing.
        func key(_ x: String, _ y: String, _ low: Double) -> String {
            let (a, b) = names.firstIndex(of: x)! < names.firstIndex(of: y)! ? (x, y) : (y, x)
            return "\(a)-\(b)@\(low)"
        }
        func total(_ name: String, _ count: Double, _ dto: Bool) throws -> Double {
            try bill(try #require(designs.first { $0.architectureName == name }), users: count, dto: dto).totalUSD
        }
        var found = 0
        for reading in comparison.readings {
            let dto = reading.dataTransferOutForWebSocket
            var flips: [String] = []
            for (low, high) in zip(users, users.dropFirst()) {
                for (a, b) in [(names[0], names[1]), (names[0], names[2]), (names[1], names[2])] {
                    let before = try total(a, low, dto) - total(b, low, dto)
                    let after = try total(a, high, dto) - total(b, high, dto)
                    if (before < 0) != (after < 0) { flips.append(key(a, b, low)) }
                }
            }
            let crossed = reading.crossovers.map { key($0.cheaperBelow, $0.cheaperAbove, $0.fromUsers) }
            #expect(Set(crossed) == Set(flips))
            #expect(crossed.count == flips.count)
            for crossing in reading.crossovers {
                #expect(crossing.fromUsers < crossing.users && crossing.users <= crossing.toUsers)
                #expect(crossing.usersBefore == crossing.users - 1)
                let below = (
                    try total(crossing.cheaperBelow, crossing.usersBefore, dto),
                    try total(crossing.cheaperAbove, crossing.usersBefore, dto)
                )
                let at = (
                    try total(crossing.cheaperBelow, crossing.users, dto),
                    try total(crossing.cheaperAbove, crossing.users, dto)
                )
                #expect(below.0 < below.1)
                #expect(at.1 <= at.0)
                #expect(crossing.cheaperBelowUSDBefore == below.0 && crossing.cheaperAboveUSDAt == at.1)
            }
            found += reading.crossovers.count
        }
        #expect(found > 0, "these counts are meant to hold at least one crossing")
    }

    @Test func outputIsDeterministic() throws {
        let (parallel, _) = try compare(["indexed", "engine"], users: [2_000, 20_000])
        let (serial, _) = try compare(["indexed", "engine"], users: [20_000, 2_000], concurrency: 1)
        #expect(parallel.jsonText() == serial.jsonText())
        #expect(parallel.csvText() == serial.csvText())
        #expect(parallel.tableText() == serial.tableText())
    }
}
