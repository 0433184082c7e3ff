public import FanoutInput
import Foundation

/// A CloudFormation template read from a file: its resources with intrinsics resolved.
public struct TemplateDocument: Sendable {
    /// One resource: its logical id, type and resolved `Properties`.
    public struct Resource: Sendable {
        /// The key under `Resources`.
        public var logicalID: String
        /// The resource type (`AWS::Lambda::Function`).
        public var type: String
        /// `Properties` with intrinsics resolved (an empty mapping when absent).
        public var properties: ResolvedValue
        /// `Properties` as written, before resolution (to say which came from a parameter).
        public var written: TemplateValue
        /// Property names under `Properties`, in file order.
        public var propertyNames: [String] {
            guard case .map(let entries) = properties else { return [] }
            return entries.map(\.key)
        }
    }

    /// The file the template came from (errors name it).
    public var source: String
    /// Resources in file order.
    public var resources: [Resource]
    /// Values a static reading cannot know (pseudo parameters, parameters without a default, …).
    public var unresolved: [(keyPath: String, what: String)]
    /// Names under `Parameters`.
    public var parameterNames: Set<String>

    /// Top-level sections CloudFormation defines.
    static let sections: Set<String> = [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
        "Transform", "Resources", "Outputs",
    ]

    /// Reads and resolves the template at `path`; a file that is not CloudFormation is a one-line error.
    public static func load(path: String) throws(InputError) -> TemplateDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(source: path, keyPath: "", message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(source: path, keyPath: "", message: "is not UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// Reads and resolves template text; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws(InputError) -> TemplateDocument {
        let root = try TemplateValue.parse(text, source: source)
        guard case .map(let top) = root else {
            throw InputError(source: source, keyPath: "", message: "not a CloudFormation template (not a mapping)")
        }
        for entry in top where !sections.contains(entry.key) {
            throw InputError(
                source: source,
                keyPath: entry.key,
                message: "not a CloudFormation template section (expected \(sections.sorted().joined(separator: ", ")))"
            )
        }
        guard case .map(let resourceEntries)? = root["Resources"], !resourceEntries.isEmpty else {
            throw InputError(
                source: source,
                keyPath: "Resources",
                message: "not a CloudFormation template (no Resources mapping)"
            )
        }
        if root["Transform"] != nil {
            throw InputError(
                source: source,
                keyPath: "Transform",
                message: "macros and transforms (e.g. AWS::Serverless) are not expanded; give the processed template"
            )
        }
        var parameters: [String: TemplateValue?] = [:]
        if case .map(let entries)? = root["Parameters"] {
            for entry in entries { parameters[entry.key] = .some(entry.value["Default"]) }
        }
        var resolver = IntrinsicResolver(
            source: source,
            parameters: parameters,
            resources: Set(resourceEntries.map(\.key))
        )
        var resources: [Resource] = []
        for entry in resourceEntries {
            let path = "Resources.\(entry.key)"
            guard case .map = entry.value, case .string(let type)? = entry.value["Type"] else {
                throw InputError(source: source, keyPath: path, message: "a resource needs a Type string")
            }
            guard type.hasPrefix("AWS::") || type.hasPrefix("Custom::") || type.contains("::") else {
                throw InputError(source: source, keyPath: "\(path).Type", message: "'\(type)' is not a resource type")
            }
            let properties = try entry.value["Properties"].map { (p) throws(InputError) in
                try resolver.resolve(p, at: "\(path).Properties")
            }
            resources.append(
                Resource(
                    logicalID: entry.key,
                    type: type,
                    properties: (properties ?? nil) ?? .map([]),
                    written: entry.value["Properties"] ?? .map([])
                )
            )
        }
        return TemplateDocument(
            source: source,
            resources: resources,
            unresolved: resolver.unresolved,
            parameterNames: Set(parameters.keys)
        )
    }

    /// Resources of one type, in file order.
    public func resources(ofType type: String) -> [Resource] {
        resources.filter { $0.type == type }
    }

    /// The origin of a resource property: `Id.Property`, and the parameter whose default it took.
    public func origin(_ resource: Resource, _ property: String) -> Origin {
        if case .intrinsic("Ref", .string(let name))? = resource.written[property], parameterNames.contains(name) {
            return .property("\(resource.logicalID).\(property) (Ref \(name): the parameter's Default)")
        }
        return .property("\(resource.logicalID).\(property)")
    }

    /// The resource with `logicalID`.
    public func resource(_ logicalID: String) -> Resource? {
        resources.first { $0.logicalID == logicalID }
    }
}
