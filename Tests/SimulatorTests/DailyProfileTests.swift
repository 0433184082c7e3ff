import Architectures
import Foundation
import Scenarios
import Simulator
import TestSupport
import Testing

struct DailyProfileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    var syntheticPath: String { Self.root.appendingPathComponent("datasets/daily-profile-synthetic.csv").path }

    @Test func shippedProfileLoadsAndIsNormalised() throws {
        let profile = try DailyProfile.resolve(syntheticPath)
        #expect(profile.hourly.count == 24)
        #expect(abs(profile.hourly.reduce(0, +) / 24 - 1) < 1e-12)
        #expect(profile.multiplier(atSecond: 3 * 3600) < profile.multiplier(atSecond: 20 * 3600))
        #expect(profile.multiplier(atSecond: -3600) == profile.multiplier(atSecond: 23 * 3600))
    }

    @Test func badProfilesAreOneLineErrors() throws {
        let dir = try ScratchDirectory.make("profile")
        let short = dir.appendingPathComponent("short.csv")
        try Data("hour,relative_rate\n0,1\n1,2\n".utf8).write(to: short)
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("hour,relative_rate\n0,-1\n".utf8).write(to: bad)
        #expect(throws: (any Error).self) { try DailyProfile.resolve(short.path) }
        do {
            _ = try DailyProfile.resolve(bad.path)
        } catch {
            #expect(
                error.description
                    == "\(bad.path): line 2: expected 'hour,relative_rate' with hour 0…23 and a rate between 0 and 1000000"
            )
        }
    }

    /// Users online 8 hours a day, arriving by the synthetic profile: concurrency follows the
    /// profile over the day, and its daily mean stays users × 8 / 24.
    @Test func concurrencyFollowsTheProfileAndKeepsItsMean() throws {
        var s = Scenario()
        s.users = 6000
        s.hoursConnectedPerDay = 8
        s.broadcasts.perMinute = 1
        let profile = try DailyProfile.resolve(syntheticPath)
        let result = ServerlessSimulation.run(
            scenario: s,
            architecture: try #require(ArchitectureDefinition.builtIn(named: "indexed")),
            latency: .builtIn,
            quotas: .builtIn,
            profile: profile,
            settings: SimulationSettings(days: 2, seed: 3)
        )
        let mean = try #require(result.metrics.first { $0.name == "mean_connections" }).value
        #expect(abs(mean - 2000) / 2000 < 0.05, "mean \(mean)")
        let byHour = result.timeseries.map(\.connections)
        let night = byHour[5]  // 06:00, after the quiet hours
        let evening = byHour[21]  // 22:00, after the evening peak
        #expect(evening > 1.5 * night, "night \(night), evening \(evening)")
    }
}
