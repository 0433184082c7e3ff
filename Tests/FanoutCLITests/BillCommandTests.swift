import Foundation
import TestSupport
import Testing

/// Runs the built `fanout` binary, as a user would.
struct BillCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = testBinary.deletingLastPathComponent()
        // The test bundle may sit inside `*.xctest/…`; the products directory holds `fanout`.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fanout").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fanout")
    }()

    func fanout(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        // Files, not pipes: Foundation's blocking pipe read traps on EINTR when another test's
        // child exits meanwhile (SIGCHLD), and a file never fills up while nobody reads it.
        let out = try Self.captureFile("stdout")
        let err = try Self.captureFile("stderr")
        process.standardOutput = out.handle
        process.standardError = err.handle
        try process.run()
        process.waitUntilExit()
        try out.handle.close()
        try err.handle.close()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out.url, encoding: .utf8),
            stderr: try String(contentsOf: err.url, encoding: .utf8)
        )
    }

    /// A new empty file in a fresh temporary directory, open for writing.
    static func captureFile(_ name: String) throws -> (url: URL, handle: FileHandle) {
        let url = try ScratchDirectory.make("capture").appendingPathComponent(name)
        try Data().write(to: url)
        return (url, try FileHandle(forWritingTo: url))
    }

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let url = try ScratchDirectory.make().appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    @Test func billPrintsJSONWithTheConnectionMinutesLine() throws {
        let run = try fanout(["bill", "--users", "20000", "--architecture", "indexed", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let items = try #require(object["line_items"] as? [[String: Any]])
        let minutes = try #require(items.first { $0["item"] as? String == "connection minutes" })
        #expect(minutes["quantity"] as? Double == 876_000_000)
        #expect(minutes["usd"] as? Double == 219)
    }

    @Test func engineArchitectureBillsFromTheCalibration() throws {
        let calibration = try temporaryFile(
            "cal.json",
            #"{"machine": "test", "measured_on": "2026-11-29", "command": "test", "deliveries_per_core_second": 1000000, "publish_ns": 100, "connect_ns": 50, "subscribe_ns": 50, "disconnect_ns_per_subscription": 100, "bytes_per_connection": 100, "bytes_per_subscription": 50}"#
        )
        let run = try fanout([
            "bill", "--users", "100000", "--architecture", "engine", "--calibration", calibration, "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["architecture"] as? String == "engine")
        let bad = try temporaryFile("bad-cal.json", #"{"machine": "test"}"#)
        let failed = try fanout(["bill", "--architecture", "engine", "--calibration", bad])
        #expect(failed.status != 0)
        #expect(failed.stderr.hasPrefix("fanout: error: \(bad): measured_on: required key is missing"))
    }

    @Test func rangeOfUsersPrintsACurve() throws {
        let run = try fanout(["bill", "--users", "20000...100000", "--step", "20000", "--architecture", "indexed"])
        #expect(run.status == 0)
        for users in ["20,000", "40,000", "60,000", "80,000", "100,000"] {
            #expect(
                run.stdout.contains("\n\(users) ") || run.stdout.contains("\n \(users) ") || run.stdout.contains(users)
            )
        }
        let csv = try fanout(["bill", "--users", "20000,40000", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").filter { $0.hasPrefix("40000,") }.count > 3)
    }

    @Test func sameInputsGiveByteIdenticalOutput() throws {
        let a = try fanout(["bill", "--users", "50000", "--architecture", "scan", "--format", "json"])
        let b = try fanout(["bill", "--users", "50000", "--architecture", "scan", "--format", "json"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
    }

    @Test func badInputGetsOneLineNamingFileAndKey() throws {
        let malformed = try temporaryFile("bad.json", #"{"users": 10,"#)
        let unknown = try temporaryFile("unknown.json", #"{"broadcasts": {"per_minut": 1}}"#)
        let negative = try temporaryFile("neg.json", #"{"channels": {"count": -1}}"#)
        let badPrices = try temporaryFile("prices.json", #"{"name": "x"}"#)
        let cases: [([String], String)] = [
            (["bill", "--scenario", malformed], "\(malformed): malformed JSON"),
            (["bill", "--scenario", unknown], "\(unknown): broadcasts.per_minut: unknown key"),
            (["bill", "--scenario", negative], "\(negative): channels.count: must be between"),
            (["bill", "--scenario", "/nonexistent/s.json"], "/nonexistent/s.json: cannot read file (no such file)"),
            (["bill", "--prices", badPrices], "\(badPrices): region: required key is missing"),
            (["bill", "--architecture", "serverful"], "--architecture: unknown architecture 'serverful'"),
            (["bill", "--users", "-5"], "--users: must be between 1 and"),
            (["bill", "--users", "0"], "--users: must be between 1 and"),
            (["bill", "--users", "nan"], "--users: 'nan' is not a decimal number"),
            (["bill", "--users", "1e15"], "--users: must be between 1 and"),
            (["bill", "--users", "20000...10000", "--step", "1000"], "--users: range end"),
            (["bill", "--users", "1000...5000"], "--step: a range of users needs --step"),
            (["bill", "--broadcast-bytes", "200000"], "--broadcast-bytes: must be between 1 and 131007"),
            (["bill", "--format", "xml"], "--format: unknown format 'xml'"),
            (["bill", "--channels", "-1"], "--channels: must be between 0 and"),
            (["bill", "--step", "abc", "--users", "1...5"], "--step: 'abc' is not a decimal number"),
            (["bill", "--bogus"], "Unknown option '--bogus'"),
            (["bill", "--channels", "99999999999999999999"], "The value '99999999999999999999' is invalid"),
            (["bill", "--users", "1.5"], "--users: must be a whole number"),
            (["bill", "--hours-per-day", "nan"], "--hours-per-day: 'nan' is not a decimal number"),
            (["bill", "--users", "1000...5000", "--step", "-1"], "--step: must be a positive number"),
        ]
        for (arguments, expected) in cases {
            let run = try fanout(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("fanout: error: \(expected)"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func outputFileIsWrittenWholeAndKeptOnError() throws {
        let path = try temporaryFile("bill.csv", "previous\n")
        let ok = try fanout(["bill", "--format", "csv", "--output", path])
        #expect(ok.status == 0)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("users,scenario,architecture"))
        let failed = try fanout(["bill", "--users", "-1", "--format", "csv", "--output", path])
        #expect(failed.status != 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
    }
}
