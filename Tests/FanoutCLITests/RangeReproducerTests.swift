import Foundation
import Testing

/// Issue 14's reproducers for values the validators used to accept: each now gets one line and exit 2,
/// or a sane result.
struct RangeReproducerTests {
    let cli = BillCommandTests()
    let strict = StrictInputTests()

    @Test func tinyBroadcastRateOnSimulate() throws {
        try strict.expectOneLine(
            ["simulate", "--days", "1", "--users", "1000", "--broadcasts-per-minute", "1e-9"],
            "--broadcasts-per-minute: must be 0 (none) or between 0.0001 and 600000 per minute (got 1e-09)"
        )
    }

    @Test func tinyMessageRateOnSimulate() throws {
        try strict.expectOneLine(
            ["simulate", "--days", "1", "--users", "1000", "--messages-per-user-day", "1e-9"],
            "--messages-per-user-day: must be 0 (none) or between 0.001 and 10000000 per user-day (got 1e-09)"
        )
    }

    @Test(arguments: [
        (#"{"broadcasts": {"per_minute": 1e-300}}"#, "broadcasts.per_minute: must be 0 (none) or between 0.0001 and"),
        (#"{"user_messages": {"per_user_per_day": 1e-300}}"#, "user_messages.per_user_per_day: must be 0 (none) or"),
    ])
    func tinyRatesInAScenarioFile(json: String, expected: String) throws {
        let path = try cli.temporaryFile("tiny.json", json)
        let run = try cli.fanout(["simulate", "--days", "1", "--users", "1000", "--scenario", path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("fanout: error: \(path): \(expected)"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func rateGivingLessThanOneEventPerRun() throws {
        try strict.expectOneLine(
            ["simulate", "--users", "1000", "--days", "0.5", "--broadcasts-per-minute", "0.001"],
            "--broadcasts-per-minute: gives 0.72 broadcasts in 0.5 simulated days; simulate needs at least one (more --days, or 0 for none)"
        )
        try strict.expectOneLine(
            ["simulate", "--users", "10", "--days", "0.05", "--messages-per-user-day", "1"],
            "--messages-per-user-day: gives 0.5 messages from 10 users in 0.05 simulated days; simulate needs at least one (more --days or users, or 0 for none)"
        )
        let chatty = try cli.temporaryFile("chatty.json", #"{"user_messages": {"per_user_per_day": 1}}"#)
        try strict.expectOneLine(
            ["simulate", "--scenario", chatty, "--users", "10", "--days", "0.05"],
            "--users: user_messages.per_user_per_day gives 0.5 messages from 10 users in 0.05 simulated days; simulate needs at least one (more --days or users, or 0 for none) (\(chatty))"
        )
    }

    @Test(arguments: ["table", "json", "csv"])
    func tinyKeepaliveInterval(format: String) throws {
        for value in ["1e-9", "1e-300"] {
            try strict.expectOneLine(
                ["bill", "--keepalive-seconds", value, "--format", format],
                "--keepalive-seconds: must be 0 (no pings) or between 1 and 86400 seconds (got \(value == "1e-9" ? "1e-09" : value))"
            )
        }
    }

    @Test func tinyQuotaOnTheIndexedArchitecture() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../models/quotas/aws-us-east-1.json")
        var text = try String(contentsOf: shipped, encoding: .utf8)
        let key = try #require(text.range(of: #""dynamodb_on_demand_table_wru": {"#))
        let value = try #require(text.range(of: #""value": 40000"#, range: key.upperBound..<text.endIndex))
        text.replaceSubrange(value, with: #""value": 1e-300"#)
        let path = try cli.temporaryFile("quotas.json", text)
        for format in ["table", "json"] {
            try strict.expectOneLine(
                ["bill", "--architecture", "indexed", "--quotas", path, "--format", format],
                "\(path): dynamodb_on_demand_table_wru.value: must be between 1 and 1000000000 per second (got 1e-300)"
            )
        }
    }

    @Test(arguments: ["1e-300", "1e-9"])
    func tinySimulatedDays(days: String) throws {
        try strict.expectOneLine(
            ["simulate", "--days", days],
            "--days: must be between 0.01 and 62 days (got \(days == "1e-9" ? "1e-09" : days))"
        )
    }

    @Test func hugeProfileIsRejectedAndWindowsLineEndingsAreRead() throws {
        let huge = try cli.temporaryFile("huge.csv", (0..<24).map { "\($0),1e308\n" }.joined())
        let hugeScenario = try cli.temporaryFile("huge.json", #"{"daily_profile": "\#(huge)"}"#)
        try strict.expectOneLine(
            ["simulate", "--scenario", hugeScenario, "--users", "100", "--days", "0.05"],
            "\(huge): line 1: expected 'hour,relative_rate' with hour 0…23 and a rate between 0 and 1000000"
        )
        let crlf = try cli.temporaryFile(
            "crlf.csv",
            "hour,relative_rate\r\n" + (0..<24).map { "\($0),\($0 + 1)\r\n" }.joined()
        )
        let crlfScenario = try cli.temporaryFile("crlf.json", #"{"daily_profile": "\#(crlf)"}"#)
        let run = try cli.fanout(["simulate", "--scenario", crlfScenario, "--users", "200", "--days", "0.05"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func hexadecimalIsNotANumber() throws {
        try strict.expectOneLine(
            ["bill", "--users", "0x10"],
            "--users: '0x10' is not a decimal number (hexadecimal, nan and inf are not accepted)"
        )
        try strict.expectOneLine(
            ["simulate", "--days", "0x1p2"],
            "--days: '0x1p2' is not a decimal number (hexadecimal, nan and inf are not accepted)"
        )
    }

    @Test func zeroChannelsBlamesTheOption() throws {
        try strict.expectOneLine(
            ["bill", "--channels", "0"],
            "--channels: channels.joins_per_connection cannot exceed channels.count (0) (scenario seed-requirement)"
        )
        let run = try cli.fanout(["bill", "--channels", "0", "--joins", "0"])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
