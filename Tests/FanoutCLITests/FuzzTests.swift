import Foundation
import Testing

/// Seeded fuzzing of the built binary: mutated copies of the shipped model files and extreme
/// option values. Every run either succeeds with finite, non-negative figures or fails with exit
/// status 2 and exactly one line that names the file or an option; none ends by a signal.
struct FuzzTests {
    let cli = BillCommandTests()
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../models").standardizedFileURL

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

    /// A shipped model file and the option that reads it.
    static let files: [(path: String, option: String, extra: [String])] = [
        ("scenarios/seed-requirement.json", "--scenario", []),
        ("scenarios/seed-client.json", "--scenario", []),
        ("scenarios/aws-websocket-chat-example.json", "--scenario", []),
        ("pricing/aws-us-east-1-2026-11.json", "--prices", []),
        ("quotas/aws-us-east-1.json", "--quotas", ["--architecture", "indexed"]),
        ("latency/nodejs-aws-sdk-v2.json", "--latency", []),
        ("architectures/seed.json", "--architecture", []),
        ("architectures/indexed.json", "--architecture", []),
        ("architectures/engine.json", "--architecture", []),
        ("calibration/default.json", "--calibration", ["--architecture", "engine"]),
    ]

    static var extremeValues: [Any] {
        [0, -1, 1e-300, 1e-9, 0.5, 1e9, 1e15, 1e300, 1.5, 40_000, 2_147_483_648, "x", true, [1], [:] as [String: Any]]
    }
    static let textMutations = [",}", "NaN", "1e309", "null", "Infinity", "\"", "{", "]", "\u{7}"]

