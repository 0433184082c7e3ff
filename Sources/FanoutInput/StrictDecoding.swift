import Foundation

/// A coding key that accepts any string, used to list every key a JSON object really has.
public struct AnyCodingKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue }
    public init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the current JSON object has a key that `Keys` does not list.
    ///
    /// Model files are hand-written; a misspelt key silently falling back to a default would
    /// produce a plausible, wrong bill. Every model type calls this first in `init(from:)`.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where !known.contains(key.stringValue) {
            let expected = Keys.allCases.map(\.stringValue).sorted().joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath + [key],
                    debugDescription: "unknown key (expected one of: \(expected))"
                )
            )
        }
    }
}

/// Decodes model files (JSON) strictly and turns every failure into a one-line ``InputError``.
public enum ModelFile {
    /// Reads and decodes a JSON file; errors name the file and the key path.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws(InputError) -> T {
        try decode(type, from: try read(path: path), source: path)
    }

    /// Largest model file read: far above any real one, and a guard against `/dev/zero` or a log named by mistake.
    public static let maximumFileBytes = 16 << 20

    /// The bytes of a model file (at most ``maximumFileBytes``); errors name the file.
    public static func read(path: String) throws(InputError) -> Data {
        let reason = readFailureReason(path)
        guard reason.isEmpty else {
            throw InputError(source: path, keyPath: "", message: "cannot read file (\(reason))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(source: path, keyPath: "", message: "cannot read file (not readable)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw InputError(source: path, keyPath: "", message: "cannot read file (\(error.localizedDescription))")
        }
        guard data.count <= maximumFileBytes else {
            throw InputError(source: path, keyPath: "", message: "file is larger than \(maximumFileBytes >> 20) MiB")
        }
        return data
    }

    /// Decodes JSON text; `source` names where it came from in error messages.
    ///
    /// The text passes ``StrictJSON`` first (duplicate keys, `null`, trailing commas, positions),
    /// then `JSONDecoder` with the model type's own unknown-key and type checks.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws(InputError) -> T {
        do {
            _ = try StrictJSON.parse(data)
        } catch {
            throw error.from(source)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw InputError(decoding: error, source: source)
        } catch let error as InputError {
            throw error.source == nil ? error.from(source) : error
        } catch {
            throw InputError(source: source, keyPath: "", message: "\(error)")
        }
    }

    /// Decodes a compiled-in copy of a model file; a failure is a build defect the tests catch, so it traps.
    public static func builtIn<T: Decodable>(_ type: T.Type, _ embedded: (path: String, json: String)) -> T {
        do {
            return try decode(type, from: Data(embedded.json.utf8), source: embedded.path)
        } catch {
            preconditionFailure("compiled-in \(embedded.path) does not decode: \(error)")
        }
    }

    /// Why `path` cannot be read as a file, or "" when it can be opened.
    private static func readFailureReason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        return FileManager.default.isReadableFile(atPath: path) ? "" : "not readable"
    }
}

extension InputError {
    /// Converts a `DecodingError` into a one-line error with the key path it happened at.
    public init(decoding error: DecodingError, source: String?) {
        switch error {
        case .dataCorrupted(let context):
            let path = keyPathString(context.codingPath)
            let detail = context.debugDescription
            if context.codingPath.isEmpty, let underlying = context.underlyingError {
                self.init(source: source, keyPath: "", message: "malformed JSON (\(Self.shortReason(underlying)))")
            } else if context.codingPath.isEmpty && detail.contains("JSON") {
                self.init(source: source, keyPath: "", message: "malformed JSON (\(detail))")
            } else {
                self.init(source: source, keyPath: path, message: detail)
            }
        case .keyNotFound(let key, let context):
            self.init(
                source: source,
                keyPath: keyPathString(context.codingPath + [key]),
                message: "required key is missing"
            )
        case .typeMismatch(let type, let context):
            self.init(
                source: source,
                keyPath: keyPathString(context.codingPath),
                message: "expected \(Self.typeName(type))"
            )
        case .valueNotFound(let type, let context):
            self.init(
                source: source,
                keyPath: keyPathString(context.codingPath),
                message: "expected \(Self.typeName(type)), found null"
            )
        @unknown default:
            self.init(source: source, keyPath: "", message: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Int64.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }

    private static func shortReason(_ error: any Error) -> String {
        let text = "\(error)"
        if let range = text.range(of: "NSDebugDescription=") {
            return String(text[range.upperBound...].prefix(while: { $0 != "," && $0 != "}" && $0 != ")" }))
        }
        return String(text.prefix(120)).replacingOccurrences(of: "\n", with: " ")
    }
}

extension KeyedDecodingContainer {
    /// Decodes a whole number, with an error at the key when the JSON number has a fraction or is
    /// out of range (Foundation reports those as malformed JSON without a path).
    public func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value == value.rounded(), abs(value) <= 1e15 else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "must be a whole number (got \(value))"
            )
        }
        return Int(value)
    }

    /// Decodes a required whole number (see ``decodeWholeNumberIfPresent(forKey:)``).
    public func decodeWholeNumber(forKey key: Key) throws -> Int {
        guard let value = try decodeWholeNumberIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }
}
