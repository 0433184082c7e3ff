import Foundation
import Gateway

/// `fanout serve` as a child process of this one, for measurements that must not count the load
/// generator: its resident memory and CPU time are read from `/proc/PID`.
///
/// Pinned to CPU 0 with `taskset` when there is one (the caller then pins itself to CPU 1), so on a
/// 2-core machine the server has a core and the load the other. Sendable because it is immutable
/// after `init` (its readings are files under /proc).
final class LiveServerProcess: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0
    private(set) var pinned = false

    /// Starts `fanout serve --port 0` with `arguments` and waits for its listening line.
    init(arguments: [String]) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let taskset = ["/usr/bin/taskset", "/bin/taskset"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let serve = ["serve", "--port", "0"] + arguments
        if let taskset, ProcessInfo.processInfo.activeProcessorCount >= 2 {
            process.executableURL = URL(fileURLWithPath: taskset)
            process.arguments = ["-c", "0", executable] + serve
            pinned = true
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = serve
        }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        let line = String(decoding: seen, as: UTF8.self)
        guard let range = line.range(of: "ws://127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw InputErrorText("fanout serve did not start: \(line.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        self.port = port
        if pinned, let taskset {
            let me = Process()
            me.executableURL = URL(fileURLWithPath: taskset)
            me.arguments = ["-p", "-c", "1", String(ProcessInfo.processInfo.processIdentifier)]
            me.standardOutput = FileHandle.nullDevice
            try? me.run()
            me.waitUntilExit()
        }
    }

    /// Resident memory of the server now, in bytes.
    var residentBytes: Int {
        guard let statm = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/statm", encoding: .utf8)
        else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    /// User plus system CPU seconds the server has used.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM (graceful shutdown), then waits for the exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A measurement failure, reported as one line.
struct InputErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
