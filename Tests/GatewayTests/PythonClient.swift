import Foundation
import Testing

/// Runs `Resources/gateway_client.py` with the CI virtual environment's Python (`.venv-ci`, made by
/// `.ci/run`), or `FANOUT_TEST_PYTHON` if set.
enum PythonClient {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/gateway_client.py")

    /// The Python that has `websockets`, or `nil` (after failing the test under CI, or printing why
    /// it is skipped elsewhere).
    static func interpreter() -> String? {
        let candidates = [
            ProcessInfo.processInfo.environment["FANOUT_TEST_PYTHON"],
            repositoryRoot.appendingPathComponent(".venv-ci/bin/python").path,
        ].compactMap { $0 }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        let reason =
            "no Python with websockets: run `.ci/run` (it makes .venv-ci) or `python3 -m venv .venv-ci && .venv-ci/bin/pip install websockets`"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("GatewayTests under CI: \(reason)")
        } else {
            print("skipping Python client test: \(reason)")
        }
        return nil
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs one scenario; the output is the script's check lines and any traceback.
    static func run(_ python: String, _ arguments: [String], timeoutSeconds: Double = 60) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        let reader = DispatchQueue(label: "python-output")
        nonisolated(unsafe) var data = Data()
        let done = DispatchSemaphore(value: 0)
        reader.async {
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        done.wait()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
