public import Architectures
import Dispatch
import Foundation
public import Scenarios

/// Independent replications of one simulation, run in parallel on all cores.
public enum Replications {
    /// Runs `count` replications with seeds `seed`, `seed + 1`, …; results come back in seed order,
    /// whatever order the cores finish in. `progress` counts the hours they close; `reconnects`
    /// says how retrying clients are represented.
    public static func run(
        count: Int,
        scenario: Scenario,
        architecture: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas,
        profile: DailyProfile,
        days: Double,
        seed: UInt64,
        progress: SimulationProgress? = nil,
        reconnects: ReconnectModel = .events
    ) -> [SimulationResult] {
        let slots = ResultSlots(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = ServerlessSimulation.run(
                scenario: scenario,
                architecture: architecture,
                latency: latency,
                quotas: quotas,
                profile: profile,
                settings: SimulationSettings(
                    days: days,
                    seed: seed &+ UInt64(index),
                    progress: progress,
                    reconnects: reconnects
                )
            )
            slots.store(result, at: index)
        }
        return slots.results
    }
}

/// Results written from several threads, each to its own slot.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [SimulationResult?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: SimulationResult, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var results: [SimulationResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
