import Foundation
import SimKernel
import TextOutput

extension BenchDESCommand {
    /// SimPy could not be run; the reason is printed instead of the ratio.
    struct BaselineUnavailable: Error, CustomStringConvertible { var description: String }

    /// Runs a SimPy script of `Benchmarks/` with `python` and parses its one JSON line.
    func runSimPyScript(_ script: String, _ arguments: [String]) -> Result<[String: Any], BaselineUnavailable> {
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(BaselineUnavailable(description: "\(script) not found (run from the repository root)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return .failure(BaselineUnavailable(description: "cannot start \(python)")) }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            let reason =
                errors.contains("No module named 'simpy'")
                ? "simpy is not installed (pip install simpy)"
                : "the script failed: \(errors.split(separator: "\n").last ?? "")"
            return .failure(BaselineUnavailable(description: reason))
        }
        return .success(object)
    }

    /// The hold model at `pending` events against SimPy's (`Benchmarks/simpy_hold.py`), in
    /// `repeats` pairs run back to back so each ratio compares runs made under the same load;
    /// the report's lines.
    func holdAgainstSimPy(pending: Int = 1_000) -> [String] {
        var fanoutRates: [Double] = []
        var simpyRates: [Double] = []
        var version = "?"
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            var checksum: Int64 = 0
            let elapsed = clock.measure { checksum = HoldModel.run(pending: pending, steps: steps, seed: 1) }
            precondition(checksum != 0, "the hold model did no work")
            fanoutRates.append(Double(steps) / elapsed.seconds)
            switch runSimPyScript(simpyHoldScript, ["--pending", String(pending), "--holds", String(simpyHolds)]) {
            case .success(let object):
                guard let holds = object["holds"] as? Int, let seconds = object["seconds"] as? Double, seconds > 0
                else { return ["  SimPy hold baseline skipped: \(simpyHoldScript) printed no holds and seconds"] }
                version = object["simpy"] as? String ?? "?"
                simpyRates.append(Double(holds) / seconds)
            case .failure(let reason):
                return ["  SimPy hold baseline skipped: \(reason)"]
            }
        }
        // The exponential draws alone, timed beside the pairs: a floor under the kernel's hold.
        var drawSeconds: [Double] = []
        for _ in 0..<repeats {
            var checksum: Int64 = 0
            let elapsed = clock.measure { checksum = HoldModel.drawsOnly(steps: steps, seed: 1) }
            precondition(checksum != 0, "the draws did no work")
            drawSeconds.append(elapsed.seconds)
        }
        let ratios = zip(fanoutRates, simpyRates).map { $0 / $1 }.sorted()
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let span = { (values: [Double], format: String) in
            String(format: format, values.min()!) + "–" + String(format: format, values.max()!)
        }
        return [
            "\nhold model at \(grouped(pending)) pending against SimPy \(version) (\(simpyHoldScript)), "
                + "\(counted(Double(repeats), "pair")) run back to back:",
            "  Fanout kernel: median \(String(format: "%.1f", median(fanoutRates) / 1e6)) M holds/s "
                + "(\(span(fanoutRates.map { $0 / 1e6 }, "%.1f")) M), \(grouped(steps)) holds a run",
            "  SimPy: median \(String(format: "%.3f", median(simpyRates) / 1e6)) M holds/s "
                + "(\(span(simpyRates.map { $0 / 1e6 }, "%.3f")) M), \(grouped(simpyHolds)) holds a run",
            "  ratio: median \(String(format: "%.0f", median(ratios)))× SimPy "
                + "(\(span(ratios, "%.0f"))× over the pairs; goal ≥ 100×)",
            "  a hold takes \(String(format: "%.1f", 1e9 / median(fanoutRates))) ns; 100× SimPy needs "
                + "\(String(format: "%.1f", 1e9 / (100 * median(simpyRates)))) ns, and the exponential draw alone "
                + "(the same draws, no queue, \(counted(Double(repeats), "run"))) takes "
                + "\(String(format: "%.1f", median(drawSeconds) * 1e9 / Double(steps))) ns",
        ]
    }
}
