import Foundation
import Testing

/// What a new user ran into first: version, ranges, names, relative files, plurals.
struct PapercutTests {
    let cli = BillCommandTests()

    @Test func versionIsPrinted() throws {
        let run = try cli.fanout(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(run.stdout)")
    }

    @Test func helpShowsExamples() throws {
        let run = try cli.fanout(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Examples:"))
        #expect(run.stdout.contains("fanout bill --users 20000"))
    }

    @Test func reversedRangeSaysWholeNumbers() throws {
        let run = try cli.fanout(["bill", "--users", "100000...20000", "--step", "10000"])
        #expect(run.status != 0)
        #expect(run.stderr == "fanout: error: --users: range end 20000 is below its start 100000\n")
    }

    @Test func aStepThatDoesNotDivideTheRangeKeepsItsEnd() throws {
        let run = try cli.fanout([
            "bill", "--users", "20000...100000", "--step", "30000", "--architecture", "indexed", "--format", "csv",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let users = Set(run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        #expect(users == ["20000", "50000", "80000", "100000"])
    }

    /// The calibration file records the command that made it, not a fixed string.
    @Test func calibrateRecordsTheCommandThatRan() throws {
        let output = try cli.temporaryFile("calibration.json", "")
        try FileManager.default.removeItem(atPath: output)
        let run = try cli.fanout(["calibrate", "--machine", "a test box's cores", "--output", output])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
        let command = (file as? [String: Any])?["command"] as? String
        #expect(command == "fanout calibrate --machine 'a test box'\\''s cores' --output \(output)")
    }

    @Test func unknownArchitectureListsEngine() throws {
        let run = try cli.fanout(["bill", "--architecture", "foo"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("expected seed, scan, indexed, engine, or a JSON file"), "\(run.stderr)")
    }

    /// A scenario file's `daily_profile` is read from the scenario's folder, not the working directory.
    @Test func dailyProfileIsRelativeToTheScenarioFile() throws {
        let profile = try cli.temporaryFile(
            "profile.csv",
            "hour,relative_rate\n" + (0..<24).map { "\($0),\($0 < 8 ? 0.5 : 1.5)" }.joined(separator: "\n") + "\n"
        )
        let folder = URL(fileURLWithPath: profile).deletingLastPathComponent()
        let scenario = folder.appendingPathComponent("scenario.json")
        try Data(#"{"users": 200, "daily_profile": "profile.csv"}"#.utf8).write(to: scenario)
        let run = try cli.fanout([
            "simulate", "--scenario", scenario.path, "--architecture", "indexed", "--days", "1",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("simulated 1 day × 1 replication"), "\(run.stdout)")
        try Data(#"{"users": 200, "daily_profile": "missing.csv"}"#.utf8).write(to: scenario)
        let missing = try cli.fanout(["simulate", "--scenario", scenario.path, "--architecture", "indexed"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains(folder.appendingPathComponent("missing.csv").path), "\(missing.stderr)")
    }
}
