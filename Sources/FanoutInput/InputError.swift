/// A problem with something the user gave Fanout: a model file, a scenario, or a command-line value.
///
/// Its ``description`` is one line that names where the problem is (a file and a key path inside
/// it, or a command-line option) and what is wrong, so a user can fix it without reading code.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the value came from, or the command-line option (`--users`), or `nil` for built-ins.
    public var source: String?
    /// Dotted key path inside the source, with array indices in brackets (`channels.count`, `tiers[1].usd`).
    public var keyPath: String
    /// What is wrong, in lower case, without a trailing period.
    public var message: String

    public init(source: String?, keyPath: String, message: String) {
        self.source = source
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let source { parts.append(source) }
        if !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// The same error, attributed to another source (a file path or an option name).
    public func from(_ source: String) -> InputError {
        var copy = self
        copy.source = source
        return copy
    }
}

/// Renders a decoder coding path as `a.b[2].c`.
public func keyPathString(_ path: [any CodingKey]) -> String {
    var out = ""
    for key in path {
        if let index = key.intValue {
            out += "[\(index)]"
        } else {
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
    }
    return out
}
