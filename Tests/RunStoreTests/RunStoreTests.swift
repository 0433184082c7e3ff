import Architectures
import FanoutInput
import Foundation
import GRDB
import Planning
import RunStore
import Scenarios
import Simulator
import TestSupport
import Testing

struct RunStoreTests {
    static func temporaryPath(_ name: String) throws -> String {
        try ScratchDirectory.path(for: name)
    }

    static func spec(_ architecture: String, users: Double) throws -> RunSpec {
        var scenario = try #require(Scenario.builtIn(named: "seed-requirement"))
        scenario.users = users
        let stack: PlanningInputs.Architecture =
            architecture == "engine"
            ? .selfHosted(.builtIn) : .serverless(try ArchitectureDefinition.resolve(architecture))
        return .bill(PlanningInputs(scenario: scenario, architecture: stack))
    }

    @Test func theConfigurationHashIsStableAndMovesWithEveryInput() throws {
        let a = try Self.spec("indexed", users: 20_000)
        #expect(a.configurationHash == (try Self.spec("indexed", users: 20_000)).configurationHash)
        #expect(a.configurationHash.count == 64)
        #expect(a.configurationHash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a.configurationHash != (try Self.spec("indexed", users: 20_001)).configurationHash)
        #expect(a.configurationHash != (try Self.spec("scan", users: 20_000)).configurationHash)
        var dto = a
        dto.inputs.billing.dataTransferOutForWebSocket = true
        #expect(a.configurationHash != dto.configurationHash)
        let simulated = RunSpec.simulate(a.inputs, days: 1, replications: 1, seed: 1)
        #expect(simulated.configurationHash != a.configurationHash)
        #expect(
            simulated.configurationHash
                != RunSpec.simulate(a.inputs, days: 1, replications: 1, seed: 2).configurationHash
        )
        // Retry cohorts are another run; the reference keeps the hash it had before they existed.
        let cohorts = RunSpec.simulate(a.inputs, days: 1, replications: 1, seed: 1, reconnects: .cohorts)
        #expect(cohorts.configurationHash != simulated.configurationHash)
        #expect(String(decoding: cohorts.canonicalJSON(), as: UTF8.self).contains("\"reconnects\":\"cohorts\""))
        #expect(!String(decoding: simulated.canonicalJSON(), as: UTF8.self).contains("reconnects"))
    }

    @Test func aRunIsStoredOncePerConfigurationHashWithItsDetails() throws {
        let store = try RunStore(path: try Self.temporaryPath("runs.sqlite"))
        let spec = try Self.spec("indexed", users: 20_000)
        let result = try spec.execute()
        #expect(try store.store(spec, result))
        #expect(try !store.store(spec, result))
        let runs = try store.runsWithDetails()
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.configurationHash == spec.configurationHash)
        #expect(run.totalUSD == result.totalUSD)
        #expect(run.lineItems.count == result.lineItems.count)
        #expect(run.lineItems.map(\.usd) == result.lineItems.map(\.usd))
        #expect(run.limits.map(\.name) == result.limits.map(\.name).sorted())
        #expect(run.metrics.map(\.name) == result.metrics.map(\.name))
        #expect(try store.integrityCheck() == ["ok"])
    }

    /// A CSV field splitter for the test (quotes and doubled quotes).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var previous: Character = " "
        for character in line {
            if character == "\"" {
                if quoted, previous == "\"" { field.append("\"") }
                quoted.toggle()
            } else if character == ",", !quoted {
                out.append(field)
                field = ""
            } else {
                field.append(character)
            }
            previous = character
        }
        out.append(field)
        return out
    }

    @Test func theLongCSVRoundTripsToTheStoredRows() throws {
        let store = try RunStore(path: try Self.temporaryPath("runs.sqlite"))
        for (architecture, users) in [("indexed", 20_000.0), ("engine", 20_000), ("engine", 55_500)] {
            let spec = try Self.spec(architecture, users: users)
            try store.store(spec, try spec.execute())
        }
        let runs = try store.runsWithDetails()
        let lines = RunExport.longCSV(runs).split(separator: "\n")
        let header = Self.fields(lines[0])
        #expect(header.first == "run_id" && header.contains("usd") && header.contains("total_usd"))
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, Self.fields($0))) }
        let expected = runs.flatMap { run in run.lineItems.map { (run, $0) } }
        #expect(rows.count == expected.count)
        func close(_ text: String?, _ value: Double) -> Bool {
            guard let text, let parsed = Double(text) else { return false }
            return abs(parsed - value) <= 1e-9 * max(1, abs(value))
        }
        for (row, (run, line)) in zip(rows, expected) {
            #expect(row["run_id"] == String(run.id))
            #expect(row["configuration_hash"] == run.configurationHash)
            #expect(row["architecture"] == run.architecture)
            #expect(close(row["users"], run.users))
            #expect(close(row["total_usd"], run.totalUSD))
            #expect(row["service"] == line.service)
            #expect(row["item"] == line.item)
            #expect(row["unit"] == line.unit)
            #expect(close(row["quantity"], line.quantity))
            #expect(close(row["unit_usd"], line.unitUSD))
            #expect(close(row["usd"], line.usd))
            #expect(row["usd_ci95"] == "")
        }
        let wide = RunExport.wideCSV(runs).split(separator: "\n")
        #expect(wide.count == runs.count + 1)
        #expect(Self.fields(wide[0]).contains("usd_api_gateway"))
    }

    @Test(arguments: ["hello, not a database\n", "SQLite format 3\u{0}" + String(repeating: "x", count: 200)])
    func aFileThatIsNotARunStoreIsRefusedAndUntouched(_ contents: String) throws {
        let path = try Self.temporaryPath("notes.sqlite")
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: InputError.self) { try RunStore(path: path) }
        #expect(error.description.hasPrefix(path + ": "))
        #expect(!error.description.contains("\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contents.utf8))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(siblings == ["notes.sqlite"])
    }
}

extension RunStoreTests {
    @Test func anotherProgramsSQLiteDatabaseIsRefusedAndUntouched() throws {
        let path = try Self.temporaryPath("other.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(throws: InputError.self) { try RunStore(path: path) }
        #expect(error.description == "\(path): is not a Fanout run store (an SQLite database of another program)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

extension RunStoreTests {
    @Test func aCorruptRunStoreIsRefusedInOneLineAndUntouched() throws {
        let path = try Self.temporaryPath("runs.sqlite")
        do {
            let store = try RunStore(path: path)
            let spec = try Self.spec("indexed", users: 20_000)
            try store.store(spec, try spec.execute())
        }
        // The store is closed (its WAL checkpointed and removed); overwrite its second page.
        let url = URL(fileURLWithPath: path)
        var bytes = try Data(contentsOf: url)
        #expect(bytes.count > 8_192)
        bytes.replaceSubrange(4_104..<8_000, with: Data(repeating: 7, count: 3_896))
        try bytes.write(to: url)
        let error = try #require(throws: InputError.self) { try RunStore(path: path) }
        #expect(error.description.hasPrefix("\(path): is corrupt ("))
        #expect(error.description.hasSuffix("; not modified"))
        #expect(!error.description.contains("\n"))
        #expect(try Data(contentsOf: url) == bytes)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(siblings == ["runs.sqlite"])
    }
}
