/// A per-connection token bucket: each inbound message takes one token; tokens refill at a steady
/// rate up to the bucket's size. A client that finds the bucket empty is abusing the connection.
struct InboundRateLimiter {
    /// Tokens added per second.
    let tokensPerSecond: Double
    /// Most tokens the bucket holds.
    let capacity: Double
    private var tokens: Double
    private var lastRefillNanoseconds: UInt64

    init(tokensPerSecond: Double, capacity: Double, nowNanoseconds: UInt64) {
        self.tokensPerSecond = tokensPerSecond
        self.capacity = capacity
        self.tokens = capacity
        self.lastRefillNanoseconds = nowNanoseconds
    }

    /// Takes one token; `false` if none was left.
    mutating func admit(nowNanoseconds: UInt64) -> Bool {
        if nowNanoseconds > lastRefillNanoseconds {
            let elapsedSeconds = Double(nowNanoseconds - lastRefillNanoseconds) * 1e-9
            tokens = min(capacity, tokens + elapsedSeconds * tokensPerSecond)
            lastRefillNanoseconds = nowNanoseconds
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
