import FanoutInput
import Foundation
import Testing

/// `StrictJSON` against Foundation's `JSONSerialization` as the reference: on valid JSON both read
/// the same value; whatever Foundation rejects, `StrictJSON` rejects too (it is stricter).
struct StrictJSONTests {
    /// SplitMix64: a small seeded generator so every run tests the same documents.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomValue(depth: Int, using rng: inout Seeded) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 3 : 5), using: &rng) {
        case 0:
            let pick = Int.random(in: 0..<4, using: &rng)
            let number: Double = [
                Double(Int.random(in: -1000...1000, using: &rng)),
                Double.random(in: -1e6...1e6, using: &rng),
                Double.random(in: 0...1, using: &rng) * pow(10, Double(Int.random(in: -300...300, using: &rng))),
                0.1,
            ][pick]
            return .number(number)
        case 1:
            let alphabet = Array("ab_c\"\\/\n\t\u{01}é€😀 ")
            return .string(
                String((0..<Int.random(in: 0..<8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            )
        case 2: return .bool(Bool.random(using: &rng))
        case 3:
            return .array(
                (0..<Int.random(in: 0..<4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) }
            )
        default:
            var keys = Set<String>()
            while keys.count < Int.random(in: 0..<4, using: &rng) {
                keys.insert("k\(Int.random(in: 0..<20, using: &rng))")
            }
            return .object(keys.sorted().map { ($0, randomValue(depth: depth + 1, using: &rng)) })
        }
    }

    static func serialise(_ value: JSONValue, using rng: inout Seeded) -> String {
        let space = [" ", "", "\n", "\t", "\r\n"].randomElement(using: &rng)!
        switch value {
        case .number(let x): return "\(x)".replacingOccurrences(of: "e+", with: Bool.random(using: &rng) ? "E" : "e+")
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quote(s, using: &rng)
        case .array(let items):
            return "[" + space + items.map { serialise($0, using: &rng) }.joined(separator: "," + space) + "]"
        case .object(let members):
            return "{" + space
                + members.map { quote($0.key, using: &rng) + space + ":" + serialise($0.value, using: &rng) }
                .joined(separator: space + ",") + space + "}"
        }
    }

    static func quote(_ text: String, using rng: inout Seeded) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "/": out += Bool.random(using: &rng) ? "\\/" : "/"
            case _ where scalar.value < 0x20 || (scalar.value > 0x7F && Bool.random(using: &rng)):
                out += String(scalar).utf16.map { "\\u" + String(format: "%04x", $0) }.joined()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Foundation's reading as a ``JSONValue`` (object keys sorted, as Foundation does not keep order).
    static func foundationValue(_ data: Data) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return convert(any)
    }

