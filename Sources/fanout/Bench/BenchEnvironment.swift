import Foundation

/// What the machine was doing while a benchmark ran: its CPU, its cores and the load average
/// before and after, so a figure is read with the conditions it was measured under.
struct BenchEnvironment {
    /// Load per core above which the figures understate what the machine can do.
    static let busyLoadPerCore = 0.5

    let cpuModel: String
    let cores: Int
    let loadBefore: Double?

    /// Reads the machine now (Linux `/proc`; elsewhere the CPU is "unknown" and the load nil).
    init() {
        cores = ProcessInfo.processInfo.activeProcessorCount
        cpuModel = Self.cpuModel() ?? "unknown CPU"
        loadBefore = Self.loadAverage()
    }

    /// The header line: CPU, cores, load before.
    var header: String {
        "machine: \(cpuModel), \(cores) cores; load average (1 min) before: \(Self.format(loadBefore))"
    }

    /// The footer: load after, and a warning when either reading was above half a core each.
    func footer() -> String {
        let after = Self.loadAverage()
        var out = "load average (1 min) after: \(Self.format(after))"
        let busiest = max(loadBefore ?? 0, after ?? 0)
        if busiest > Self.busyLoadPerCore * Double(cores) {
            out +=
                "\nwarning: the load average was above \(Self.busyLoadPerCore) per core; other work shared the cores and these figures understate this machine"
        }
        return out
    }

    static func format(_ load: Double?) -> String { load.map { String(format: "%.2f", $0) } ?? "unknown" }

    /// The 1-minute load average from `/proc/loadavg`.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first
        else { return nil }
        return Double(first)
    }

    /// The first `model name` in `/proc/cpuinfo`.
    static func cpuModel() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
