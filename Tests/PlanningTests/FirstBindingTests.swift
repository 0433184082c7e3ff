import Architectures
import FanoutInput
import Planning
import Scenarios
import Testing

/// Bisection for the first binding user count against scans of every candidate count.
struct FirstBindingTests {
    @Test(arguments: [101.0, 150, 2_345, 20_000, 99_999, 999_999, 1_000_000])
    func bisectionBracketsAThresholdFoundByBruteForce(threshold: Double) throws {
        let search = UserSearch()
        var calls = 0
        let found = try search.firstBinding { (users) throws(InputError) in
            calls += 1
            return users >= threshold ? ["limit"] : []
        }
        // Brute force: the first whole count from 100 to 1,000,000 that binds.
        let brute = try #require(stride(from: 100.0, through: 1_000_000, by: 1).first { $0 >= threshold })
        #expect(found.status == .binds)
        #expect(found.users >= brute && found.clearBelowUsers < brute)
        #expect(found.users <= found.clearBelowUsers * 1.02 + 1, "bracket \(found.clearBelowUsers)…\(found.users)")
        #expect(calls <= 16)
    }

    @Test func bindingAtTheMinimumAndNeverAreReportedAsSuch() throws {
        let always = try UserSearch().firstBinding { (_) throws(InputError) in ["x"] }
        #expect(always.status == .atOrBelowMinimum && always.users == 100)
        #expect(always.summary == "≤ 100 (x)")
        let never = try UserSearch().firstBinding { (_) throws(InputError) in [] }
        #expect(never.status == .noneUpToMaximum && never.users == 1_000_000)
        #expect(never.summary == "none ≤ 1,000,000")
    }

    @Test func scanArchitectureBindsWhereABruteForceGridFirstBinds() throws {
        let inputs = PlanningInputs(
            scenario: Scenario.builtIn(named: "seed-requirement")!,
            architecture: .serverless(.builtIn(named: "scan")!)
        )
        let search = UserSearch(maximumUsers: 100_000)  // scan's bills near 1,000,000 users take seconds in debug
        let found = try inputs.firstBinding(search)
        #expect(found.status == .binds)
        // A brute-force scan of a 2 % grid (up to just past the bisection's answer; the bills
        // beyond it are the slow ones in a debug build) binds first within 2 % of it.
        var grid: [Double] = []
        var users = 100.0
        while users < min(search.maximumUsers, found.users * 1.1) {
            grid.append(users.rounded())
            users *= 1.02
        }
        let firstBinding = try #require(try grid.first { !(try inputs.bill(users: $0).limits.isEmpty) })
        #expect(firstBinding >= found.users / 1.02 && firstBinding <= found.users * 1.02 + 1)
        #expect(!(try inputs.bill(users: found.users).limits.isEmpty))
        #expect(try inputs.bill(users: found.clearBelowUsers).limits.isEmpty)
    }
}
