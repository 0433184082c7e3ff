import Foundation
import RunStore
import TestSupport
import Testing

/// Runs the built `fanout` as a user would: output to files, not pipes (see
/// FanoutCLITests/BillCommandTests.swift).
enum CLI {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root, found upwards from the test bundle.
    static let root: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
            dir.path != "/"
        {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    /// The `fanout` built beside these tests (the debug one, with the tests' own code).
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fanout").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fanout")
    }()

    static func run(_ executable: URL, _ arguments: [String], in directory: String) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let id = UUID().uuidString
        let out = URL(fileURLWithPath: directory).appendingPathComponent("stdout-\(id)")
        let err = URL(fileURLWithPath: directory).appendingPathComponent("stderr-\(id)")
        try Data().write(to: out)
        try Data().write(to: err)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }

    static func fanout(_ arguments: [String], in directory: String) throws -> Run {
        try run(binary, arguments, in: directory)
    }

    static func temporaryDirectory() throws -> String {
        try ScratchDirectory.make("report").path
    }
}

@Suite struct ReportCommandTests {
    /// Each bad store is one line on standard error, a non-zero exit and no report file.
    @Test func badStoresAreOneLineErrorsAndWriteNothing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data().write(to: URL(fileURLWithPath: "\(dir)/empty.sqlite"))
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/text.sqlite"))
        let onlyAnalyses = try CLI.fanout(
            ["sensitivity", "--users", "2000", "--architecture", "indexed", "--db", "analyses.sqlite"],
            in: dir
        )
        #expect(onlyAnalyses.status == 0, "\(onlyAnalyses.stderr)")
        let cases = [
            ("missing.sqlite", "no such file"), ("empty.sqlite", "is empty"), ("text.sqlite", "not an SQLite database"),
            ("analyses.sqlite", "holds no runs"),
        ]
        for (file, message) in cases {
            let run = try CLI.fanout(["report", "--db", file, "--output", "report.html"], in: dir)
            #expect(run.status != 0, "\(file)")
            #expect(run.stderr.hasPrefix("fanout: error: \(file)"), "\(file): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(file): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(file): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/report.html"), "\(file)")
        }
    }

    /// A store of bill runs only: the charts it can draw, and notes with the commands for the rest.
    @Test func missingDataIsNamedWithTheCommandThatStoresIt() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sweep = try CLI.fanout(
            ["sweep", "--users", "1000,2000", "--architecture", "indexed,engine", "--db", "runs.sqlite", "--quiet"],
            in: dir
        )
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let first = try CLI.fanout(["report", "--db", "runs.sqlite", "--output", "a.html"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLI.fanout(["report", "--db", "runs.sqlite", "--output", "b.html"], in: dir)
        #expect(second.status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.html"))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: "\(dir)/b.html"))), "the same store, other bytes")
        let html = String(decoding: a, as: UTF8.self)
        #expect(html.contains("No simulated run with a time series is stored."))
        #expect(html.contains("--mode simulate --days 1 --db runs.sqlite"))
        #expect(html.contains("No sensitivity report is stored."))
        #expect(html.contains("fanout sensitivity --users 1000 --architecture engine --db runs.sqlite"))
        #expect(html.contains("fanout breaks --architecture engine,indexed --db runs.sqlite"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"))
        #expect(!html.contains("<script"))
    }
}
