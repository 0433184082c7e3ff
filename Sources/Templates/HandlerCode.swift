import Foundation

/// What a Node.js handler's inline `ZipFile` code does with DynamoDB, read by pattern matching.
///
/// This is recognition of the AWS SDK's known call shapes, not a JavaScript interpreter:
/// - SDK v2: `client.scan(…)`, `.query(`, `.put(`, `.delete(`, `.batchWrite(`, `.get(`, `.update(`
///   (DocumentClient) and `.putItem(`, `.deleteItem(`, `.batchWriteItem(`, `.getItem(`, `.updateItem(`
///   (low-level client), on any receiver;
/// - SDK v3: `new ScanCommand(`, `QueryCommand`, `PutCommand`/`PutItemCommand`, `DeleteCommand`/
///   `DeleteItemCommand`, `BatchWriteCommand`/`BatchWriteItemCommand`, `GetCommand`, `UpdateCommand`,
///   and the `paginateScan` / `paginateQuery` paginators;
/// - a pagination loop: `LastEvaluatedKey` together with `ExclusiveStartKey` (or a v3 paginator);
/// - batch chunking: a `slice(` or `splice(` whose arguments mention the literal `25`;
/// - `IndexName` inside a query's arguments (a query on a secondary index), `ConsistentRead: true`;
/// - acknowledgements: `postToConnection(` or `PostToConnectionCommand`; `maxSockets: N`.
///
/// Comments are removed first; string contents are kept (a call spelled inside a string would be
/// counted). Code that wraps the SDK in helpers, builds calls dynamically or loops by recursion is
/// not recognised: `template explain` then shows what was found, and the derived lookup may be wrong.
public struct HandlerCode: Sendable, Equatable {
    /// A DynamoDB operation a handler calls.
    public enum Call: String, Sendable, CaseIterable, Comparable {
        case scan, query, get, put, update, delete, batchWrite

        /// The IAM action the call needs.
        public var iamAction: String {
            switch self {
            case .scan: "dynamodb:Scan"
            case .query: "dynamodb:Query"
            case .get: "dynamodb:GetItem"
            case .put: "dynamodb:PutItem"
            case .update: "dynamodb:UpdateItem"
            case .delete: "dynamodb:DeleteItem"
            case .batchWrite: "dynamodb:BatchWriteItem"
            }
        }

        /// Declaration order: lookups first, then writes.
        public static func < (a: Call, b: Call) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// `aws-sdk` (v2) or `@aws-sdk/…` (v3), when the code requires or imports one.
    public var sdk: String?
    /// Operations called, in order of first appearance.
    public var calls: [Call]
    /// Whether a `LastEvaluatedKey` → `ExclusiveStartKey` loop (or a v3 paginator) exists.
    public var paginates: Bool
    /// Whether batch writes are cut into chunks of 25.
    public var chunksBatchesOf25: Bool
    /// Whether a query names `IndexName` (a secondary-index query).
    public var queriesIndex: Bool
    /// Whether any read sets `ConsistentRead: true`.
    public var consistentRead: Bool
    /// Whether the handler posts back to a connection (`postToConnection`).
    public var postsToConnection: Bool
    /// `maxSockets: N` given to the SDK's HTTP agent, if any.
    public var maxSockets: Int?

    private static let v2Methods: [(String, Call)] = [
        ("scan", .scan), ("query", .query), ("get", .get), ("getItem", .get), ("put", .put), ("putItem", .put),
        ("update", .update), ("updateItem", .update), ("delete", .delete), ("deleteItem", .delete),
        ("batchWrite", .batchWrite), ("batchWriteItem", .batchWrite),
    ]
    private static let v3Commands: [(String, Call)] = [
        ("ScanCommand", .scan), ("QueryCommand", .query), ("GetCommand", .get), ("GetItemCommand", .get),
        ("PutCommand", .put), ("PutItemCommand", .put), ("UpdateCommand", .update), ("UpdateItemCommand", .update),
        ("DeleteCommand", .delete), ("DeleteItemCommand", .delete), ("BatchWriteCommand", .batchWrite),
        ("BatchWriteItemCommand", .batchWrite), ("paginateScan", .scan), ("paginateQuery", .query),
    ]

    /// Reads `source` (JavaScript).
    public init(javaScript source: String) {
        let code = Self.removingComments(source)
        sdk =
            code.contains("@aws-sdk/")
            ? "v3"
            : (code.contains("require('aws-sdk')") || code.contains("require(\"aws-sdk\")")
                || code.contains("from 'aws-sdk'") || code.contains("from \"aws-sdk\"")) ? "v2" : nil
        var found: [(offset: Int, call: Call)] = []
        for (method, call) in Self.v2Methods {
            for match in Self.matches(#"\.\s*"# + method + #"\s*\("#, in: code) { found.append((match, call)) }
        }
        for (command, call) in Self.v3Commands {
            let pattern =
                command.hasPrefix("paginate") ? #"\b"# + command + #"\s*\("# : #"new\s+"# + command + #"\s*\("#
            for match in Self.matches(pattern, in: code) { found.append((match, call)) }
        }
        var ordered: [Call] = []
        for hit in found.sorted(by: { $0.offset < $1.offset }) where !ordered.contains(hit.call) {
            ordered.append(hit.call)
        }
        calls = ordered
        paginates =
            (code.contains("LastEvaluatedKey") && code.contains("ExclusiveStartKey"))
            || code.contains("paginateScan(") || code.contains("paginateQuery(")
        chunksBatchesOf25 = !Self.matches(#"\b(slice|splice)\s*\([^)]*\b25\b"#, in: code).isEmpty
        queriesIndex = code.contains("IndexName")
        consistentRead = !Self.matches(#"ConsistentRead\s*:\s*true"#, in: code).isEmpty
        postsToConnection = code.contains("postToConnection(") || code.contains("PostToConnectionCommand")
        maxSockets = Self.firstNumber(#"maxSockets\s*:\s*([0-9]+)"#, in: code)
    }

    /// The first lookup call (`scan` or `query`), which decides how the handler finds rows.
    public var lookup: Call? { calls.first { $0 == .scan || $0 == .query } }

    /// `//` and `/* */` comments removed; strings and template literals kept as written.
    static func removingComments(_ source: String) -> String {
        var out = ""
        var chars = Array(source)[...]
        var quote: Character?
        while let c = chars.first {
            chars = chars.dropFirst()
            if let q = quote {
                out.append(c)
                if c == "\\", let next = chars.first {
                    out.append(next)
                    chars = chars.dropFirst()
                } else if c == q {
                    quote = nil
                }
            } else if c == "/", chars.first == "/" {
                while let n = chars.first, n != "\n" { chars = chars.dropFirst() }
            } else if c == "/", chars.first == "*" {
                chars = chars.dropFirst()
                while !chars.isEmpty, !(chars.first == "*" && chars.dropFirst().first == "/") {
                    chars = chars.dropFirst()
                }
                chars = chars.dropFirst(2)
                out.append(" ")
            } else {
                if c == "'" || c == "\"" || c == "`" { quote = c }
                out.append(c)
            }
        }
        return out
    }

    private static func matches(_ pattern: String, in text: String) -> [Int] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map(\.range.location)
    }

    private static func firstNumber(_ pattern: String, in text: String) -> Int? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return Int(text[range])
    }
}
