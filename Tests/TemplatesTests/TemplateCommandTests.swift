import Foundation
import Testing

/// `fanout template explain`, `--template` and `--format infracost-usage` through the built binary.
struct TemplateCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("fanout").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("fanout")
    }()

    static let seed = TemplateBillTests.template("seed-api-gateway-websocket.yaml")
    static let indexed = TemplateBillTests.template("indexed-example.yaml")

    /// Runs `fanout` with output captured to files (not pipes), cfn-lint hidden unless `lint`.
    func fanout(_ arguments: [String], lint: Bool = false) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-template-cli-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/bin:/bin"
        environment["FANOUT_CFN_LINT"] = lint ? TemplateErrorTests.cfnLint : nil
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }

    @Test func billFromTheSeedTemplateMatchesTheSeedLineForLine() throws {
        let template = try fanout(["bill", "--users", "2000", "--template", Self.seed])
        let seed = try fanout(["bill", "--users", "2000", "--architecture", "seed"])
        #expect(template.status == 0, "\(template.stderr)")
        let a = template.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let b = seed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(a.first?.hasPrefix("seed-api-gateway-websocket architecture,") == true)
        #expect(Array(a.dropFirst()) == Array(b.dropFirst()))
        #expect(a.count > 10)
    }

    @Test func explainShowsEveryOriginAndCfnLintOnStandardError() throws {
        let run = try fanout(["template", "explain", Self.seed])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("subscriber_lookup "))
        #expect(run.stdout.contains("code SendMessageHandler: one scan call, no LastEvaluatedKey loop"))
        #expect(run.stdout.contains("default: MemorySize absent; Lambda's default is 128 MB"))
        #expect(run.stdout.contains("ASSUMPTION: the post's console setup"))
        #expect(
            run.stderr == "fanout: cfn-lint: not found (set FANOUT_CFN_LINT or put cfn-lint on PATH); not checked\n"
        )
    }

    @Test(.enabled(if: TemplateErrorTests.cfnLint != nil, "cfn-lint not at .venv-ci/bin/cfn-lint (run .ci/run)"))
    func explainRunsCfnLintWhenNamed() throws {
        let run = try fanout(["template", "explain", Self.indexed], lint: true)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "fanout: cfn-lint: passed (0 warnings)\n")
    }

    @Test(arguments: [
        (
            ["bill", "--architecture", "seed", "--template", seed],
            "fanout: error: --template: give --architecture or --template, not both"
        ),
        (["bill", "--routes", "$connect=A"], "fanout: error: --routes: needs --template"),
        (["template", "explain", "Package.swift"], "fanout: error: Package.swift: "),
        (
            ["template", "explain", "models/architectures/seed.json"],
            "fanout: error: models/architectures/seed.json: name: not a CloudFormation template section"
        ),
        (
            ["bill", "--users", "1,2", "--format", "infracost-usage"],
            "fanout: error: --format: infracost-usage takes one user count"
        ),
        (
            ["bill", "--architecture", "engine", "--format", "infracost-usage"],
            "fanout: error: --format: infracost-usage describes the serverless stack"
        ),
        (["template", "explain", indexed, "--routes", "$connect=ConnectHandler"], "fanout: error: --routes: "),
    ])
    func badInvocationsAreOneLineErrors(arguments: [String], expected: String) throws {
        let run = try fanout(
            arguments.map {
                $0.hasPrefix("models/") || $0 == "Package.swift"
                    ? TemplateBillTests.root.appendingPathComponent($0).path : $0
            }
        )
        #expect(run.status == 2)
        let stderr = run.stderr.replacingOccurrences(of: TemplateBillTests.root.path + "/", with: "")
        #expect(stderr.hasPrefix(expected), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test func infracostUsageIsDeterministicAndMatchesTheBill() throws {
        let args = ["bill", "--users", "2000", "--template", Self.indexed]
        let usage = try fanout(args + ["--format", "infracost-usage"])
        let again = try fanout(args + ["--format", "infracost-usage"])
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(usage.stdout == again.stdout)
        let json = try fanout(args + ["--format", "json"])
        let bill = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(bill["usage"] as? [String: Any])
        let lines = usage.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("version: 0.1"))
        #expect(lines.contains("resource_usage:"))
        #expect(lines.contains("  aws_apigatewayv2_api.WebSocketApi:"))
        #expect(lines.contains("  aws_lambda_function.SendMessageHandler:"))
        #expect(lines.contains("  aws_dynamodb_table.Connections:"))
        let minutes = try #require(summary["connection_minutes"] as? Double)
        #expect(lines.contains("    monthly_connection_mins: \(Int(minutes.rounded(.up)))"))
        let writes = try #require(summary["dynamodb_write_units"] as? Double)
        #expect(lines.contains("    monthly_write_request_units: \(Int(writes.rounded(.up)))"))
    }
}
