/// A template value with intrinsic functions resolved as far as a static reading can.
public indirect enum ResolvedValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([ResolvedValue])
    case map([(key: String, value: ResolvedValue)])
    /// `Ref` to a resource: its physical id, known only once deployed.
    case resource(String)
    /// `Fn::GetAtt` of a resource.
    case attribute(resource: String, name: String)
    /// Known only at deploy time (a pseudo parameter, `Fn::ImportValue`, …); the text says what.
    case unresolved(String)

    /// Structural equality (mapping keys in order).
    public static func == (a: ResolvedValue, b: ResolvedValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.unresolved(let x), .unresolved(let y)),
            (.resource(let x), .resource(let y)):
            x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        case (.attribute(let r, let n), .attribute(let s, let m)): r == s && n == m
        default: false
        }
    }

    /// The value under `key` when this is a mapping.
    public subscript(key: String) -> ResolvedValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The text of a string, or of a number written as one; `nil` otherwise.
    public var text: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): String(b)
        default: nil
        }
    }

    /// A number, or a string that is one (CloudFormation accepts both).
    public var number: Double? {
        switch self {
        case .number(let n): n
        case .string(let s): Double(s)
        default: nil
        }
    }

    /// The items of a list; a single value reads as a one-item list (as IAM's `Action: x` does).
    public var items: [ResolvedValue] {
        if case .list(let items) = self { return items }
        return [self]
    }

    /// How the value reads in `template explain`: `${…}` for what only a deployment knows.
    public var display: String {
        switch self {
        case .string(let s): s
        case .number, .bool: text ?? ""
        case .null: "null"
        case .list(let items): "[" + items.map(\.display).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        case .resource(let id): "${\(id)}"
        case .attribute(let id, let name): "${\(id).\(name)}"
        case .unresolved(let what): what
        }
    }
}
