import Scenarios
import Simulator
import Testing

struct RunEstimateTests {
    /// The README's measured month: 100,000 users, 30 days, indexed: 75,102,372 events, peak 43 MB.
    @Test func estimateMatchesTheMeasuredMonth() {
        var scenario = Scenario()
        scenario.users = 100_000
        let estimate = RunEstimate(scenario: scenario, days: 30, replications: 1, parallel: 2)
        #expect(abs(estimate.events / 75_102_372 - 1) < 0.05, "\(estimate.events)")
        #expect(estimate.bytes >= 43e6 && estimate.bytes < 60e6, "\(estimate.bytes)")
    }

    @Test func aBillionUsersIsRefusedAndAnOrdinaryRunIsNot() throws {
        var scenario = Scenario()
        scenario.users = 1e9
        let machine = 24.0 * 1_073_741_824
        let huge = RunEstimate(scenario: scenario, days: 7, replications: 1, parallel: 2)
        let reason = try #require(huge.refusal(physicalMemory: machine))
        #expect(reason.hasPrefix("the run needs about 136.0 GB of memory (this machine has 25.8 GB)"), "\(reason)")
        #expect(reason.hasSuffix("use fewer users, days or replications, or --force"))
        scenario.users = 20_000
        #expect(
            RunEstimate(scenario: scenario, days: 62, replications: 10, parallel: 2).refusal(physicalMemory: machine)
                == nil
        )
        // Too many events refuses even when memory fits; replications multiply the events.
        scenario.users = 1_000_000
        let long = RunEstimate(scenario: scenario, days: 62, replications: 20, parallel: 2)
        #expect(long.bytes < machine / 10)
        #expect(long.refusal(physicalMemory: machine) != nil)
    }

    @Test func progressCountsTheHoursOfEveryReplication() {
        let progress = SimulationProgress()
        var scenario = Scenario()
        scenario.users = 200
        _ = Replications.run(
            count: 2,
            scenario: scenario,
            architecture: .builtIn(named: "indexed")!,
            latency: .builtIn,
            quotas: .builtIn,
            profile: .flat,
            days: 0.25,
            seed: 1,
            progress: progress
        )
        #expect(progress.completedHours == 2 * 6)
    }
}
