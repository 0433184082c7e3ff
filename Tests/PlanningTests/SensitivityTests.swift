import Architectures
import Billing
import FanoutInput
import Foundation
import Planning
import Scenarios
import Testing

/// The tornado table's figures against arithmetic done here from AWS's rules and the scenario's fields.
struct SensitivityTests {
    static let scenario = Scenario.builtIn(named: "seed-requirement")!
    static let indexed = PlanningInputs(scenario: scenario, architecture: .serverless(.builtIn(named: "indexed")!))

    static func report() throws -> SensitivityReport {
        try Sensitivity.run(indexed, users: 20_000)
    }

    func row(_ key: String, in report: SensitivityReport) throws -> SensitivityRow {
        try #require(report.rows.first { $0.key == key })
    }

    @Test func dataTransferSwingIsOutboundBytesAtNineCentsAGB() throws {
        // 20,000 connections all day; a 2,048 B broadcast to all of them each minute of a 730 h
        // month; each 2 h session joins 2 channels and gets a join ack of 32 B envelope + 15 B
        // channel name + 16 B connection id.
        let s = Self.scenario
        let minutes = s.monthHours * 60
        let broadcastBytes = minutes * 20_000 * Double(s.broadcasts.sizeBytes)
        let sessions = 20_000 * s.monthHours * 60 / s.sessions.meanMinutes
        let ackBytes = sessions * Double(s.channels.joinsPerConnection) * Double(32 + s.channels.nameBytes + 16)
        let expected = (broadcastBytes + ackBytes) / 1_073_741_824 * 0.09  // first 10 TB tier, us-east-1
        let swing = try row("billing.data_transfer_out_for_websocket", in: Self.report()).swingUSD
        #expect(abs(swing - expected) < 1e-6 * expected, "swing \(swing), expected \(expected)")
    }

    @Test func minuteRoundingSwingIsHalfAMinutePerSession() throws {
        let sessions = 20_000 * Self.scenario.monthHours * 60 / Self.scenario.sessions.meanMinutes
        let expected = sessions / 2 * 0.25 / 1_000_000
        let swing = try row("billing.round_connection_minutes", in: Self.report()).swingUSD
        #expect(abs(swing - expected) < 1e-9, "swing \(swing), expected \(expected)")
    }

    @Test func connectionEventsSwingIsTwoMessagesPerSession() throws {
        // Every session's $connect and $disconnect as one message each, at $1.00 per million
        // (the month stays below the 1 billion tier with or without them).
        let sessions = 20_000 * Self.scenario.monthHours * 60 / Self.scenario.sessions.meanMinutes
        let expected = 2 * sessions / 1_000_000
        let swing = try row("billing.connection_events_as_messages", in: Self.report()).swingUSD
        #expect(abs(swing - expected) < 1e-6, "swing \(swing), expected \(expected)")
    }

    @Test func rowsAreSortedBySwingAndEndsAreTheRangesOwn() throws {
        let report = try Self.report()
        let swings = report.rows.map(\.swingUSD)
        #expect(zip(swings, swings.dropFirst()).allSatisfy { ($0 * 100).rounded() >= ($1 * 100).rounded() })
        #expect(report.rows.count == Assumption.registry.filter { $0.applies(to: Self.indexed) }.count)
        let keepWarm = try row("latency.environment_keep_warm_seconds", in: report)
        #expect(keepWarm.lowValue == 300 && keepWarm.highValue == 1_800 && keepWarm.defaultValue == 600)
        let post = try row("latency.post_to_connection_ms", in: report)
        #expect(post.lowValue == 10 && post.highValue == 40)
        #expect(report.baseTotalUSD == (try Self.indexed.bill(users: 20_000).totalUSD))
        #expect(report.notVaried.allSatisfy { $0.hasPrefix("engine.") })
    }

    @Test func sortingPutsTheLargestSwingFirstAndBreaksTiesByKey() {
        func row(_ key: String, _ swing: Double) -> SensitivityRow {
            let none = FirstBindingUsers(status: .noneUpToMaximum, users: 1e6, clearBelowUsers: 0, limits: [])
            return SensitivityRow(
                key: key,
                label: key,
                unit: "",
                kind: .quantity,
                reason: "",
                defaultValue: 0,
                lowValue: 0,
                highValue: 1,
                lowTotalUSD: 0,
                highTotalUSD: swing,
                swingUSD: swing,
                lowFirstBinding: none,
                highFirstBinding: none
            )
        }
        let sorted = Sensitivity.sortedBySwing([row("b", 1), row("c", 5), row("a", 1.000_001), row("d", 0)])
        #expect(sorted.map(\.key) == ["c", "a", "b", "d"])
    }

    @Test func theReportIsTheSameWhateverTheConcurrency() throws {
        let engine = PlanningInputs(scenario: Self.scenario, architecture: .selfHosted(.builtIn))
        let one = try Sensitivity.run(engine, users: 100_000, concurrency: 1)
        let four = try Sensitivity.run(engine, users: 100_000, concurrency: 4)
        #expect(one == four)
        #expect(one.jsonText() == four.jsonText())
    }

    @Test func aRangeThatMakesAnInvalidInputNamesTheRangesFile() throws {
        // Scaling cold starts ×100 passes the factor check but not the latency model's 10 s init limit.
        var ranges = AssumptionRanges.builtIn
        ranges.source = "r.json"
        ranges.ranges["latency.cold_start_ms_cdf"] = .init(
            span: .factors(low: 0.5, high: 100),
            reason: "test"
        )
        #expect(throws: InputError.self) { try Sensitivity.run(Self.indexed, users: 1_000, ranges: ranges) }
        do {
            _ = try Sensitivity.run(Self.indexed, users: 1_000, ranges: ranges)
        } catch {
            #expect(
                "\(error)".hasPrefix(
                    "r.json: assumptions.latency.cold_start_ms_cdf: high 25,575 ms is not a valid input"
                )
            )
        }
    }
}

/// `sessions.idle_timeout_counts_server_messages`: the idle-timeout rule as a scenario field.
struct IdleTimeoutRuleTests {
    @Test func whenServerMessagesDoNotCountEverySeedSessionEndsAtTenMinutes() throws {
        // The seed's clients send nothing after their joins, so with only client traffic counting
        // every connection is idle for 600 s: 20,000 × 2,628,000 s / 600 s sessions a month, each
        // rounded up by half a minute on average at $0.25 per million minutes.
        var inputs = SensitivityTests.indexed
        inputs.scenario.sessions.idleTimeoutCountsServerMessages = false
        let plain = try inputs.bill(users: 20_000)
        inputs.billing.roundConnectionMinutes = true
        let rounded = try inputs.bill(users: 20_000)
        let sessions = 20_000 * 730 * 3_600 / 600.0
        #expect(abs((rounded.totalUSD - plain.totalUSD) - sessions / 2 * 0.25e-6) < 1e-9)
        #expect(plain.limits.contains { $0.name == "api_gateway.idle_timeout" })
    }

    @Test func theFieldDecodesAndDefaultsToTrue() throws {
        let off = try ModelFile.decode(
            Scenario.self,
            from: Data(#"{"sessions": {"idle_timeout_counts_server_messages": false}}"#.utf8),
            source: "s.json"
        )
        #expect(off.sessions.idleTimeoutCountsServerMessages == false)
        #expect(Scenario().sessions.idleTimeoutCountsServerMessages)
        #expect(throws: InputError.self) {
            try ModelFile.decode(
                Scenario.self,
                from: Data(#"{"sessions": {"idle_timeout_counts_server_messages": 0}}"#.utf8),
                source: "s.json"
            )
        }
    }
}
