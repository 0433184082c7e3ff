import Architectures
import Foundation
import Pricing
import Scenarios
import Testing

/// The compiled-in defaults must be byte-for-byte the files in `models/` (run scripts/embed-models.sh).
struct EmbeddedModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let embedded: [(path: String, json: String)] = [
        EmbeddedPriceSheets.awsUSEast1,
        EmbeddedArchitectureModels.seed, EmbeddedArchitectureModels.scan, EmbeddedArchitectureModels.indexed,
        EmbeddedArchitectureModels.latency, EmbeddedArchitectureModels.quotas, EmbeddedArchitectureModels.engine,
        EmbeddedArchitectureModels.calibration,
        EmbeddedScenarios.seedRequirement, EmbeddedScenarios.seedClient, EmbeddedScenarios.awsChatExample,
    ]

    @Test(arguments: embedded.map(\.path))
    func compiledInCopyMatchesFile(path: String) throws {
        let onDisk = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        let compiled = try #require(Self.embedded.first { $0.path == path }).json
        #expect(onDisk == compiled + "\n", "rerun scripts/embed-models.sh")
    }

    @Test func everyShippedModelLoadsAndValidates() throws {
        _ = try PriceSheet.load(
            path: Self.root.appendingPathComponent("models/pricing/aws-us-east-1-2026-11.json").path
        )
        for name in ArchitectureDefinition.builtInNames {
            let d = try ArchitectureDefinition.resolve(
                Self.root.appendingPathComponent("models/architectures/\(name).json").path
            )
            #expect(d.name == name)
        }
        for name in Scenario.builtInNames {
            _ = try Scenario.load(path: Self.root.appendingPathComponent("models/scenarios/\(name).json").path)
        }
        _ = try LambdaLatencyModel.load(
            path: Self.root.appendingPathComponent("models/latency/nodejs-aws-sdk-v2.json").path
        )
        _ = try ServiceQuotas.load(path: Self.root.appendingPathComponent("models/quotas/aws-us-east-1.json").path)
    }

    @Test func everyPriceHasASourceAndADate() throws {
        let text = EmbeddedPriceSheets.awsUSEast1.json
        let values = text.components(separatedBy: "\"value\"").count - 1
        let sources = text.components(separatedBy: "\"source\": \"https://").count - 1
        let dates = text.components(separatedBy: "\"date\": \"20").count - 1
        #expect(values == 26)
        #expect(sources == values)
        #expect(dates == values)
    }
}
