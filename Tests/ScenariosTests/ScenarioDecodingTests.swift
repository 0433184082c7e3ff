import FanoutInput
import Foundation
import Scenarios
import Testing

struct ScenarioDecodingTests {
    func decode(_ json: String) throws(InputError) -> Scenario {
        let s = try ModelFile.decode(Scenario.self, from: Data(json.utf8), source: "s.json")
        try s.validate(source: "s.json")
        return s
    }

    func error(_ json: String) -> InputError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyObjectIsTheDefaultScenario() throws {
        #expect(try decode("{}") == Scenario())
        #expect(Scenario().users == 20_000)
        #expect(Scenario().broadcasts.sizeBytes == 2048)
        #expect(Scenario().broadcasts.perMinute == 1)
    }

    @Test func builtInDefaultEqualsCodeDefaults() throws {
        var fromFile = try #require(Scenario.builtIn(named: "seed-requirement"))
        fromFile.name = Scenario().name
        #expect(fromFile == Scenario())
    }

    @Test(arguments: [
        (#"{"usres": 5}"#, "s.json: usres: unknown key"),
        (#"{"channels": {"cuont": 3}}"#, "s.json: channels.cuont: unknown key"),
        (#"{"users": -5}"#, "s.json: users: must be between 1 and 1000000000"),
        (#"{"users": 0}"#, "s.json: users: must be between"),
        (#"{"users": 1e12}"#, "s.json: users: must be between"),
        (#"{"users": "many"}"#, "s.json: users: expected a number"),
        (#"{"month_hours": 100000}"#, "s.json: month_hours: must be between"),
        (
            #"{"user_messages": {"size_bytes": 200000}}"#,
            "s.json: user_messages.size_bytes: must be between 1 and 131007"
        ),
        (#"{"broadcasts": {"size_bytes": 0}}"#, "s.json: broadcasts.size_bytes: must be between"),
        (#"{"broadcasts": {"target": "nobody"}}"#, "s.json: broadcasts.target:"),
        (#"{"sessions": {"mean_minutes": 500}}"#, "s.json: sessions.mean_minutes: must be between"),
        (
            #"{"channels": {"count": 1, "joins_per_connection": 3}}"#,
            "s.json: channels.joins_per_connection: cannot exceed"
        ),
        (#"{"users": 10"#, "s.json: malformed JSON"),
        (#"{"users": 10 "hours_connected_per_day": 3}"#, "s.json: malformed JSON"),
        (#"[1, 2]"#, "s.json: expected an object"),
        (#"{"users": 1.5}"#, "s.json: users: must be a whole number"),
        (#"{"channels": {"count": 1.5}}"#, "s.json: channels.count: must be a whole number"),
        (
            #"{"users": 100, "user_messages": {"recipients": 100}}"#,
            "s.json: user_messages.recipients: must be between 0 and 99"
        ),
        (
            #"{"channels": {"name_bytes": 1000}, "broadcasts": {"size_bytes": 131000}}"#,
            "s.json: broadcasts.size_bytes: must be between 1 and 130022"
        ),
    ])
    func badInputNamesFileAndKeyPath(json: String, expected: String) throws {
        let e = try #require(error(json))
        #expect(e.description.hasPrefix(expected), "\(e.description)")
        #expect(!e.description.contains("\n"))
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: InputError.self) { try Scenario.load(path: "/no/such/scenario.json") }
        do {
            _ = try Scenario.load(path: "/no/such/scenario.json")
        } catch {
            #expect(error.description == "/no/such/scenario.json: cannot read file (no such file)")
        }
    }

    @Test func unknownBuiltInNameIsAnError() {
        do {
            _ = try Scenario.resolve("nonsense")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("--scenario: unknown scenario 'nonsense'"))
        }
    }
}
