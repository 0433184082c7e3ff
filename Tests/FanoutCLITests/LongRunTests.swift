import Foundation
import Testing

/// `simulate` estimates a run before starting it, and shows progress only on a terminal.
struct LongRunTests {
    let cli = BillCommandTests()

    @Test func aBillionUsersIsRefusedBeforeAnythingIsAllocated() throws {
        let run = try cli.fanout(["simulate", "--users", "1000000000"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("fanout: error: --users: the run needs about 136.0 GB of memory"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("use fewer users, days or replications, or --force\n"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        let file = try cli.temporaryFile("billion.json", #"{"users": 1000000000}"#)
        let fromFile = try cli.fanout(["simulate", "--scenario", file])
        #expect(fromFile.status == 2)
        #expect(fromFile.stderr.hasPrefix("fanout: error: \(file): users: the run needs about"), "\(fromFile.stderr)")
    }

    @Test func noProgressLineWhenStandardErrorIsNotATerminal() throws {
        let run = try cli.fanout(["simulate", "--users", "500", "--days", "0.1"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func progressLineOnATerminal() throws {
        // util-linux `script` gives the child a pseudo-terminal; the run lasts a few seconds.
        let script = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: script))
        let output = try cli.temporaryFile("out.txt", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        let command = [
            BillCommandTests.binary.path, "simulate", "--users", "100000", "--days", "0.04", "--architecture",
            "indexed", "--output", output,
        ]
        process.arguments = ["-qec", command.joined(separator: " "), "/dev/null"]
        let capture = try BillCommandTests.captureFile("terminal")
        process.standardOutput = capture.handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try capture.handle.close()
        let terminal = try String(contentsOf: capture.url, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(terminal)")
        #expect(terminal.contains("\rsimulating: hour "), "\(terminal)")
        #expect(terminal.contains(" of 1 ("))
        #expect(terminal.hasSuffix("\r\u{1B}[K"), "the line is cleared at the end")
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("indexed architecture"))
    }
}
