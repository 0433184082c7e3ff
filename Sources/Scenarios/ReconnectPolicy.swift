import Foundation

/// How the post's client reconnects: ReconnectingWebSocket with its defaults (**assumption**
/// that the post keeps them).
///
/// After a connection closes, the first attempt comes after 1 s + U(0, 4) s. After the n-th
/// failed attempt the next comes after min(10 s, (1 s + U(0, 4) s) × 1.3ⁿ⁻¹). The simulator draws
/// these delays; the analytic path uses their expectations.
public enum ReconnectPolicy {
    public static let minimumSeconds = 1.0
    public static let jitterSeconds = 4.0
    public static let growth = 1.3
    public static let maximumSeconds = 10.0

    /// Expected delay before the next attempt after `failures` failed ones (0: after a close).
    public static func expectedDelaySeconds(afterFailures failures: Int) -> Double {
        if failures == 0 { return minimumSeconds + jitterSeconds / 2 }
        // (1 + 4U)·g is uniform on [g, 5g]; its mean capped at 10 s.
        let g = Foundation.pow(growth, Double(failures - 1))
        let low = minimumSeconds * g
        let high = (minimumSeconds + jitterSeconds) * g
        if high <= maximumSeconds { return (low + high) / 2 }
        if low >= maximumSeconds { return maximumSeconds }
        let below = (maximumSeconds * maximumSeconds - low * low) / 2
        return (below + maximumSeconds * (high - maximumSeconds)) / (high - low)
    }

    /// Expected seconds from a close to the attempt that succeeds, and expected attempts, when
    /// each attempt succeeds with probability `p` independently.
    public static func expectedReconnect(successProbability p: Double) -> (seconds: Double, attempts: Double) {
        guard p > 0 else { return (.infinity, .infinity) }
        var seconds = 0.0
        var reachFailures = 1.0  // chance that the attempt after `failures` failures happens
        var failures = 0
        while reachFailures > 1e-15 {
            let delay = expectedDelaySeconds(afterFailures: failures)
            if failures > 0, delay >= maximumSeconds {
                // Every later delay is the cap: Σ_{n ≥ failures} (1 − p)ⁿ · 10 = (1 − p)^failures · 10 / p.
                seconds += reachFailures * maximumSeconds / p
                break
            }
            seconds += reachFailures * delay
            reachFailures *= 1 - p
            failures += 1
        }
        return (seconds, 1 / p)
    }
}
