import Foundation
import RunStore
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// Runs the built `fanout sweep` and `fanout runs` as a user would (output to files, not pipes:
/// see FanoutCLITests/BillCommandTests.swift).
@Suite(.serialized) struct SweepCommandTests {
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fanout").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fanout")
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `fanout` with `arguments`; standard output and error go to files in `directory`.
    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
        -> (Process, URL, URL)
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let id = UUID().uuidString
        let out = URL(fileURLWithPath: directory).appendingPathComponent("stdout-\(id)")
        let err = URL(fileURLWithPath: directory).appendingPathComponent("stderr-\(id)")
        try Data().write(to: out)
        try Data().write(to: err)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    static func fanout(_ arguments: [String], in directory: String) throws -> Run {
        let (process, out, err) = try start(arguments, in: directory)
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }

    static func temporaryDirectory() throws -> String {
        try ScratchDirectory.make().path
    }

    static let grid = [
        "sweep", "--users", "1000...40000", "--step", "1000", "--architecture", "indexed,engine", "--quiet",
    ]

    @Test func aSweepKilledMidRunAndRerunHoldsEveryRunExactlyOnce() throws {
        let dir = try Self.temporaryDirectory()
        let db = dir + "/runs.sqlite"
        let (process, _, _) = try Self.start(
            Self.grid + ["--db", db],
            in: dir,
            environment: ["FANOUT_TEST_SWEEP_PAUSE_SECONDS": "0.03"]
        )
        // Kill it once a few runs are stored, while the rest are computing or being written.
        let deadline = Date().addingTimeInterval(60)
        var storedAtKill = 0
        while Date() < deadline {
            usleep(20_000)
            guard FileManager.default.fileExists(atPath: db),
                let count = try? RunStore(path: db).storedHashes().count
            else { continue }
            if count >= 5 {
                storedAtKill = count
                break
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(storedAtKill >= 5 && storedAtKill < 80, "stored \(storedAtKill) of 80 when killed")

        let rerun = try Self.fanout(Self.grid + ["--db", db], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let store = try RunStore(path: db)
        let runs = try store.runsWithDetails()
        #expect(runs.count == 80)
        #expect(Set(runs.map(\.configurationHash)).count == 80)
        let points = Set(runs.map { "\($0.architecture) \(Int($0.users))" })
        let expected = Set(["indexed", "engine"].flatMap { a in (1...40).map { "\(a) \($0 * 1000)" } })
        #expect(points == expected)
        #expect(runs.allSatisfy { !$0.lineItems.isEmpty })
        #expect(try store.integrityCheck() == ["ok"])

        let again = try Self.fanout(
            ["sweep", "--users", "1000...40000", "--step", "1000", "--architecture", "indexed,engine", "--db", db],
            in: dir
        )
        #expect(again.stdout.contains("80 runs in the grid, 80 already stored, 0 run and stored"))
    }

    @Test func aNonDatabaseDBIsRefusedInOneLineAndUntouched() throws {
        let dir = try Self.temporaryDirectory()
        let path = dir + "/notes.txt"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.fanout(["sweep", "--architecture", "indexed", "--db", path], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr == "fanout: error: \(path): is not a Fanout run store (not an SQLite database)\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my notes\n")
        let export = try Self.fanout(["runs", "export", "--db", path], in: dir)
        #expect(export.status == 2 && export.stdout.isEmpty)
    }

    @Test func aBadKeyPathOrArchitectureWritesNothing() throws {
        let dir = try Self.temporaryDirectory()
        let db = dir + "/runs.sqlite"
        let vary = try Self.fanout(
            ["sweep", "--architecture", "indexed", "--vary", "broadcasts.sizebytes=1,2", "--db", db],
            in: dir
        )
        #expect(vary.status == 2)
        #expect(vary.stderr.hasPrefix("fanout: error: --vary: unknown scenario key path 'broadcasts.sizebytes'"))
        let architecture = try Self.fanout(["sweep", "--architecture", "indexed,nope", "--db", db], in: dir)
        #expect(architecture.status == 2 && architecture.stderr.contains("'nope'"))
        let shard = try Self.fanout(["sweep", "--architecture", "indexed", "--shard", "3/2", "--db", db], in: dir)
        #expect(shard.status == 2 && shard.stderr.contains("--shard"))
        // A simulation the estimate refuses (as simulate would) stops the sweep before any run.
        let big = try Self.fanout(
            [
                "sweep", "--users", "1000,100000000", "--architecture", "indexed", "--mode", "simulate", "--days",
                "30", "--db", db,
            ],
            in: dir
        )
        #expect(big.status == 2)
        #expect(big.stderr.hasPrefix("fanout: error: --users: at 100000000 users on indexed: the run needs about"))
        #expect(big.stderr.hasSuffix("or --force\n") && big.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func runsListShowAndExportReadTheStore() throws {
        let dir = try Self.temporaryDirectory()
        let db = dir + "/runs.sqlite"
        let sweep = try Self.fanout(
            [
                "sweep", "--users", "20000,40000", "--architecture", "indexed", "--vary",
                "broadcasts.size_bytes=2048,16384", "--dto", "--db", db,
            ],
            in: dir
        )
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.hasPrefix("sweep: 4 runs in the grid, 0 already stored, 4 run and stored in \(db)"))
        let list = try Self.fanout(["runs", "list", "--db", db], in: dir)
        #expect(list.stdout.split(separator: "\n").count == 5)
        let show = try Self.fanout(["runs", "show", "1", "--db", db], in: dir)
        #expect(show.stdout.hasPrefix("run 1: bill indexed"))
        let csv = dir + "/curves.csv"
        let export = try Self.fanout(["runs", "export", "--db", db, "--wide", "--output", csv], in: dir)
        #expect(export.status == 0 && export.stdout.isEmpty)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 5)
        #expect(rows[0].hasPrefix("run_id,configuration_hash,"))
        #expect(rows[0].contains("usd_api_gateway") && rows[0].contains("usd_data_transfer"))
        let json = try Self.fanout(["runs", "export", "--db", db, "--format", "json"], in: dir)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 4)
        #expect(Set(array.compactMap { $0["total_usd"] as? Double }).count == 4)
    }
}
