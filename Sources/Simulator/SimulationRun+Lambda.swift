import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Lambda's admission: account concurrency, per-function scaling, warm environments and cold starts.
extension SimulationRun {
    mutating func commit(_ evaluated: Evaluated) {
        if evaluated.isMemoised {
            memoCounts[evaluated.index] += 1
        } else {
            usage.record(fullOutcome(evaluated), times: monthScale)
        }
    }

    /// Admits an outcome's invocations to Lambda: account concurrency, warm environments, cold
    /// starts and the per-function scaling rate. Returns false when Lambda refused (429); a cold
    /// start adds its init time to the billed duration (the outcome is then billed on its own).
    mutating func admit(_ evaluated: inout Evaluated) -> Bool {
        let nowMs = now.nanoseconds / 1_000_000
        let count = evaluated.run.executionCount
        if refusesForConcurrency(executions: count) { return false }
        // Which executions need a new environment (bit i: the i-th), and may the function add one?
        var cold: UInt8 = 0
        for i in 0..<count {
            let role = evaluated.run[execution: i].role
            var coldOfRole = 0
            for j in 0..<i where cold >> j & 1 == 1 && evaluated.run[execution: j].role == role { coldOfRole += 1 }
            if roleRunning.running(role) + coldOfRole >= environments[role] { cold |= 1 << i }
        }
        if cold != 0 {
            for i in 0..<count where cold >> i & 1 == 1 {
                let execution = evaluated.run[execution: i]
                scalingBuckets[execution.role].refill(to: now)
                if scalingBuckets[execution.role].balance < 1 {
                    lambdaThrottles += 1
                    noteLimit(
                        .lambdaScalingRate(
                            function: execution.function,
                            demand: Double(environments[execution.role] + 1),
                            capacity: quotas.lambdaScalingPer10Seconds.value
                        )
                    )
                    return false
                }
            }
            var outcome = fullOutcome(evaluated)
            for i in 0..<count where cold >> i & 1 == 1 {
                let role = evaluated.run[execution: i].role
                scalingBuckets[role].charge(1)
                environments[role] += 1
                coldStarts += 1
                outcome.invocations[i].durationMs += coldStart.sample(using: &coldStartRNG)
            }
            evaluated = own(outcome)
        }
        startExecutions(of: evaluated.run, nowMs: nowMs)
        return true
    }

    /// Whether the account's concurrency refuses (429) a handler that starts `executions`
    /// executions now, counting and noting the refusal; first brings the running executions and
    /// the warm environments to now, which ``admit(_:)`` needs either way.
    @inline(__always)
    mutating func refusesForConcurrency(executions count: Int) -> Bool {
        roleRunning.advance(to: now.nanoseconds / 1_000_000)
        if now.nanoseconds - environmentWindowStart.nanoseconds >= keepWarmNanoseconds { reclaimEnvironments() }
        let running = roleRunning.total
        let limit = concurrencyLimit
        guard Double(running + count) > limit else { return false }
        lambdaThrottles += 1
        let demand = Double(running + count)
        noteLimit(.lambdaConcurrency, demand: demand) { .lambdaConcurrency(demand: demand, capacity: limit) }
        return true
    }

    /// Environments idle for a whole keep-warm window are reclaimed.
    @inline(never)
    mutating func reclaimEnvironments() {
        for role in environments.indices {
            environments[role] = min(environments[role], max(windowPeak[role], roleRunning.running(role)))
            windowPeak[role] = roleRunning.running(role)
        }
        environmentWindowStart = now
    }

    /// Starts an admitted run's executions, keeping each function's keep-warm peak and the hour's.
    @inline(__always)
    mutating func startExecutions(of run: HandlerRun, nowMs: Int64) {
        let running = roleRunning.total
        for i in 0..<run.executionCount {
            let execution = run[execution: i]
            roleRunning.start(execution.role, endingAt: nowMs + execution.billedMs)
            let runningOfRole = roleRunning.running(execution.role)
            if runningOfRole > windowPeak[execution.role] { windowPeak[execution.role] = runningOfRole }
            if execution.timedOut { lambdaTimeouts += 1 }
        }
        hourConcurrency = max(hourConcurrency, Double(running + run.executionCount))
    }

    /// The functions, in the order of their indices in the per-function state.
    static let roles = FunctionRole.allCases

    /// `role`'s index in ``roles``.
    static func roleIndex(_ role: FunctionRole) -> Int { roles.firstIndex(of: role)! }
}
