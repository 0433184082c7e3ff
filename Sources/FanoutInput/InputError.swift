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

    /// The one-line message; line breaks and other control characters in any part (a file name,
    /// a key, an echoed value) are written as escapes, so the message stays on one line.
    public var description: String {
        var parts: [String] = []
        if let source { parts.append(source) }
        if !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return oneLine(parts.joined(separator: ": "))
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

/// `text` with line breaks and other control characters written as escapes (`\n`, `\u{7F}`).
public func oneLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}":
            out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
