public import FanoutInput

extension ArchitectureDefinition {
    /// Names of the compiled-in architectures, in comparison order.
    public static let builtInNames = ["seed", "scan", "indexed"]

    /// A compiled-in architecture by name (`seed`, `scan`, `indexed`).
    public static func builtIn(named name: String) -> ArchitectureDefinition? {
        let embedded: (path: String, json: String)
        switch name {
        case "seed": embedded = EmbeddedArchitectureModels.seed
        case "scan": embedded = EmbeddedArchitectureModels.scan
        case "indexed": embedded = EmbeddedArchitectureModels.indexed
        default: return nil
        }
        return ModelFile.builtIn(ArchitectureDefinition.self, embedded)
    }

    /// A built-in name or the path of an architecture JSON file.
    public static func resolve(_ nameOrPath: String) throws(InputError) -> ArchitectureDefinition {
        if let builtIn = builtIn(named: nameOrPath) { return builtIn }
        guard nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") else {
            throw InputError(
                source: "--architecture",
                keyPath: "",
                message:
                    "unknown architecture '\(nameOrPath)' (expected \(builtInNames.joined(separator: ", ")), engine, or a JSON file)"
            )
        }
        let definition = try ModelFile.load(ArchitectureDefinition.self, path: nameOrPath)
        try definition.validate(source: nameOrPath)
        return definition
    }
}

extension LambdaLatencyModel {
    /// The compiled-in latency assumptions (`models/latency/nodejs-aws-sdk-v2.json`).
    public static var builtIn: LambdaLatencyModel {
        ModelFile.builtIn(LambdaLatencyModel.self, EmbeddedArchitectureModels.latency)
    }

    /// Loads and validates a latency model file.
    public static func load(path: String) throws(InputError) -> LambdaLatencyModel {
        let model = try ModelFile.load(LambdaLatencyModel.self, path: path)
        try model.validate(source: path)
        return model
    }
}

extension ServiceQuotas {
    /// The compiled-in default quotas (`models/quotas/aws-us-east-1.json`).
    public static var builtIn: ServiceQuotas {
        ModelFile.builtIn(ServiceQuotas.self, EmbeddedArchitectureModels.quotas)
    }

    /// Loads and validates a quotas file.
    public static func load(path: String) throws(InputError) -> ServiceQuotas {
        let quotas = try ModelFile.load(ServiceQuotas.self, path: path)
        try quotas.validate(source: path)
        return quotas
    }
}
