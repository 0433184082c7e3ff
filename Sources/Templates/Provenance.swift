/// Where a derived field's value came from.
public enum Origin: Sendable, Equatable, CustomStringConvertible {
    /// A resource property: `Connections.ProvisionedThroughput.ReadCapacityUnits`.
    case property(String)
    /// The inline code of a function, and what was recognised in it.
    case code(function: String, pattern: String)
    /// A documented default (CloudFormation's, or the SDK's), with where it is stated.
    case defaultValue(String)
    /// An assumption Fanout makes because the template cannot say.
    case assumption(String)
    /// A command-line option.
    case option(String)

    /// One phrase for `template explain`: `property …`, `code …`, `default: …`, `ASSUMPTION: …`.
    public var description: String {
        switch self {
        case .property(let path): "property \(path)"
        case .code(let function, let pattern): "code \(function): \(pattern)"
        case .defaultValue(let why): "default: \(why)"
        case .assumption(let why): "ASSUMPTION: \(why)"
        case .option(let flag): "option \(flag)"
        }
    }
}

/// One field of the derived architecture (`table.capacity_mode`), its value and its origin.
public struct DerivedField: Sendable, Equatable {
    /// The architecture JSON key path of the field.
    public var field: String
    /// The value as `template explain` prints it.
    public var value: String
    /// Where the value came from.
    public var origin: Origin
}

/// Which DynamoDB calls a function's code makes, and which its IAM policies allow.
public struct FunctionAccess: Sendable, Equatable {
    /// The function's logical id.
    public var function: String
    /// The handler it serves (`send_message`, …).
    public var role: String
    /// Operations the code calls (pattern recognition, see ``HandlerCode``).
    public var calls: [HandlerCode.Call]
    /// DynamoDB actions the function's role may call (`dynamodb:*` expanded to "all").
    public var allowedActions: [String]
    /// Whether the role allows every DynamoDB action (`dynamodb:*` or `*`).
    public var allowsAll: Bool

    /// Calls the code makes that the policies do not allow (they would fail with AccessDenied).
    public var deniedCalls: [HandlerCode.Call] {
        allowsAll ? [] : calls.filter { !allowedActions.contains($0.iamAction) }
    }
}
