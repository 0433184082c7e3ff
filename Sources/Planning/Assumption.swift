public import FanoutInput
import Foundation
import TextOutput

/// One named assumption of the model: a value in `models/` (or a billing switch) that no AWS
/// source settles, how to read it from the inputs and how to set it.
///
/// Its low and high values and their reasons are not here but in `models/assumptions/ranges.json`
/// (``AssumptionRanges``): the registry says *what* can vary, the ranges file *how far*.
public struct Assumption: Sendable {
    /// How an assumption's value is read and shown.
    public enum Kind: String, Sendable, Codable {
        /// A number in ``unit``.
        case quantity
        /// A rule that is off (0) or on (1).
        case toggle = "switch"
    }

    /// Key path name, `file.field` (`latency.post_to_connection_ms`), as the ranges file keys it.
    public let key: String
    /// What it is, for people (`postToConnection round trip`).
    public let label: String
    /// Unit of its values (`ms`, `bytes`); "" for a share or a switch.
    public let unit: String
    public let kind: Kind
    /// The stacks whose bill it enters; on others it is not varied.
    public let stacks: Set<Stack>
    /// The physical bounds of the field, or `nil` when the model's own validator is the only check.
    public let bounds: PhysicalRange?
    private let read: @Sendable (PlanningInputs) -> Double
    private let write: @Sendable (inout PlanningInputs, Double) -> Void

    /// An assumption read and written by the two closures; prefer the typed helpers
    /// (``latency(_:_:_:_:)`` and the others in the registry).
    public init(
        key: String,
        label: String,
        unit: String,
        kind: Kind = .quantity,
        stacks: Set<Stack>,
        bounds: PhysicalRange?,
        read: @escaping @Sendable (PlanningInputs) -> Double,
        write: @escaping @Sendable (inout PlanningInputs, Double) -> Void
    ) {
        self.key = key
        self.label = label
        self.unit = unit
        self.kind = kind
        self.stacks = stacks
        self.bounds = bounds
        self.read = read
        self.write = write
    }

    /// Whether it enters the bill of `inputs`' stack.
    public func applies(to inputs: PlanningInputs) -> Bool { stacks.contains(inputs.stack) }

    /// Its value in `inputs` (a switch: 0 off, 1 on).
    public func value(in inputs: PlanningInputs) -> Double { read(inputs) }

    /// `inputs` with this assumption set to `value` and nothing else changed.
    public func applying(_ value: Double, to inputs: PlanningInputs) -> PlanningInputs {
        var changed = inputs
        write(&changed, value)
        return changed
    }

    /// A value as tables show it: `20 ms`, `30,720 bytes`, `2.5 ms`, `on`, `0.01`.
    public func format(_ value: Double) -> String {
        switch kind {
        case .toggle: return value != 0 ? "on" : "off"
        case .quantity:
            let number =
                abs(value) < 1000 && value != value.rounded() ? String(format: "%.4g", value) : grouped(value)
            return unit.isEmpty ? number : "\(number) \(unit)"
        }
    }
}