    static func convert(_ any: Any) -> JSONValue? {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber where String(cString: n.objCType) == "c": return .bool(n.boolValue)
        case let n as NSNumber: return .number(n.doubleValue)
        case let a as [Any]:
            let items = a.compactMap(convert)
            return items.count == a.count ? .array(items) : nil
        case let o as [String: Any]:
            let members = o.sorted { $0.key < $1.key }.compactMap { key, value in convert(value).map { (key, $0) } }
            return members.count == o.count ? .object(members) : nil
        default: return nil  // null
        }
    }

    static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let m): return .object(m.sorted { $0.key < $1.key }.map { ($0.key, sortedKeys($0.value)) })
        case .array(let a): return .array(a.map(sortedKeys))
        default: return value
        }
    }

    /// Equal, with numbers within a few units in the last place: Foundation's number reading is
    /// off by up to ~1e-15 relative at large exponents (`Double(String)`, which `StrictJSON` uses, is).
    static func close(_ a: JSONValue?, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y || abs(x - y) <= 1e-14 * max(abs(x), abs(y))
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && close($0.value, $1.value) }
        default: return a == b
        }
    }

    @Test func validDocumentsReadAsFoundationReadsThem() throws {
        var rng = Seeded(state: 14)
        for _ in 0..<400 {
            let value = Self.randomValue(depth: 0, using: &rng)
            let text = Self.serialise(value, using: &rng)
            let parsed = try StrictJSON.parse(Array(text.utf8))
            #expect(parsed == value, "\(text)")
            #expect(Self.close(Self.foundationValue(Data(text.utf8)), Self.sortedKeys(value)), "\(text)")
        }
    }

    @Test func mutatedDocumentsAreNeverLooserThanFoundation() throws {
        var rng = Seeded(state: 1414)
        let pieces = Array(",:{}[]\"\\ 0-.eE+nNaIfty\u{0}\u{FF}".utf8)
        for _ in 0..<3000 {
            var bytes = Array(
                Self.serialise(.object([("k", Self.randomValue(depth: 1, using: &rng))]), using: &rng).utf8
            )
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where at < bytes.count: bytes.remove(at: at)
                case 1 where at < bytes.count: bytes[at] = pieces.randomElement(using: &rng)!
                default: bytes.insert(pieces.randomElement(using: &rng)!, at: at)
                }
            }
            guard let strict = try? StrictJSON.parse(bytes) else { continue }
            let reference = Self.foundationValue(Data(bytes))
            #expect(Self.close(reference, Self.sortedKeys(strict)), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    func message(_ text: String) -> String {
        do {
            _ = try StrictJSON.parse(Array(text.utf8))
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "a: duplicate key at line 1, column 10 (first at line 1, column 2)"),
        ("{\"a\": {\"b\": 1,\n  \"b\": \"x\"}}", "a.b: duplicate key at line 2, column 3 (first at line 1, column 8)"),
        (#"{"a": null}"#, "a: null is not allowed at line 1, column 7 (omit the key to use its default)"),
        (#"{"a": [1, 2,]}"#, "a: malformed JSON at line 1, column 13: trailing comma before ']'"),
        (#"{"a": 1,}"#, "malformed JSON at line 1, column 9: trailing comma before '}'"),
        (
            #"{"a": [0, {"b": NaN}]}"#,
            "a[1].b: malformed JSON at line 1, column 17: NaN and Infinity are not JSON numbers"
        ),
        (#"{"a": -Infinity}"#, "a: malformed JSON at line 1, column 8: NaN and Infinity are not JSON numbers"),
        (#"{"a": 1e309}"#, "a: number 1e309 is outside the range of a double at line 1, column 7"),
        (
            "{\"a\": \"x\ny\"}",
            "a: malformed JSON at line 1, column 9: control character in a string (write it as an escape such as \\n)"
        ),
        (#"{"a": "\ud800"}"#, "a: malformed JSON at line 1, column 14: unpaired UTF-16 surrogate in a \\u escape"),
        (#"{"a": 01}"#, "a: malformed JSON at line 1, column 7: a number may not start with 0"),
        (#"{"a": 1} x"#, "malformed JSON at line 1, column 10: unexpected text after the JSON value"),
        ("{\"a\"\n:\n", "a: malformed JSON at line 3, column 1: expected a value, found end of file"),
        ("", "malformed JSON at line 1, column 1: expected a value, found end of file"),
    ])
    func errorsNamePositionAndKeyPath(text: String, expected: String) {
        #expect(message(text) == expected)
    }

    @Test func invalidUTF8NestingAndByteOrderMark() throws {
        #expect(message(String(repeating: "[", count: 100)).hasSuffix("nested deeper than 64 levels"))
        #expect(throws: InputError.self) { try StrictJSON.parse([0x22, 0xFF, 0x22]) }
        #expect(try StrictJSON.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number(1)]))
        #expect(try StrictJSON.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("😀"))
    }

    @Test func errorsStayOnOneLine() {
        let error = InputError(source: "a\nb.json", keyPath: "k\r", message: "bad \u{7}value\u{2028}")
        #expect(error.description == "a\\nb.json: k\\r: bad \\u{7}value\\u{2028}")
    }
}
