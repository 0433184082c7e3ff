public import FanoutInput
import Foundation

/// Runs AWS's template linter `cfn-lint` (PyPI `cfn-lint`, tested with 1.51.0) on a template.
///
/// Fanout uses the executable named by `FANOUT_CFN_LINT`, else `cfn-lint` on `PATH`; without either it
/// reads the template unchecked and says so. A template cfn-lint rejects (any `E` rule) is a one-line
/// error naming the file, the line and the rule. Runtime deprecations (E2531, E2533: "creation was
/// disabled") are reported but not fatal: they say the stack cannot be created *today*, which does not
/// change what it would cost, and the seed post's `nodejs16.x` stack is exactly what Fanout prices.
public enum CFNLint {
    /// Rules reported as findings rather than rejections.
    public static let deploymentOnlyRules: Set<String> = ["E2531", "E2533"]

    /// What a run found when it did not reject the template.
    public struct Outcome: Sendable, Equatable {
        /// The executable that ran, or `nil` when none was found.
        public var executable: String?
        /// Warnings and informational findings (counted, not shown).
        public var warnings: Int
        /// Deployment-only errors, one line each.
        public var deploymentFindings: [String]

        /// One line for `template explain`.
        public var summary: String {
            guard executable != nil else {
                return "not found (set FANOUT_CFN_LINT or put cfn-lint on PATH); not checked"
            }
            var text = "passed (\(warnings) warning\(warnings == 1 ? "" : "s"))"
            if !deploymentFindings.isEmpty { text += "; " + deploymentFindings.joined(separator: "; ") }
            return text
        }
    }

    /// The executable to run: `FANOUT_CFN_LINT`, else `cfn-lint` on `PATH`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["FANOUT_CFN_LINT"], !given.isEmpty { return given }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/cfn-lint"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Lints `path` with `executable` (default: ``locate(environment:)``); throws the first rejection.
    public static func check(path: String, executable: String? = locate()) throws(InputError) -> Outcome {
        guard let executable else { return Outcome(executable: nil, warnings: 0, deploymentFindings: []) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--format", "parseable", "--", path]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-cfn-lint-\(UUID().uuidString)"
        )
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        do {
            let handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
        } catch {
            throw InputError(source: "cfn-lint", keyPath: "", message: "\(executable) could not be run (\(error))")
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        var warnings = 0
        var findings: [String] = []
        for line in text.split(separator: "\n") {
            // file:line:column:endLine:endColumn:rule:message (the file may itself contain ':').
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard
                let ruleIndex = fields.firstIndex(where: {
                    $0.range(of: #"^[EWI][0-9]{4}$"#, options: .regularExpression) != nil
                }),
                ruleIndex >= 5
            else { continue }
            let rule = fields[ruleIndex]
            let lineNumber = fields[ruleIndex - 4]
            let message = fields[(ruleIndex + 1)...].joined(separator: ":")
            if rule.hasPrefix("E") {
                if deploymentOnlyRules.contains(rule) {
                    if !findings.contains("\(rule) \(message)") { findings.append("\(rule) \(message)") }
                    continue
                }
                throw InputError(source: path, keyPath: "line \(lineNumber)", message: "cfn-lint \(rule): \(message)")
            }
            warnings += 1
        }
        if process.terminationStatus != 0, process.terminationStatus & 2 == 0, warnings == 0, findings.isEmpty {
            let first = text.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw InputError(source: path, keyPath: "", message: "cfn-lint failed: \(first)")
        }
        return Outcome(executable: executable, warnings: warnings, deploymentFindings: findings)
    }
}
