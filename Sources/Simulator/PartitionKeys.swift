import Architectures
import SimKernel

/// The partitions behind single partition keys: one token bucket per key, in partitions' worth
/// of throughput (a read unit is 1 / 3,000 of one, a write unit 1 / 1,000).
///
/// Keys are the channels' GSI keys (index = channel, 0 is `default`) and the table's first
/// partition, where every one-page Scan starts (``firstPage``). Only the reads of a send are
/// admitted against its key; GSI writes and the one-page Scans of `$disconnect` take their share
/// of the key's throughput without being refused by it (MODEL.md §3).
struct PartitionKeys {
    let capacity: PartitionCapacity
    /// Index of the table's first partition among the keys.
    let firstPage: Int
    /// (Columns, not arrays: a write checks no uniqueness. A run holds one set of keys and never
    /// copies it.)
    private var buckets: StateColumn<TokenBucket>
    /// Attempted load on each key over the current hour, in partition-seconds.
    private var hourLoad: StateColumn<Double>

    /// Keys for a table of `channels` topic channels whose partitions hold `capacity` each, with
    /// `burstSeconds` of unused throughput banked per partition.
    init(channels: Int, capacity: PartitionCapacity, burstSeconds: Double) {
        self.capacity = capacity
        firstPage = channels + 1
        buckets = StateColumn(repeating: TokenBucket(rate: 1, capacity: max(1, burstSeconds)), count: channels + 2)
        hourLoad = StateColumn(repeating: 0, count: channels + 2)
    }

    /// Seconds until `key`'s partition admits a request (0 when it does now).
    mutating func secondsUntilAdmitted(_ key: Int, at now: SimTime) -> Double {
        buckets[key].refill(to: now)
        return buckets[key].secondsUntilPositive()
    }

    /// Charges `readUnits` consumed on `key`; `attemptedReadUnits` is what the request asked for.
    mutating func chargeReads(_ key: Int, readUnits: Double, attemptedReadUnits: Double, at now: SimTime) {
        buckets[key].refill(to: now)
        buckets[key].charge(readUnits / capacity.readUnitsPerSecond)
        hourLoad[key] += attemptedReadUnits / capacity.readUnitsPerSecond
    }

    /// Charges `writeUnits` written on `key`.
    mutating func chargeWrites(_ key: Int, writeUnits: Double, at now: SimTime) {
        buckets[key].refill(to: now)
        let load = writeUnits / capacity.writeUnitsPerSecond
        buckets[key].charge(load)
        hourLoad[key] += load
    }

    /// The busiest key of the hour that ends, as its mean load over `seconds`; resets the hour.
    mutating func closeHour(seconds: Double) -> (key: Int, load: Double) {
        var busiest = (key: 0, load: 0.0)
        for (key, load) in hourLoad.enumerated() where load > busiest.load { busiest = (key, load) }
        for key in hourLoad.indices { hourLoad[key] = 0 }
        return (busiest.key, busiest.load / seconds)
    }
}
