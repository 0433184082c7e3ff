import Foundation
public import Scenarios
import Synchronization
import Workloads

/// What a `simulate` run will take, estimated before it starts: events to handle and peak memory.
///
/// Events: two per session (its connect and its end; joins and disconnect handlers run inside
/// them) plus every user message and broadcast, which is what the simulated month in the README
/// measured (75 M events for 100,000 users over 30 days). Retries after throttling come on top,
/// so it is a lower bound. Memory: 30 MB of process and tables, plus per user about 120 bytes
/// (user, connection and event records with the growth slack of their arrays) and 8 bytes per
/// joined channel, plus 24 bytes per channel; replications running at once each need their own.
public struct RunEstimate: Sendable, Equatable {
    /// Events of all replications (at least).
    public var events: Double
    /// Peak resident bytes.
    public var bytes: Double

    /// Events a second the simulator handled in the README's measured month (release build).
    public static let measuredEventsPerSecond = 7.75e6
    /// Most events accepted without `--force`: about 20 minutes at the measured rate.
    public static let maximumEvents = 1e10
    /// Largest share of the machine's memory accepted without `--force`.
    public static let maximumMemoryShare = 0.75

    public init(scenario: Scenario, days: Double, replications: Int, parallel: Int) {
        let workload = Workload(scenario)
        let seconds = days * 86_400
        let perRun =
            (2 * workload.connectsPerSecond + workload.userSendsPerSecond + workload.broadcastsPerSecond) * seconds
            + scenario.users
        events = perRun * Double(replications)
        let perReplication =
            30e6 + scenario.users * (120 + 8 * Double(scenario.channels.joinsPerConnection))
            + 24 * Double(scenario.channels.count)
        bytes = perReplication * Double(max(1, min(replications, parallel)))
    }

    /// Why the run is refused on a machine with `physicalMemory` bytes, or `nil` when it fits.
    public func refusal(physicalMemory: Double) -> String? {
        let memory = bytes > physicalMemory * Self.maximumMemoryShare
        guard memory || events > Self.maximumEvents else { return nil }
        let minutes = events / Self.measuredEventsPerSecond / 60
        return
            "the run needs about \(Self.gigabytes(bytes)) of memory (this machine has \(Self.gigabytes(physicalMemory))) and at least \(Self.scientific(events)) events (about \(Self.duration(minutes)) at \(Self.scientific(Self.measuredEventsPerSecond)) events/s); use fewer users, days or replications, or --force"
    }

    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.0f MB", bytes / 1e6)
    }

    static func scientific(_ value: Double) -> String { String(format: "%.3g", value) }

    static func duration(_ minutes: Double) -> String {
        minutes < 90 ? String(format: "%.0f min", max(1, minutes)) : String(format: "%.0f h", minutes / 60)
    }
}

/// Simulated hours completed, shared by the replications of a run and read by a progress line.
public final class SimulationProgress: Sendable, Equatable {
    private let hours = Atomic<Int>(0)

    public init() {}

    /// Hours closed so far, summed over replications.
    public var completedHours: Int { hours.load(ordering: .relaxed) }

    /// Called by a replication when it closes a simulated hour.
    public func hourClosed() { hours.wrappingAdd(1, ordering: .relaxed) }

    public static func == (a: SimulationProgress, b: SimulationProgress) -> Bool { a === b }
}
