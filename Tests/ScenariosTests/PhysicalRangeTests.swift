import Architectures
import FanoutInput
import Foundation
import Scenarios
import Testing

struct PhysicalRangeTests {
    @Test func readmeListsEveryRuleOfTheTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../README.md"
        )
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- physical-ranges:begin -->\n"))
        let end = try #require(text.range(of: "<!-- physical-ranges:end -->"))
        let listed = String(text[begin.upperBound..<end.lowerBound])
        #expect(listed == PhysicalRanges.all.map { $0.markdown + "\n" }.joined())
    }

    @Test func zeroIsAcceptedOnlyWhereItMeansNone() {
        #expect(PhysicalRanges.broadcastsPerMinute.contains(0))
        #expect(!PhysicalRanges.broadcastsPerMinute.contains(1e-9))
        #expect(!PhysicalRanges.broadcastsPerMinute.contains(-0.5))
        #expect(!PhysicalRanges.keepaliveSeconds.contains(1e-300))
        #expect(!PhysicalRanges.users.contains(0))
        #expect(!PhysicalRanges.users.contains(.nan))
        #expect(!PhysicalRanges.priceUSD.contains(.infinity))
    }

    @Test(arguments: [
        (
            #"{"broadcasts": {"per_minute": 1e-300}}"#,
            "broadcasts.per_minute: must be 0 (none) or between 0.0001 and 600000 per minute (got 1e-300)"
        ),
        (
            #"{"user_messages": {"per_user_per_day": 1e-300}}"#,
            "user_messages.per_user_per_day: must be 0 (none) or between 0.001 and 10000000 per user-day (got 1e-300)"
        ),
        (
            #"{"keepalive": {"interval_seconds": 1e-9}}"#,
            "keepalive.interval_seconds: must be 0 (no pings) or between 1 and 86400 seconds (got 1e-09)"
        ),
        (
            #"{"hours_connected_per_day": 1e-300}"#,
            "hours_connected_per_day: must be between 0.01 and 24 hours (got 1e-300)"
        ),
    ])
    func scenarioRatesBelowTheirFloorAreRejected(json: String, expected: String) throws {
        let scenario = try ModelFile.decode(Scenario.self, from: Data(json.utf8), source: "s.json")
        #expect(
            throws: InputError(
                source: "s.json",
                keyPath: String(expected.prefix { $0 != ":" }),
                message: String(expected.drop { $0 != ":" }.dropFirst(2))
            )
        ) {
            try scenario.validate(source: "s.json")
        }
    }

    @Test func aTinyQuotaIsRejected() throws {
        var quotas = ServiceQuotas.builtIn
        quotas.dynamoDBOnDemandTableWRU.value = 1e-300
        #expect(throws: InputError.self) { try quotas.validate(source: "q.json") }
        quotas.dynamoDBOnDemandTableWRU.value = 1
        try quotas.validate(source: "q.json")
    }

    @Test func decimalTextReadsWhatSwiftPrintsAndNothingElse() {
        var rng = StrictJSONTests.Seeded(state: 7)
        for _ in 0..<2000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            #expect(DecimalText.parse("\(value)") == value, "\(value)")
        }
        for text in ["20_000", "1.5e3", "+7", "-0.25", "1E-3", "3."] {
            #expect(DecimalText.parse(text) == Double(text.replacingOccurrences(of: "_", with: "")), "\(text)")
        }
        for text in [
            "0x10", "0x1p2", "nan", "inf", "-inf", "infinity", "", "-", "1e", "e5", "1__0", "_1", "1_", "1_.5", "1e309",
            "1.2.3", "1 ", " 1", "٣",
        ] {
            #expect(DecimalText.parse(text) == nil, "\(text)")
        }
    }
}
