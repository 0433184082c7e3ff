import FanoutInput
import Foundation
import Planning
import Testing

/// A ranges file is decoded strictly and checked against the registry.
struct AssumptionRangesTests {
    /// The shipped file with `edit` applied to its `assumptions` object.
    func decode(_ edit: (inout [String: Any]) -> Void) throws -> AssumptionRanges {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(EmbeddedAssumptionRanges.ranges.json.utf8)) as? [String: Any]
        )
        var assumptions = try #require(object["assumptions"] as? [String: Any])
        edit(&assumptions)
        object["assumptions"] = assumptions
        let data = try JSONSerialization.data(withJSONObject: object)
        var ranges = try ModelFile.decode(AssumptionRanges.self, from: data, source: "r.json")
        ranges.source = "r.json"
        try ranges.validate()
        return ranges
    }

    func failure(_ edit: (inout [String: Any]) -> Void) -> String {
        do {
            _ = try decode(edit)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func theShippedFileDecodesUnchanged() throws {
        #expect(try decode { _ in } == AssumptionRanges.builtIn.with(source: "r.json"))
    }

    @Test func unknownAssumptionsAndKeysAreRejected() {
        #expect(
            failure { $0["latency.typo_ms"] = ["low": 1, "high": 2, "reason": "x"] }
                .hasPrefix("r.json: assumptions.latency.typo_ms: unknown assumption")
        )
        #expect(
            failure { $0["latency.post_to_connection_ms"] = ["low": 1, "high": 2, "reason": "x", "mid": 1] }
                .contains("unknown key")
        )
    }

    @Test func everyAssumptionNeedsARange() {
        #expect(failure { $0["engine.os_bytes_per_connection"] = nil }.contains("missing"))
    }

    @Test func boundsAreOrderedPhysicalAndOfTheRightKind() {
        #expect(
            failure { $0["engine.os_bytes_per_connection"] = ["low": 4096, "high": -1, "reason": "x"] }
                .hasPrefix("r.json: assumptions.engine.os_bytes_per_connection.high: must be between 0 and")
        )
        #expect(
            failure { $0["scenario.sessions.mean_minutes"] = ["low": 60, "high": 30, "reason": "x"] }
                .contains("must be above low")
        )
        #expect(
            failure { $0["scenario.sessions.mean_minutes"] = ["low": 30, "high": 240, "reason": "x"] }
                .contains("must be between 0.1 and 120")
        )
        #expect(
            failure { $0["billing.round_connection_minutes"] = ["low": 0, "high": 1, "reason": "x"] }
                .contains("must be false or true")
        )
        #expect(
            failure { $0["latency.post_to_connection_ms"] = ["low_factor": 0.5, "high": 2, "reason": "x"] }
                .contains("not both")
        )
        #expect(
            failure { $0["latency.post_to_connection_ms"] = ["low_factor": 0.5, "high_factor": 2, "reason": " "] }
                .contains("must say why")
        )
    }
}

extension AssumptionRanges {
    func with(source: String) -> AssumptionRanges {
        var copy = self
        copy.source = source
        return copy
    }
}
