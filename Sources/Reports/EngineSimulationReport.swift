import Architectures
public import Billing
import Foundation
public import Simulator
import TextOutput

/// `fanout simulate --architecture engine`: the engine's bill sized from what the replay measured,
/// next to the measured CPU time of every kind of engine operation.
///
/// Its JSON is the bill's object plus `simulated_days`, `seed`, `deliveries`, `dropped` and
/// `measured_operations[]` (`name`, `count`, `cpu_seconds`, `ns_each`).
public struct EngineSimulationReport: Encodable, Sendable {
    public var bill: Bill
    public var days: Double
    public var seed: UInt64
    public var replay: EngineReplay.Result

    public init(bill: Bill, days: Double, seed: UInt64, replay: EngineReplay.Result) {
        self.bill = bill
        self.days = days
        self.seed = seed
        self.replay = replay
    }

    enum CodingKeys: String, CodingKey {
        case days = "simulated_days"
        case seed, deliveries, dropped
        case operations = "measured_operations"
    }

    public func encode(to encoder: any Encoder) throws {
        try bill.rounded().encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(days, forKey: .days)
        try c.encode(seed, forKey: .seed)
        try c.encode(replay.deliveries, forKey: .deliveries)
        try c.encode(replay.dropped, forKey: .dropped)
        try c.encode(
            replay.operations.map {
                var op = $0
                op.cpuSeconds = round6(op.cpuSeconds)
                op.nanosecondsEach = round6(op.nanosecondsEach)
                return op
            },
            forKey: .operations
        )
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonText() -> String { stableJSON(self) }

    /// The bill, then the measured operations.
    public func tableText() -> String {
        var out = bill.tableText()
        out += "\nmeasured on the real engine over \(counted(days, "simulated day")) (seed \(seed)): "
        out += "\(grouped(replay.deliveries)) deliveries, \(grouped(replay.dropped)) dropped\n"
        let rows = replay.operations.map { op in
            [
                op.name, grouped(op.count), String(format: "%.3f", op.cpuSeconds),
                String(format: "%.0f", op.nanosecondsEach),
            ]
        }
        out += textTable(header: ["operation", "count", "CPU s", "ns each"], rows: rows, rightAligned: [1, 2, 3])
        return out
    }
}
