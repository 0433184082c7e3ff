import Architectures
import Foundation
import Usage

extension ServiceUsage {
    /// Adds the expected cold starts' billed INIT time to each function; returns how many there are.
    ///
    /// Lambda bills the INIT phase of on-demand ZIP functions since 1 August 2025 (AWS Compute
    /// Blog, "AWS Lambda standardizes billing for INIT Phase"). An environment idle for
    /// `environment_keep_warm_seconds` is reclaimed, so an invocation is a cold start when the
    /// function had none in that time before it: with Poisson invocations at rate λ, a share
    /// e^(−λ·keep-warm) (**assumption**: it ignores the cold starts that bursts above the warm
    /// pool cause, which the simulator has; MODEL.md §5). Each costs the mean of
    /// `cold_start_ms_cdf`, billed at the function's memory.
    mutating func addColdStarts(latency: LambdaLatencyModel, monthSeconds: Double) -> Double {
        var total = 0.0
        let initMs = latency.expectedColdStartMs
        for (role, fn) in orderedFunctions where fn.requests > 0 {
            let perSecond = fn.requests / monthSeconds
            let share = Foundation.exp(-perSecond * latency.environmentKeepWarmSeconds)
            let starts = fn.requests * share
            var updated = fn
            updated.durationMs += starts * initMs
            updated.gbSeconds += starts * fn.memoryMB / 1024 * initMs / 1000
            lambda[role] = updated
            total += starts
        }
        return total
    }
}
