import Scenarios
import Testing
import Workloads

struct WorkloadTests {
    @Test func defaultScenarioConnectionMinutes() {
        let w = Workload(Scenario())
        #expect(w.connectionMinutes == 20_000 * 730 * 60)
        #expect(w.concurrentConnections == 20_000)
        // Every connection is cut at 2 h and reconnects.
        #expect(abs(w.connectsPerSecond - 20_000.0 / 7200) < 1e-12)
        #expect(w.joinsPerSecond == w.connectsPerSecond * 2)
        #expect(w.broadcastRecipients == 20_000)
        #expect(!w.idleTimeoutEndsSessions)
    }

    @Test func awsChatExampleRates() throws {
        let s = try #require(Scenario.builtIn(named: "aws-websocket-chat-example"))
        let w = Workload(s)
        #expect(w.concurrentConnections == 500)
        #expect(w.connectionMinutes == 21_600_000)
        #expect(abs(w.userSendsPerSecond * w.monthSeconds - 3_000_000) < 1e-6)
        #expect(w.userMessageRecipients == 5)
    }

    @Test func uniformChannelsGiveMembersByJoinRatio() {
        var s = Scenario()
        s.broadcasts.perMinute = 0
        s.channels.count = 100
        s.channels.joinsPerConnection = 5
        s.userMessages.perUserPerDay = 10
        s.userMessages.target = .popular
        let w = Workload(s)
        #expect(abs(w.userMessageRecipients - 19_999 * 0.05) < 1e-9)
        #expect(abs(w.userMessageChannelRows - (19_999 * 0.05 + 1)) < 1e-9)
    }

    /// Property: skew concentrates subscribers, so a popularity-drawn channel has at least the
    /// uniform membership and the top channel at least as many as a drawn one.
    @Test(arguments: [0.5, 1.0, 1.5])
    func zipfSkewRaisesMembership(exponent: Double) {
        let uniform = ChannelPopularity(count: 1000, joins: 3, zipfExponent: 0)
        let skewed = ChannelPopularity(count: 1000, joins: 3, zipfExponent: exponent)
        #expect(skewed.popularMembership >= uniform.popularMembership)
        #expect(skewed.topMembership >= skewed.popularMembership)
        #expect(skewed.topMembership <= 1)
    }

    @Test func silentConnectionsAreClosedByTheIdleTimeout() {
        var s = Scenario()
        s.broadcasts.perMinute = 0
        let w = Workload(s)
        #expect(w.idleTimeoutEndsSessions)
        #expect(w.sessionSeconds == 600)
        s.keepalive.intervalSeconds = 540
        #expect(!Workload(s).idleTimeoutEndsSessions)
    }
}
