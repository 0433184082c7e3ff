public import FanoutInput
import Foundation
import Synchronization

/// Executes a sweep's runs in parallel, `workers` at a time, handing each result to `finished`
/// as soon as it is done (so a store keeps every finished run even if the process dies).
public enum SweepRunner {
    /// Runs `specs` on `workers` threads in list order; `finished` is called from the worker
    /// that ran it. The first error (from a run or from `finished`) stops the sweep: runs
    /// already started finish, no new one starts, and the error is thrown.
    public static func run(
        _ specs: [RunSpec],
        workers: Int,
        machine: String = "",
        finished: @Sendable (RunSpec, RunResult) throws(InputError) -> Void
    ) throws(InputError) {
        let next = Atomic<Int>(0)
        let failure = Mutex<InputError?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, specs.count))) { _ in
            while failure.withLock({ $0 == nil }) {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < specs.count else { return }
                do throws(InputError) {
                    let result = try specs[index].execute(machine: machine)
                    try finished(specs[index], result)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
