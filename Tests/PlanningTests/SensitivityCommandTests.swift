import Foundation
import TestSupport
import Testing

/// `fanout sensitivity` through the built binary, as a user runs it.
struct SensitivityCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fanout").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fanout")
    }()

    func fanout(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["sensitivity"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    func temporaryPath(_ name: String) throws -> String {
        try ScratchDirectory.path(for: name)
    }

    @Test func engineTableListsItsAssumptionsLargestSwingFirst() throws {
        let run = try fanout(["--users", "100000", "--architecture", "engine"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("sensitivity of engine architecture, scenario seed-requirement, 100,000 users"))
        let header = try #require(lines.firstIndex { $0.hasPrefix("assumption") })
        #expect(lines[header].contains("total at low") && lines[header].contains("binds at high"))
        #expect(lines[header + 1].hasPrefix("engine.maximum_connections_per_instance"))
        #expect(run.stdout.contains("not varied"))
    }

    @Test func jsonRowsAreSortedAndCSVHasOneLinePerRowAndTheBase() throws {
        let json = try fanout(["--users", "20000", "--architecture", "indexed", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        let cents = rows.compactMap { ($0["swing_usd"] as? Double).map { ($0 * 100).rounded() } }
        #expect(cents.count == rows.count && cents == cents.sorted(by: >))
        #expect((object["base_first_binding"] as? [String: Any])?["status"] as? String == "binds")

        let csv = try fanout(["--users", "20000", "--architecture", "indexed", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("key,label,unit,default,low,high,low_total_usd") == true)
        #expect(lines.count == rows.count + 2)
        #expect(lines[1].hasPrefix("base,"))
    }

    @Test func outputGoesToTheFileNamed() throws {
        let path = try temporaryPath("tornado.csv")
        let run = try fanout(["--users", "20000", "--architecture", "engine", "--format", "csv", "--output", path])
        #expect(run.status == 0 && run.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("key,label"))
    }

    @Test func aBadRangesFileIsAOneLineError() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/assumptions/ranges.json")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let path = try temporaryPath("ranges.json")
        try Data(text.replacingOccurrences(of: "\"low\": 300, \"high\": 1800", with: "\"low\": 300, \"high\": -5").utf8)
            .write(to: URL(fileURLWithPath: path))
        let run = try fanout(["--users", "20000", "--architecture", "engine", "--ranges", path])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "fanout: error: \(path): assumptions.latency.environment_keep_warm_seconds.high: must be between 1 and 86400 seconds (got -5)\n"
        )
        #expect(run.stdout.isEmpty)

        try Data(text.replacingOccurrences(of: "\"latency.dynamodb_request_ms\"", with: "\"latency.typo\"").utf8)
            .write(to: URL(fileURLWithPath: path))
        let unknown = try fanout(["--architecture", "engine", "--ranges", path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("fanout: error: \(path): assumptions.latency.typo: unknown assumption"))
        #expect(unknown.stderr.filter { $0 == "\n" }.count == 1)

        let missing = try fanout(["--architecture", "engine", "--ranges", path + ".none"])
        #expect(missing.stderr == "fanout: error: \(path).none: cannot read file (no such file)\n")
    }

    @Test func badOptionsAreOneLineErrors() throws {
        let list = try fanout(["--users", "20000,40000"])
        #expect(list.status == 2)
        #expect(list.stderr.hasPrefix("fanout: error: --users: '20000,40000' is not a decimal number"))
        let format = try fanout(["--architecture", "engine", "--format", "xml"])
        #expect(format.status == 2 && format.stderr.contains("--format: unknown format 'xml'"))
        let latency = try fanout(["--architecture", "engine", "--latency", "x.json"])
        #expect(latency.status == 2 && latency.stderr.contains("--latency: has no effect on the engine"))
    }
}
