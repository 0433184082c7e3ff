import FanoutInput
import Foundation

/// Resolves `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select` and `Ref: AWS::NoValue` against a
/// template's parameters (their defaults) and resources; records everything it leaves unresolved.
struct IntrinsicResolver {
    let source: String
    /// Parameter defaults by name (`nil`: no default).
    let parameters: [String: TemplateValue?]
    let resources: Set<String>
    /// Key path and description of every value left for deploy time.
    private(set) var unresolved: [(keyPath: String, what: String)] = []

    init(source: String, parameters: [String: TemplateValue?], resources: Set<String>) {
        self.source = source
        self.parameters = parameters
        self.resources = resources
    }

    /// `value` resolved; `nil` for `Ref: AWS::NoValue` (the key or item is dropped).
    mutating func resolve(_ value: TemplateValue, at path: String) throws(InputError) -> ResolvedValue? {
        switch value {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .list(let items):
            var out: [ResolvedValue] = []
            for (index, item) in items.enumerated() {
                if let r = try resolve(item, at: "\(path)[\(index)]") { out.append(r) }
            }
            return .list(out)
        case .map(let entries):
            var out: [(key: String, value: ResolvedValue)] = []
            for entry in entries {
                if let r = try resolve(entry.value, at: "\(path).\(entry.key)") { out.append((entry.key, r)) }
            }
            return .map(out)
        case .intrinsic(let name, let argument):
            return try intrinsic(name, argument, at: path)
        }
    }

    private mutating func intrinsic(_ name: String, _ argument: TemplateValue, at path: String) throws(InputError)
        -> ResolvedValue?
    {
        let here = "\(path).\(name)"
        // A composite notes itself once; the parts it was built from are not noted again.
        let notesBefore = unresolved.count
        let result = try evaluate(name, argument, at: path, here: here)
        if name != "Ref",
            unresolved.count > notesBefore + 1
                || (unresolved.count == notesBefore + 1 && unresolved.last?.keyPath != here)
        {
            let own = unresolved.last?.keyPath == here ? unresolved.last : nil
            unresolved.removeSubrange(notesBefore...)
            if let own { unresolved.append(own) }
        }
        return result
    }

    private mutating func evaluate(_ name: String, _ argument: TemplateValue, at path: String, here: String)
        throws(InputError) -> ResolvedValue?
    {
        switch name {
        case "Ref":
            guard case .string(let target) = argument else { throw fail(here, "takes a logical id or parameter name") }
            let value = try reference(target, at: path)
            if case .unresolved(let what)? = value { return note(path, what) }
            return value
        case "Fn::GetAtt":
            let parts: [String]
            switch argument {
            case .string(let s): parts = s.split(separator: ".", maxSplits: 1).map(String.init)
            case .list(let items): parts = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            default: parts = []
            }
            guard parts.count == 2 else { throw fail(here, "takes [LogicalId, Attribute]") }
            guard resources.contains(parts[0]) else { throw fail(here, "names no resource '\(parts[0])'") }
            return .attribute(resource: parts[0], name: parts[1])
        case "Fn::Join":
            guard case .list(let args) = argument, args.count == 2, case .string(let separator) = args[0] else {
                throw fail(here, "takes [separator, [values]]")
            }
            guard case .list(let list)? = try resolve(args[1], at: "\(here)[1]") else {
                return note(here, "Fn::Join over a list known only at deploy time")
            }
            return joined(list.map(\.display), allStatic: list.allSatisfy { $0.text != nil }, separator, at: here)
        case "Fn::Sub":
            return try substitute(argument, at: here)
        case "Fn::Select":
            guard case .list(let args) = argument, args.count == 2 else { throw fail(here, "takes [index, list]") }
            guard let index = try resolve(args[0], at: "\(here)[0]")?.number,
                case .list(let list)? = try resolve(args[1], at: "\(here)[1]")
            else { return note(here, "Fn::Select known only at deploy time") }
            guard index >= 0, Int(index) < list.count else { throw fail(here, "index \(Int(index)) is out of range") }
            return list[Int(index)]
        default:
            return note(here, "\(name) (not resolved statically)")
        }
    }

    private mutating func reference(_ target: String, at path: String) throws(InputError) -> ResolvedValue? {
        if target == "AWS::NoValue" { return nil }
        if target.hasPrefix("AWS::") { return .unresolved("${\(target)}") }
        if let parameter = parameters[target] {
            guard let value = parameter else { return .unresolved("${\(target)}") }
            return try resolve(value, at: path)
        }
        guard resources.contains(target) else { throw fail(path, "Ref names no parameter or resource '\(target)'") }
        return .resource(target)
    }

    private mutating func substitute(_ argument: TemplateValue, at path: String) throws(InputError) -> ResolvedValue? {
        var template: String
        var variables: [String: ResolvedValue] = [:]
        switch argument {
        case .string(let s): template = s
        case .list(let args) where args.count == 2:
            guard case .string(let s) = args[0], case .map(let entries) = args[1] else {
                throw fail(path, "takes a string or [string, {variables}]")
            }
            template = s
            for entry in entries {
                if let value = try resolve(entry.value, at: "\(path)[1].\(entry.key)") { variables[entry.key] = value }
            }
        default: throw fail(path, "takes a string or [string, {variables}]")
        }
        var out = ""
        var allStatic = true
        while let open = template.range(of: "${") {
            out += template[..<open.lowerBound]
            guard let close = template[open.upperBound...].firstIndex(of: "}") else {
                throw fail(path, "an unclosed ${ in '\(template)'")
            }
            let name = String(template[open.upperBound..<close])
            template = String(template[template.index(after: close)...])
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
                continue
            }
            let value: ResolvedValue?
            if let given = variables[name] {
                value = given
            } else if name.contains(".") {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                guard resources.contains(parts[0]) else { throw fail(path, "${\(name)} names no resource") }
                value = .attribute(resource: parts[0], name: parts[1])
            } else {
                value = try reference(name, at: path)
            }
            if let text = value?.text { out += text } else { allStatic = false; out += value?.display ?? "" }
        }
        out += template
        return allStatic ? .string(out) : note(path, out)
    }

    private mutating func joined(_ parts: [String], allStatic: Bool, _ separator: String, at path: String)
        -> ResolvedValue
    {
        let text = parts.joined(separator: separator)
        return allStatic ? .string(text) : note(path, text)
    }

    private mutating func note(_ path: String, _ what: String) -> ResolvedValue {
        unresolved.append((path, what))
        return .unresolved(what)
    }

    private func fail(_ path: String, _ message: String) -> InputError {
        InputError(source: source, keyPath: path, message: message)
    }
}
