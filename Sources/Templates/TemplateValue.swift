import FanoutInput
import Yams

/// One value of a CloudFormation template as written, before any intrinsic function is resolved.
///
/// Short forms (`!Ref X`, `!GetAtt A.B`, `!Sub`, `!Join`) and long forms (`Ref: X`, `Fn::Join: [...]`)
/// both become ``intrinsic(_:_:)`` with the long name, so the resolver sees one shape.
public indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([TemplateValue])
    /// A mapping, keys in file order.
    case map([Entry])
    /// An intrinsic function by its long name (`Ref`, `Fn::GetAtt`, …) and its argument.
    case intrinsic(String, TemplateValue)

    /// One key of a mapping.
    public struct Entry: Sendable, Equatable {
        /// The key.
        public var key: String
        /// Its value.
        public var value: TemplateValue
    }

    /// Intrinsic functions CloudFormation defines (the long names); anything else spelled `Fn::…` or
    /// `!…` is an error rather than data.
    public static let knownIntrinsics: Set<String> = [
        "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::Equals",
        "Fn::And", "Fn::Or", "Fn::Not", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64",
        "Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Fn::Transform", "Condition",
    ]

    /// The value under `key` when this is a mapping.
    public subscript(key: String) -> TemplateValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}

extension TemplateValue {
    /// Reads a YAML (or JSON, which YAML contains) document; errors name `source` and the key path.
    static func parse(_ text: String, source: String) throws(InputError) -> TemplateValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw InputError(source: source, keyPath: "", message: "not YAML or JSON (\(yamlProblem(error)))")
        }
        guard let root else { throw InputError(source: source, keyPath: "", message: "is empty") }
        return try convert(root, path: "", source: source)
    }

    private static func yamlProblem(_ error: any Error) -> String {
        guard let yaml = error as? YamlError else { return "\(error)" }
        switch yaml {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "duplicate key \(duplicates.joined(separator: ", ")) at line \(context.mark.line)"
        default:
            return "\(yaml)"
        }
    }

    private static func convert(_ node: Node, path: String, source: String) throws(InputError) -> TemplateValue {
        let tag = node.tag.description
        if tag.hasPrefix("!"), !tag.hasPrefix("!!") {
            let name = String(tag.dropFirst())
            let long = ["Ref", "Condition"].contains(name) ? name : "Fn::\(name)"
            guard knownIntrinsics.contains(long) else {
                throw InputError(source: source, keyPath: path, message: "unknown intrinsic function !\(name)")
            }
            let argument: TemplateValue
            switch node {
            case .scalar(let scalar): argument = .string(scalar.string)
            default: argument = try convertUntagged(node, path: path, source: source)
            }
            return .intrinsic(long, argument)
        }
        return try convertUntagged(node, path: path, source: source)
    }

    private static func convertUntagged(_ node: Node, path: String, source: String) throws(InputError)
        -> TemplateValue
    {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if let int = node.int { return .number(Double(int)) }
            if let double = node.float { return .number(double) }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [TemplateValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, path: "\(path)[\(index)]", source: source))
            }
            return .list(items)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else {
                    throw InputError(source: source, keyPath: path, message: "a mapping key that is not a string")
                }
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                entries.append(Entry(key: key, value: try convert(valueNode, path: keyPath, source: source)))
            }
            if entries.count == 1, let only = entries.first, only.key == "Ref" || only.key.hasPrefix("Fn::") {
                guard knownIntrinsics.contains(only.key) else {
                    throw InputError(source: source, keyPath: path, message: "unknown intrinsic function \(only.key)")
                }
                return .intrinsic(only.key, only.value)
            }
            return .map(entries)
        case .alias:
            throw InputError(source: source, keyPath: path, message: "YAML aliases are not CloudFormation")
        }
    }
}