    /// Replaces one random leaf of `value` (or deletes, or adds an unknown key).
    static func mutate(_ value: Any, using rng: inout Seeded) -> Any {
        switch value {
        case var object as [String: Any] where !object.isEmpty:
            let key = object.keys.sorted().randomElement(using: &rng)!
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: object[key] = nil
            case 1: object["unknown_\(key)"] = 1
            default: object[key] = mutate(object[key]!, using: &rng)
            }
            return object
        case var array as [Any] where !array.isEmpty:
            let index = Int.random(in: 0..<array.count, using: &rng)
            if Int.random(in: 0..<8, using: &rng) == 0 {
                array.remove(at: index)
            } else {
                array[index] = mutate(array[index], using: &rng)
            }
            return array
        case let number as NSNumber where String(cString: number.objCType) != "c" && Bool.random(using: &rng):
            // A plausible change, so that many runs get past validation and print figures.
            let scaled = number.doubleValue * [0.1, 0.5, 0.9, 1.1, 2, 10].randomElement(using: &rng)!
            return number.doubleValue == number.doubleValue.rounded() ? scaled.rounded() : scaled
        default:
            return extremeValues.randomElement(using: &rng)!
        }
    }

    /// A mutated copy of a shipped file: a value mutation, then sometimes a text mutation.
    func mutatedFile(_ relative: String, using rng: inout Seeded) throws -> String {
        let data = try Data(contentsOf: Self.models.appendingPathComponent(relative))
        let tree = try JSONSerialization.jsonObject(with: data)
        guard Int.random(in: 0..<5, using: &rng) > 0 else {
            return try cli.temporaryFile("pristine.json", String(decoding: data, as: UTF8.self))
        }
        var text = String(
            decoding: try JSONSerialization.data(
                withJSONObject: Self.mutate(tree, using: &rng),
                options: [.prettyPrinted, .sortedKeys]
            ),
            as: UTF8.self
        )
        if Int.random(in: 0..<4, using: &rng) == 0 {
            let offset = Int.random(in: 0...text.utf8.count, using: &rng)
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
            text.insert(contentsOf: Self.textMutations.randomElement(using: &rng)!, at: index)
        }
        let name = URL(fileURLWithPath: relative).lastPathComponent
        return try cli.temporaryFile(name, text)
    }

    static let options: [(String, [String])] = [
        ("--users", ["1", "1000000000", "0", "-1", "1.5", "0x10", "1e300", "20000,40000", "1...3"]),
        ("--hours-per-day", ["0.01", "24", "1e-300", "25", "inf"]),
        ("--month-hours", ["1", "744", "0", "1e9"]),
        ("--channels", ["0", "1", "100000000", "-1", "99999999999999999999"]),
        ("--joins", ["0", "1", "10000", "64"]),
        ("--messages-per-user-day", ["0.001", "10000000", "1e-9", "1e300"]),
        ("--message-bytes", ["1", "131007", "0", "1000000"]),
        ("--broadcasts-per-minute", ["0", "0.0001", "600000", "1e-9", "nan"]),
        ("--broadcast-bytes", ["1", "131007", "131072"]),
        ("--keepalive-seconds", ["0", "1", "86400", "1e-9", "0x1p2"]),
    ]

    /// For simulate: no `--users` (the run sets it) and rates that keep a run to seconds.
    static let simulateOptions: [(String, [String])] =
        options.filter { !["--users", "--messages-per-user-day", "--broadcasts-per-minute"].contains($0.0) } + [
            ("--messages-per-user-day", ["0", "1", "100", "1e-9"]),
            ("--broadcasts-per-minute", ["0", "1", "60", "1e-9"]),
        ]

    func randomOptions(using rng: inout Seeded, count: Int, from list: [(String, [String])] = options) -> [String] {
        var arguments: [String] = []
        for (option, values) in list.shuffled(using: &rng).prefix(count) {
            arguments += [option, values.randomElement(using: &rng)!]
        }
        return arguments
    }

    /// Every number in a JSON report, with its key path.
    static func numbers(in value: Any, path: String = "") -> [(String, Double)] {
        switch value {
        case let object as [String: Any]:
            return object.flatMap { numbers(in: $0.value, path: path + "." + $0.key) }
        case let array as [Any]:
            return array.enumerated().flatMap { numbers(in: $0.element, path: path + "[\($0.offset)]") }
        case let number as NSNumber where String(cString: number.objCType) != "c":
            return [(path, number.doubleValue)]
        default:
            return []
        }
    }

    func check(_ arguments: [String], names: [String]) throws {
        let run = try cli.fanout(arguments)
        #expect(run.status == 0 || run.status == 2, "\(arguments): status \(run.status)\n\(run.stderr)")
        if run.status == 0 {
            #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
            if arguments.contains("json") {
                let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
                for (path, value) in Self.numbers(in: report) {
                    #expect(value.isFinite && value >= 0, "\(arguments): \(path) = \(value)")
                }
            } else {
                let words = run.stdout.lowercased().split { !$0.isLetter }
                #expect(!words.contains("nan") && !words.contains("inf"), "\(arguments): \(run.stdout)")
            }
        } else if run.status == 2 {
            #expect(run.stdout.isEmpty, "\(arguments)")
            let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("fanout: error: "), "\(arguments): \(run.stderr)")
            #expect(names.contains { run.stderr.contains($0) }, "\(arguments): \(run.stderr) names none of \(names)")
        }
    }

    @Test func mutatedModelFilesAndExtremeOptionsOnBill() throws {
        var rng = Seeded(state: 14)
        for _ in 0..<40 {
            let file = Self.files.randomElement(using: &rng)!
            let path = try mutatedFile(file.path, using: &rng)
            let options = randomOptions(using: &rng, count: Int.random(in: 0...2, using: &rng))
            let format = ["json", "json", "table", "csv"].randomElement(using: &rng)!
            let arguments = ["bill", file.option, path] + file.extra + options + ["--format", format]
            try check(arguments, names: [path] + options.filter { $0.hasPrefix("--") } + ["scenario ", "--step"])
        }
    }

    @Test func mutatedModelFilesAndExtremeOptionsOnSimulate() throws {
        var rng = Seeded(state: 1414)
        let serverless = Self.files.filter { $0.option != "--calibration" && !$0.path.contains("engine") }
        for _ in 0..<8 {
            let file = serverless.randomElement(using: &rng)!
            let path = try mutatedFile(file.path, using: &rng)
            let options = randomOptions(using: &rng, count: 1, from: Self.simulateOptions)
            let arguments =
                ["simulate", file.option, path] + file.extra + options
                + ["--users", "200", "--days", "0.05", "--format", "json"]
            try check(arguments, names: [path] + options.filter { $0.hasPrefix("--") } + ["--users", "scenario "])
        }
    }
}
