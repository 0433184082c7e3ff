import Dispatch
import Foundation
import Simulator

#if canImport(Glibc)
import Glibc
#endif

/// A progress line on standard error while a simulation runs, only when standard error is a
/// terminal (never in a pipe, a file or a test), rewritten in place once a second and cleared at
/// the end: `simulating: hour 36 of 168 (21 %), 0:12 elapsed`, or for a sweep
/// `sweeping: run 3 of 12 (25 %), 0:12 elapsed, 0:36 remaining`.
final class ProgressLine: @unchecked Sendable {
    /// Counts what is done: simulated hours, or a sweep's finished runs.
    let progress = SimulationProgress()
    private let totalHours: Int
    private let started = Date()
    private var timer: (any DispatchSourceTimer)?
    /// `simulating: hour` or `sweeping: run`.
    private let label: String
    private let showsRemaining: Bool

    /// Starts the line for `replications` runs of `days` each, if standard error is a terminal.
    convenience init(days: Double, replications: Int) {
        self.init(total: Int((days * 24).rounded(.up)) * replications, label: "simulating: hour", remaining: false)
    }

    /// Starts the line for a sweep of `runs` runs (counted with `progress.hourClosed()`), if
    /// standard error is a terminal and not `quiet`.
    convenience init(runs: Int, quiet: Bool) {
        self.init(total: runs, label: "sweeping: run", remaining: true, quiet: quiet)
    }

    private init(total: Int, label: String, remaining: Bool, quiet: Bool = false) {
        totalHours = max(1, total)
        self.label = label
        showsRemaining = remaining
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "fanout.progress"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [self] in draw() }
        timer.resume()
        self.timer = timer
    }

    private func draw() {
        let done = min(progress.completedHours, totalHours)
        let seconds = Int(Date().timeIntervalSince(started))
        var line =
            "\r\(label) "
            + String(
                format: "%d of %d (%d %%), %d:%02d elapsed",
                done,
                totalHours,
                done * 100 / totalHours,
                seconds / 60,
                seconds % 60
            )
        if showsRemaining, done > 0 {
            let remaining = seconds * (totalHours - done) / done
            line += String(format: ", %d:%02d remaining", remaining / 60, remaining % 60)
        }
        line += "\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Stops and clears the line.
    func finish() {
        guard let timer else { return }
        timer.cancel()
        self.timer = nil
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
