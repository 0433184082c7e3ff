public import FanoutInput

extension Scenario {
    /// Names of the compiled-in scenarios; the first is the default.
    public static let builtInNames = ["seed-requirement", "seed-client", "aws-websocket-chat-example"]

    /// A compiled-in scenario by name.
    public static func builtIn(named name: String) -> Scenario? {
        let embedded: (path: String, json: String)
        switch name {
        case "seed-requirement": embedded = EmbeddedScenarios.seedRequirement
        case "seed-client": embedded = EmbeddedScenarios.seedClient
        case "aws-websocket-chat-example": embedded = EmbeddedScenarios.awsChatExample
        default: return nil
        }
        return ModelFile.builtIn(Scenario.self, embedded)
    }

    /// A built-in scenario name or the path of a scenario JSON file, validated.
    public static func resolve(_ nameOrPath: String) throws(InputError) -> Scenario {
        if let builtIn = builtIn(named: nameOrPath) { return builtIn }
        guard nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") else {
            throw InputError(
                source: "--scenario",
                keyPath: "",
                message:
                    "unknown scenario '\(nameOrPath)' (expected \(builtInNames.joined(separator: ", ")), or a JSON file)"
            )
        }
        return try load(path: nameOrPath)
    }
}
