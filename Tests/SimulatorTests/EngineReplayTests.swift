import Architectures
import Scenarios
import Simulator
import Testing

/// The simulated workload on the real engine.
struct EngineReplayTests {
    @Test func everyBroadcastReachesEveryConnection() throws {
        var s = Scenario()
        s.users = 500
        let replay = try EngineReplay.run(scenario: s, days: 0.1, seed: 2, machine: "test")
        // 0.1 days of one broadcast a minute, each to all 500 open connections (reconnects are immediate).
        let broadcasts = (0.1 * 1440).rounded(.down)
        #expect(replay.deliveries == broadcasts * 500)
        #expect(replay.dropped == 0)
        let publish = try #require(replay.operations.first { $0.name == "publish" })
        #expect(publish.count == broadcasts)
        let disconnects = try #require(replay.operations.first { $0.name == "disconnect" })
        let connects = try #require(replay.operations.first { $0.name == "connect" })
        // Each session end reconnects at once: as many connects as disconnects, 500 × 0.1 days ÷ 2 h.
        #expect(disconnects.count == connects.count)
        #expect(abs(disconnects.count - 500 * 0.1 * 12) <= 500 * 0.1 * 12 * 0.2)
        #expect(replay.calibration.deliveriesPerCoreSecond > 0)
        #expect(replay.calibration.bytesPerSubscription > 0)
    }

    @Test func userMessagesGoToTheSendersChannels() throws {
        var s = Scenario()
        s.users = 300
        s.broadcasts.perMinute = 0
        s.channels.count = 10
        s.channels.joinsPerConnection = 2
        s.userMessages.perUserPerDay = 500
        let replay = try EngineReplay.run(scenario: s, days: 0.05, seed: 3, machine: "test")
        let publishes = try #require(replay.operations.first { $0.name == "publish" }).count
        #expect(publishes > 0)
        // A channel drawn by popularity holds ~300 × 2 / 10 = 60 connections; the sender is excluded.
        let perPublish = replay.deliveries / publishes
        #expect(perPublish > 40 && perPublish < 80, "\(perPublish)")
    }
}
