import FanoutInput
import Foundation
import Templates
import TestSupport
import Testing

/// Templates the reader or cfn-lint rejects, and the CLI's one-line errors.
struct TemplateErrorTests {
    static let root = TemplateBillTests.root
    static let cfnLint: String? = {
        let path = root.appendingPathComponent(".venv-ci/bin/cfn-lint").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    func write(_ text: String, name: String) throws -> String {
        let dir = try ScratchDirectory.make("templates")
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The seed template with one substitution.
    func seedVariant(_ old: String, _ new: String) throws -> String {
        let seed = try String(
            contentsOfFile: TemplateBillTests.template("seed-api-gateway-websocket.yaml"),
            encoding: .utf8
        )
        #expect(seed.contains(old))
        return try write(seed.replacingOccurrences(of: old, with: new), name: "variant.yaml")
    }

    @Test func modelMismatchesAreOneLineErrorsWithKeyPaths() throws {
        let wrongKey = try seedVariant(
            "- AttributeName: connectionId\n          KeyType: HASH",
            "- AttributeName: channel\n          KeyType: HASH"
        )
        #expect {
            try TemplateArchitecture.read(path: wrongKey)
        } throws: { error in
            "\(error)".hasPrefix(
                "\(wrongKey): Resources.Connections.Properties.KeySchema: the model's table is keyed by"
            )
        }
        let noLookup = try seedVariant("connections = await ddb.scan({", "connections = await fetchAll({")
        #expect {
            try TemplateArchitecture.read(path: noLookup)
        } throws: { error in
            "\(error)".hasPrefix(
                "\(noLookup): Resources.SendMessageHandler.Properties.Code.ZipFile: no scan or query found"
            )
        }
        let badMemory = try seedVariant(
            "      Handler: index.handler\n      Runtime: nodejs16.x\n    DependsOn:\n      - ConnectHandlerServiceRoleDefaultPolicy",
            "      Handler: index.handler\n      MemorySize: 20000\n      Runtime: nodejs16.x\n    DependsOn:\n      - ConnectHandlerServiceRoleDefaultPolicy"
        )
        #expect {
            try TemplateArchitecture.read(path: badMemory)
        } throws: { error in
            "\(error)".hasPrefix("\(badMemory): functions.connect.memory_mb:")
        }
    }

    @Test func unsupportedResourcesAndPropertiesAreListed() throws {
        var path = try seedVariant(
            "    UpdateReplacePolicy: Delete",
            "      StreamSpecification:\n        StreamViewType: KEYS_ONLY\n    UpdateReplacePolicy: Delete"
        )
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(
            of:
                "      Handler: index.handler\n      Runtime: nodejs16.x\n    DependsOn:\n      - SendMessageHandlerServiceRoleDefaultPolicy",
            with:
                "      Handler: index.handler\n      Runtime: nodejs16.x\n      ReservedConcurrentExecutions: 10\n      Layers: [x]\n    DependsOn:\n      - SendMessageHandlerServiceRoleDefaultPolicy"
        )
        text += "  Alarms:\n    Type: AWS::SNS::Topic\n"
        path = try write(text, name: "unsupported.yaml")
        let reading = try TemplateArchitecture.read(path: path)
        #expect(reading.unsupported.contains { $0.hasPrefix("Connections.StreamSpecification: not modelled") })
        #expect(
            reading.unsupported.contains {
                $0.hasPrefix("SendMessageHandler.ReservedConcurrentExecutions 10: not modelled")
            }
        )
        #expect(reading.unsupported.contains { $0 == "SendMessageHandler.Layers: not modelled" })
        #expect(reading.unsupported.contains { $0 == "Alarms (AWS::SNS::Topic): not part of the cost model" })
        let parameter = try seedVariant(
            "Resources:\n  Connections:",
            "Parameters:\n  Reads:\n    Type: Number\nResources:\n  Connections:"
        )
        let noDefault = try String(contentsOfFile: parameter, encoding: .utf8)
            .replacingOccurrences(of: "ReadCapacityUnits: 5", with: "ReadCapacityUnits: !Ref Reads")
        let noDefaultPath = try write(noDefault, name: "parameter.yaml")
        #expect {
            try TemplateArchitecture.read(path: noDefaultPath)
        } throws: { error in
            "\(error)"
                == "\(noDefaultPath): Resources.Connections.Properties.ProvisionedThroughput.ReadCapacityUnits: ${Reads} is known only at deploy time; give the parameter a Default"
        }
    }

    @Test func chunkedPaginatedSeedReadsAsTheScanDesignAndDeniedCallsAreListed() throws {
        let path = try seedVariant(
            "const deleteableItems",
            "const more = rowsResult.LastEvaluatedKey; const ExclusiveStartKey = more; const deleteableItems"
        )
        let derived = try TemplateArchitecture.read(path: path)
        #expect(derived.definition.disconnectLookup == .scanAllPages)
        #expect(derived.definition.subscriberLookup == .scanFirstPage)
        let denied = try seedVariant(
            "              - dynamodb:Query\n              - dynamodb:GetItem\n              - dynamodb:Scan\n              - dynamodb:ConditionCheckItem\n              - dynamodb:DescribeTable",
            "              - dynamodb:DescribeTable"
        )
        let reading = try TemplateArchitecture.read(path: denied)
        #expect(
            reading.unsupported.contains {
                $0.hasPrefix("SendMessageHandler calls dynamodb:Scan that its IAM policies do not allow")
            }
        )
    }

    @Test(
        .enabled(
            if: cfnLint != nil,
            "cfn-lint not at .venv-ci/bin/cfn-lint (run .ci/run, or pip install cfn-lint==1.51.0 into .venv-ci)"
        )
    )
    func cfnLintRejectionIsAOneLineErrorAndTheSeedPasses() throws {
        let lint = try #require(Self.cfnLint)
        let seed = try CFNLint.check(
            path: TemplateBillTests.template("seed-api-gateway-websocket.yaml"),
            executable: lint
        )
        #expect(seed.deploymentFindings.contains { $0.hasPrefix("E2533 Runtime 'nodejs16.x' was deprecated") })
        let indexed = try CFNLint.check(path: TemplateBillTests.template("indexed-example.yaml"), executable: lint)
        #expect(indexed.deploymentFindings.isEmpty)
        let bad = try seedVariant("ReadCapacityUnits: 5", "ReadCapacityUnits: five")
        #expect {
            try CFNLint.check(path: bad, executable: lint)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(bad): line ") && text.contains("cfn-lint E") && !text.contains("\n")
        }
    }

    @Test func missingCfnLintIsSaidNotHidden() throws {
        let outcome = try CFNLint.check(path: "unused.yaml", executable: nil)
        #expect(outcome.summary.hasPrefix("not found"))
        #expect(CFNLint.locate(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(CFNLint.locate(environment: ["FANOUT_CFN_LINT": "/x/cfn-lint"]) == "/x/cfn-lint")
    }
}
