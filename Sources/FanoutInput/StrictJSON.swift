/// A JSON value as ``StrictJSON`` reads it; objects keep their keys in file order.
public indirect enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        default: false
        }
    }
}

/// The JSON grammar (RFC 8259) read strictly, with positions and key paths in every error.
///
/// Model files run through this before `JSONDecoder`, which accepts a duplicate key (keeping one
/// value), reads `null` as "absent" and reports every syntax error without a position. Here a
/// duplicate key, `null`, a trailing comma, a number outside `Double`'s range, a raw control
/// character in a string, invalid UTF-8 and nesting deeper than ``maximumDepth`` are errors.
public struct StrictJSON {
    /// Deepest nesting of arrays and objects accepted (Fanout's model files nest four levels).
    public static let maximumDepth = 64

    /// Parses `bytes`; a problem throws an ``InputError`` without a source (the caller adds the file).
    public static func parse(_ bytes: some Collection<UInt8>) throws(InputError) -> JSONValue {
        var parser = StrictJSON(bytes: Array(bytes))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }  // a UTF-8 byte-order mark
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    private let bytes: [UInt8]
    private var index = 0
    private var path: [String] = []

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var keyPath: String {
        path.reduce(into: "") { out, part in out += part.hasPrefix("[") || out.isEmpty ? part : "." + part }
    }

    /// Line and column (in characters, from 1) of byte `offset`.
    private func position(_ offset: Int) -> String {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
    }

    /// An error at the current key path: `malformed JSON at line L, column C: message`, or for a
    /// well-formed value JSON allows and Fanout does not, `message at line L, column C note`.
    private func fail(_ message: String, at offset: Int? = nil, malformed: Bool = true, note: String = "")
        -> InputError
    {
        let place = position(offset ?? index)
        return InputError(
            source: nil,
            keyPath: keyPath,
            message: malformed ? "malformed JSON at \(place): \(message)" : "\(message) at \(place)\(note)"
        )
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func describeCurrent() -> String {
        guard let byte = current else { return "end of file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func value(depth: Int) throws(InputError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = current else { throw fail("expected a value, found end of file") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"):
            if bytes[index...].starts(with: Array("null".utf8)) {
                throw fail("null is not allowed", malformed: false, note: " (omit the key to use its default)")
            }
            throw fail("expected a value, found \(describeCurrent())")
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON numbers")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: String, _ result: JSONValue) throws(InputError) -> JSONValue {
        guard bytes[index...].starts(with: Array(word.utf8)) else {
            throw fail("expected a value, found \(describeCurrent())")
        }
        index += word.utf8.count
        return result
    }

    private mutating func object(depth: Int) throws(InputError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        var seen: [String: Int] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                let trailing = current == UInt8(ascii: "}") && !members.isEmpty
                throw fail(
                    trailing ? "trailing comma before '}'" : "expected a key in quotes, found \(describeCurrent())"
                )
            }
            let keyStart = index
            let key = try string()
            path.append(key)
            if let first = seen[key] {
                throw fail("duplicate key", at: keyStart, malformed: false, note: " (first at \(position(first)))")
            }
            seen[key] = keyStart
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw fail("expected ':' after the key, found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            path.removeLast()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw fail("expected ',' or '}' after the value of '\(key)', found \(describeCurrent())")
            }
        }
    }

    private mutating func array(depth: Int) throws(InputError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") { throw fail("trailing comma before ']'") }
            path.append("[\(elements.count)]")
            elements.append(try value(depth: depth + 1))
            path.removeLast()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw fail("expected ',' or ']' after an array element, found \(describeCurrent())")
            }
        }
    }

    private mutating func number() throws(InputError) -> JSONValue {
        let start = index
        func digits() -> Int {
            let from = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - from
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "I") { throw fail("NaN and Infinity are not JSON numbers") }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw fail("expected a digit, found \(describeCurrent())") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw fail("a number may not start with 0", at: integerStart)
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail("expected a digit after '.', found \(describeCurrent())") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw fail("expected a digit in the exponent, found \(describeCurrent())") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail("number \(text) is outside the range of a double", at: start, malformed: false)
        }
        return .number(value)
    }

    private mutating func string() throws(InputError) -> String {
        let start = index
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw fail("string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &utf8)
            case 0..<0x20: throw fail("control character in a string (write it as an escape such as \\n)")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(InputError) {
        guard let byte = current else { throw fail("unterminated string") }
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] {
            utf8.append(replacement)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw fail("invalid escape '\\\(Character(Unicode.Scalar(byte)))'") }
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                throw fail("unpaired UTF-16 surrogate in a \\u escape")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired UTF-16 surrogate in a \\u escape") }
            scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw fail("unpaired UTF-16 surrogate in a \\u escape") }
        utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    private mutating func hex4() throws(InputError) -> UInt32 {
        guard index + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
            bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { throw fail("expected four hex digits after \\u") }
        index += 4
        return value
    }
}
