import Dispatch
import Foundation
import Simulator

#if canImport(Glibc)
import Glibc
#endif

/// A progress line on standard error while a simulation runs, only when standard error is a
/// terminal (never in a pipe, a file or a test), rewritten in place once a second and cleared at
/// the end: `simulating: hour 36 of 168 (21 %), 0:12 elapsed`.
final class ProgressLine: @unchecked Sendable {
    let progress = SimulationProgress()
    private let totalHours: Int
    private let started = Date()
    private var timer: (any DispatchSourceTimer)?

    /// Starts the line for `replications` runs of `days` each, if standard error is a terminal.
    init(days: Double, replications: Int) {
        totalHours = max(1, Int((days * 24).rounded(.up)) * replications)
        guard isatty(STDERR_FILENO) == 1 else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "fanout.progress"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [self] in draw() }
        timer.resume()
        self.timer = timer
    }

    private func draw() {
        let done = min(progress.completedHours, totalHours)
        let seconds = Int(Date().timeIntervalSince(started))
        let line = String(
            format: "\rsimulating: hour %d of %d (%d %%), %d:%02d elapsed\u{1B}[K",
            done,
            totalHours,
            done * 100 / totalHours,
            seconds / 60,
            seconds % 60
        )
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
