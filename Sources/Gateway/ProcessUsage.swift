import Foundation

/// This process's CPU time and resident memory, for `/metrics` and the live calibration.
public struct ProcessUsage: Sendable, Equatable {
    /// User plus system CPU seconds since the process started (getrusage).
    public var cpuSeconds: Double
    /// Resident set size now, in bytes (`/proc/self/statm`).
    public var residentBytes: Int

    /// The current figures.
    public static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) * 1e-6
        var resident = 0
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { resident = pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        return ProcessUsage(cpuSeconds: cpu, residentBytes: resident)
    }
}
