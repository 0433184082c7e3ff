import Architectures
import FanoutInput
import Foundation
import Planning
import Scenarios
import Testing

/// The registry names every assumption issue 9 lists, each with a range, and varying one changes
/// nothing else.
struct AssumptionRegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let seed = PlanningInputs(scenario: Scenario(), architecture: .serverless(.builtIn(named: "seed")!))
    static let engine = PlanningInputs(scenario: Scenario(), architecture: .selfHosted(.builtIn))

    /// Issue 9, section 5's list, as registry keys.
    static let listed = [
        "latency.invocation_overhead_ms", "latency.dynamodb_request_ms", "latency.post_to_connection_ms",
        "latency.cpu_ms_per_sdk_call_at_one_vcpu", "latency.cold_start_ms_cdf", "latency.environment_keep_warm_seconds",
        "engine.network_cpu_us_per_delivery", "engine.os_bytes_per_connection",
        "engine.maximum_connections_per_instance", "scenario.sessions.disconnect_event_loss_ratio",
        "scenario.sessions.mean_minutes", "scenario.sessions.idle_timeout_counts_server_messages",
        "billing.data_transfer_out_for_websocket", "billing.connection_events_as_messages",
        "billing.round_connection_minutes",
    ]

    @Test(arguments: listed)
    func registryHasTheListedAssumptionWithARange(key: String) throws {
        let assumption = try #require(Assumption.named(key))
        let range = try #require(AssumptionRanges.builtIn.ranges[key])
        #expect(!range.reason.isEmpty)
        #expect(!assumption.stacks.isEmpty)
    }

    @Test func keysAreUniqueAndTheShippedRangesValidate() throws {
        #expect(Set(Assumption.registry.map(\.key)).count == Assumption.registry.count)
        try AssumptionRanges.builtIn.validate()
        #expect(Set(AssumptionRanges.builtIn.ranges.keys) == Set(Assumption.registry.map(\.key)))
    }

    @Test func compiledInRangesMatchTheFile() throws {
        let onDisk = try String(
            contentsOf: Self.root.appendingPathComponent(EmbeddedAssumptionRanges.ranges.path),
            encoding: .utf8
        )
        #expect(onDisk == EmbeddedAssumptionRanges.ranges.json + "\n", "rerun scripts/embed-models.sh")
    }

    @Test(arguments: [seed, engine])
    func eachVariationChangesOnlyItsOwnInput(base: PlanningInputs) throws {
        let ranges = AssumptionRanges.builtIn
        for assumption in Assumption.registry where assumption.applies(to: base) {
            let (low, high) = try #require(ranges.bounds(of: assumption, in: base))
            for value in [low, high] {
                let variant = assumption.applying(value, to: base)
                #expect(abs(assumption.value(in: variant) - value) <= 1e-12 * abs(value), "\(assumption.key)")
                let moved = value != assumption.value(in: base)
                #expect((variant != base) == moved, "\(assumption.key) at \(value)")
                for other in Assumption.registry where other.key != assumption.key && other.applies(to: base) {
                    #expect(
                        other.value(in: variant) == other.value(in: base),
                        "\(assumption.key) moved \(other.key)"
                    )
                }
                // Setting it back restores every input exactly: nothing else was touched.
                #expect(assumption.applying(assumption.value(in: base), to: variant) == base, "\(assumption.key)")
            }
        }
    }

    @Test func theColdStartVariationScalesDurationsAndKeepsProbabilities() throws {
        let assumption = try #require(Assumption.named("latency.cold_start_ms_cdf"))
        let doubled = assumption.applying(2 * assumption.value(in: Self.seed), to: Self.seed)
        #expect(doubled.latency.coldStartCDF == Self.seed.latency.coldStartCDF.map { [$0[0] * 2, $0[1]] })
    }

    @Test func assumptionsAreVariedOnlyOnTheStackTheyEnter() {
        let onSeed = Set(Assumption.registry.filter { $0.applies(to: Self.seed) }.map(\.key))
        let onEngine = Set(Assumption.registry.filter { $0.applies(to: Self.engine) }.map(\.key))
        #expect(onSeed.contains("latency.post_to_connection_ms") && !onEngine.contains("latency.post_to_connection_ms"))
        #expect(
            onEngine.contains("engine.os_bytes_per_connection") && !onSeed.contains("engine.os_bytes_per_connection")
        )
        #expect(
            onSeed.contains("scenario.sessions.mean_minutes") && onEngine.contains("scenario.sessions.mean_minutes")
        )
    }
}
