import FanoutInput
import TextOutput

extension ModelOptions {
    /// The model files and overrides a run read, for an error about what it computed from them.
    func inputsDescription(extra: [String] = []) -> String {
        var parts = ["scenario \(scenario)", "architecture \(architecture)"]
        for (name, path) in [
            ("prices", prices), ("latency", latency), ("quotas", quotas), ("calibration", calibration),
        ] {
            if let path { parts.append("\(name) \(path)") }
        }
        let options: [(String, String?)] = [
            ("--hours-per-day", hoursPerDay), ("--month-hours", monthHours), ("--channels", channels.map(String.init)),
            ("--joins", joins.map(String.init)), ("--messages-per-user-day", messagesPerUserDay),
            ("--message-bytes", messageBytes.map(String.init)), ("--broadcasts-per-minute", broadcastsPerMinute),
            ("--broadcast-bytes", broadcastBytes.map(String.init)), ("--keepalive-seconds", keepaliveSeconds),
        ]
        parts += extra + options.compactMap { flag, value in value.map { "\(flag) \($0)" } }
        return parts.joined(separator: ", ")
    }
}

/// Throws unless every number in `report` is finite: a non-finite figure is never printed. The
/// validators' ranges are meant to make this unreachable, so the error names the figure and
/// every input it came from, for a bug report.
func requireFinite<T: Encodable>(_ report: T, inputs: @autoclosure () -> String) throws(InputError) {
    guard let (path, value) = nonFiniteFigure(in: report) else { return }
    throw InputError(
        source: "computed \(path.isEmpty ? "figure" : path)",
        keyPath: "",
        message: "is \(value) from \(inputs()) (a Fanout defect: please report this line)"
    )
}
