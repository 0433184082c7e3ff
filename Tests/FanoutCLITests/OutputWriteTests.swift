import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--output` and `--timeseries`: all or nothing, durable, refusing links and read-only files,
/// and no partial file left behind by SIGINT or SIGTERM (or, after SIGKILL, by the next write).
struct OutputWriteTests {
    let cli = BillCommandTests()
    let strict = StrictInputTests()

    func partialFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".fanout-partial-") }
    }

    /// Starts `fanout bill --output target` with writes paused, and waits for its partial file.
    func startPausedWrite(_ target: String) throws -> Process {
        let process = Process()
        process.executableURL = BillCommandTests.binary
        process.arguments = ["bill", "--format", "csv", "--output", target]
        process.environment = ProcessInfo.processInfo.environment.merging(["FANOUT_TEST_WRITE_PAUSE_SECONDS": "120"]) {
            $1
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        // A debug `fanout bill` takes ~15 s alone and longer beside the rest of the suite on two cores.
        let deadline = Date().addingTimeInterval(120)
        while try partialFiles(in: directory).isEmpty, Date() < deadline { usleep(10_000) }
        return process
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedWriteLeavesNoPartialFile(signal: Int32) throws {
        let target = try cli.temporaryFile("bill.csv", "previous\n")
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        let process = try startPausedWrite(target)
        #expect(try partialFiles(in: directory).count == 1)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try partialFiles(in: directory).isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous\n")
    }

    @Test func killedWriteIsSweptByTheNextWrite() throws {
        let target = try cli.temporaryFile("bill.csv", "previous\n")
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        let process = try startPausedWrite(target)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try partialFiles(in: directory).count == 1)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous\n")
        let next = try cli.fanout(["bill", "--format", "csv", "--output", target])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try partialFiles(in: directory).isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("users,scenario"))
    }

    @Test func readOnlyTargetIsRefused() throws {
        let target = try cli.temporaryFile("ro.csv", "keep\n")
        chmod(target, 0o444)
        try strict.expectOneLine(
            ["bill", "--output", target],
            "\(target): exists and is read-only; Fanout does not replace it (remove it or make it writable)"
        )
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep\n")
    }

    @Test func symlinkTargetIsRefused() throws {
        let real = try cli.temporaryFile("real.csv", "keep\n")
        let link = URL(fileURLWithPath: real).deletingLastPathComponent().appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try strict.expectOneLine(
            ["bill", "--output", link],
            "\(link): is a symbolic link; Fanout does not write through links (name the file itself)"
        )
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "keep\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
    }

    @Test func timeseriesAndOutputMayNotNameTheSameFile() throws {
        let target = try cli.temporaryFile("same.csv", "keep\n")
        let other = URL(fileURLWithPath: target).deletingLastPathComponent().path + "/./same.csv"
        try strict.expectOneLine(
            ["simulate", "--users", "100", "--days", "0.05", "--output", target, "--timeseries", other],
            "--timeseries: names the same file as --output (\(target)); give each its own"
        )
    }

    @Test func timeseriesIsNotWrittenWhenOutputFails() throws {
        let directory = URL(fileURLWithPath: try cli.temporaryFile("x", "")).deletingLastPathComponent().path
        let timeseries = directory + "/hours.csv"
        let readOnly = try cli.temporaryFile("ro.csv", "keep\n")
        chmod(readOnly, 0o444)
        for output in [directory + "/missing/out.csv", readOnly] {
            let run = try cli.fanout([
                "simulate", "--users", "100", "--days", "0.05", "--timeseries", timeseries, "--output", output,
            ])
            #expect(run.status == 2)
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: timeseries))
        }
        #expect(try partialFiles(in: directory).isEmpty)
    }

    @Test func simulateRefusesFilesItWouldIgnore() throws {
        try strict.expectOneLine(
            ["simulate", "--users", "100", "--days", "0.05", "--calibration", "/no/such/calibration.json"],
            "--calibration: has no effect on simulate (the engine replay measures the engine itself); use it with bill"
        )
        for option in ["--quotas", "--latency"] {
            try strict.expectOneLine(
                ["simulate", "--architecture", "engine", "--users", "100", "--days", "0.05", option, "models.json"],
                "\(option): has no effect on the engine architecture (it describes Lambda and AWS quotas)"
            )
        }
        try strict.expectOneLine(
            ["bill", "--calibration", "/no/such/calibration.json"],
            "--calibration: has no effect on a serverless architecture (it sizes --architecture engine)"
        )
    }

    @Test func engineSimulationChecksPricesBeforeTheReplay() throws {
        let prices = try cli.temporaryFile("prices.json", #"{"name": "x",}"#)
        try strict.expectOneLine(
            ["simulate", "--architecture", "engine", "--users", "100000", "--days", "1", "--prices", prices],
            "\(prices): malformed JSON at line 1, column 14: trailing comma before '}'"
        )
    }
}

extension OutputWriteTests {
    @Test func aReplacedFileKeepsItsMode() throws {
        let target = try cli.temporaryFile("private.csv", "old\n")
        chmod(target, 0o600)
        let run = try cli.fanout(["bill", "--format", "csv", "--output", target])
        #expect(run.status == 0, "\(run.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("users,"))
    }

    @Test(arguments: ["directory", "/dev/null", "missing/out.csv", "new\nline.csv"])
    func oddOutputPaths(kind: String) throws {
        let directory = URL(fileURLWithPath: try cli.temporaryFile("x", "")).deletingLastPathComponent().path
        let target = kind == "directory" ? directory : kind.hasPrefix("/") ? kind : directory + "/" + kind
        let run = try cli.fanout(["bill", "--output", target])
        if kind.contains("\n") {
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: target))
        } else {
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.hasPrefix("fanout: error: \(target): "), "\(run.stderr)")
        }
        #expect(try partialFiles(in: directory).isEmpty)
    }
}
