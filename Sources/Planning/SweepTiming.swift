public import FanoutInput
import Foundation
import Synchronization

/// How long a sweep took on so many workers: its wall time, and each architecture's runs,
/// summed run time and simulated events, so a slow sweep says which stack it waited on.
public struct SweepTiming: Sendable, Equatable {
    /// One architecture's part of the sweep.
    public struct Share: Sendable, Equatable {
        public var architecture: String
        public var runs: Int
        /// Wall seconds of its runs, summed (each run on one worker).
        public var runSeconds: Double
        /// Simulated events of its runs, summed (0 for bills).
        public var events: Double
    }

    public var runs: Int
    public var workers: Int
    /// Wall seconds from the first run's start to the last run's end.
    public var wallSeconds: Double
    /// In the order the architectures first appear in the specs.
    public var shares: [Share]

    /// Runs per wall second.
    public var runsPerSecond: Double { Double(runs) / wallSeconds }

    /// Summed run seconds of every architecture.
    public var runSeconds: Double { shares.reduce(0) { $0 + $1.runSeconds } }

    /// Executes `specs` as a sweep does (``SweepRunner``, `workers` at a time, in list order)
    /// and times them; nothing is stored.
    public static func measure(_ specs: [RunSpec], workers: Int) throws(InputError) -> SweepTiming {
        let names = specs.map(\.inputs.architectureName).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let totals = Mutex<[String: Share]>([:])
        let clock = ContinuousClock()
        let started = clock.now
        try SweepRunner.run(specs, workers: workers) { (spec, result) throws(InputError) in
            let name = spec.inputs.architectureName
            let events = result.metrics.first { $0.name == "events" }?.value ?? 0
            totals.withLock { totals in
                var share = totals[name] ?? Share(architecture: name, runs: 0, runSeconds: 0, events: 0)
                share.runs += 1
                share.runSeconds += result.wallSeconds
                share.events += events
                totals[name] = share
            }
        }
        let elapsed = clock.now - started
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let shares = totals.withLock { totals in names.compactMap { totals[$0] } }
        return SweepTiming(runs: specs.count, workers: workers, wallSeconds: wall, shares: shares)
    }
}

/// The median and the range of repeated measurements.
public struct Spread: Sendable, Equatable {
    public var median: Double
    public var minimum: Double
    public var maximum: Double
    public var count: Int

    /// The spread of `samples` (at least one); an even count's median is the mean of the middle two.
    public init(_ samples: [Double]) {
        precondition(!samples.isEmpty)
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        count = sorted.count
    }

    /// `3.21 (2.98–3.55)` with `format` for each figure (the range only with several samples).
    public func text(_ format: String) -> String {
        let median = String(format: format, median)
        guard count > 1 else { return median }
        return "\(median) (\(String(format: format, minimum))–\(String(format: format, maximum)))"
    }
}
