import SimKernel

/// A token bucket: `rate` tokens a second, at most `capacity` banked.
///
/// DynamoDB admits a request while the balance is positive and then charges what it consumed,
/// so the balance can go below zero and later requests wait for it to refill (**assumption**:
/// AWS documents burst capacity, not the admission rule).
struct TokenBucket {
    let rate: Double
    let capacity: Double
    private(set) var balance: Double
    private var updated: SimTime

    init(rate: Double, capacity: Double) {
        self.rate = rate
        self.capacity = capacity
        balance = capacity
        updated = .zero
    }

    /// Brings the balance to `now`.
    @inline(__always)
    mutating func refill(to now: SimTime) {
        guard now > updated else { return }
        balance = min(capacity, balance + rate * (now - updated).seconds)
        updated = now
    }

    /// The balance ``refill(to:)`` would bring to `time`, without changing the bucket.
    func balance(at time: SimTime) -> Double {
        time > updated ? min(capacity, balance + rate * (time - updated).seconds) : balance
    }

    /// Seconds until the balance is positive again (0 when it is).
    func secondsUntilPositive() -> Double {
        balance > 0 ? 0 : (rate > 0 ? -balance / rate + 1e-9 : .infinity)
    }

    /// Takes `amount` (the balance may go negative).
    mutating func charge(_ amount: Double) { balance -= amount }

    /// Takes up to `amount` spread over `seconds`, refilling meanwhile; returns what was granted.
    ///
    /// A negative balance is what earlier takes still draw while they run (a fan-out that has not
    /// finished): the refill during `seconds` repays it first, so takes that overlap share the rate.
    mutating func take(_ amount: Double, over seconds: Double) -> Double {
        let granted = min(amount, max(0, balance + rate * seconds))
        balance -= granted  // the refill during `seconds` repays what goes below zero
        return granted
    }
}
