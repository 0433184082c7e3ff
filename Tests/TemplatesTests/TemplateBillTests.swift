import Architectures
import Billing
import FanoutInput
import Foundation
import Planning
import Scenarios
import Templates
import Testing

/// The two committed templates yield the built-in architectures' bills, line for line.
struct TemplateBillTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func template(_ name: String) -> String {
        root.appendingPathComponent("models/templates/\(name)").path
    }

    func bills(template: String, builtIn: String, users: Double) throws -> (Bill, Bill) {
        let derived = try TemplateArchitecture.read(path: Self.template(template))
        let scenario = try Scenario.resolve("seed-requirement")
        let fromTemplate = try PlanningInputs(scenario: scenario, architecture: .serverless(derived.definition))
            .bill(users: users)
        let reference = try #require(ArchitectureDefinition.builtIn(named: builtIn))
        let fromBuiltIn = try PlanningInputs(scenario: scenario, architecture: .serverless(reference)).bill(
            users: users
        )
        return (fromTemplate, fromBuiltIn)
    }

    // 2,000 and 100,000 users: fast in a debug build (the seed at 20,000 takes ~13 s there); the
    // definitions are equal (below), so any count would do.
    @Test(arguments: [2_000.0, 100_000.0])
    func seedTemplateBillsLikeTheSeedArchitecture(users: Double) throws {
        let (template, seed) = try bills(template: "seed-api-gateway-websocket.yaml", builtIn: "seed", users: users)
        #expect(template.lineItems.count == seed.lineItems.count)
        for (a, b) in zip(template.lineItems, seed.lineItems) {
            #expect(a == b, "\(a.item): \(a.quantity) \(a.usd) vs \(b.quantity) \(b.usd)")
        }
        #expect(template.totalUSD == seed.totalUSD)
        #expect(template.limits == seed.limits)
        #expect(template.deliveredRatio == seed.deliveredRatio)
        #expect(template.architecture == "seed-api-gateway-websocket")
    }

    @Test func indexedTemplateBillsLikeTheIndexedArchitecture() throws {
        let (template, indexed) = try bills(template: "indexed-example.yaml", builtIn: "indexed", users: 20_000)
        #expect(template.lineItems == indexed.lineItems)
        #expect(template.totalUSD == indexed.totalUSD)
        #expect(template.limits == indexed.limits)
    }

    @Test func seedTemplateDefinitionIsTheSeedJSONButForItsName() throws {
        var derived = try TemplateArchitecture.read(path: Self.template("seed-api-gateway-websocket.yaml")).definition
        let seed = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        derived.name = seed.name
        derived.description = seed.description
        #expect(derived == seed)
    }

    @Test func everyFieldHasAnOriginAndTheSeedsDefaultsAreNamed() throws {
        let derived = try TemplateArchitecture.read(path: Self.template("seed-api-gateway-websocket.yaml"))
        let byField = Dictionary(derived.fields.map { ($0.field, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(
            byField["table.provisioned_rcu"]?.origin == .property("Connections.ProvisionedThroughput.ReadCapacityUnits")
        )
        #expect(byField["functions.send_message.memory_mb"]?.origin.description.hasPrefix("default:") == true)
        #expect(byField["subscriber_lookup"]?.value == "scan_first_page")
        #expect(byField["disconnect_batch_size"]?.value == "0")
        #expect(byField["table.connection_id_bytes"]?.origin.description.hasPrefix("ASSUMPTION:") == true)
        #expect(derived.routes.allSatisfy { $0.origin.description.hasPrefix("ASSUMPTION:") })
        let send = try #require(derived.access.first { $0.function == "SendMessageHandler" })
        #expect(send.calls == [.scan])
        #expect(send.allowedActions.contains("dynamodb:Scan") && !send.allowedActions.contains("dynamodb:PutItem"))
        // Every key of the architecture's JSON form has a field with an origin.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(derived.definition))
        func keys(_ object: Any, _ prefix: String) -> [String] {
            guard let map = object as? [String: Any] else { return [prefix] }
            return map.flatMap { keys($0.value, prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        }
        let all = keys(json, "")
        #expect(all.count > 20)
        for key in all { #expect(byField[key] != nil, "\(key) has no origin") }
    }

    @Test func routesOptionMapsATemplateWithoutRoutes() throws {
        let routes = try TemplateArchitecture.parseRoutes(
            "$connect=ConnectHandler,$disconnect=DisconnectHandler,sendmessage=SendMessageHandler,joinchannel=JoinChannelHandler"
        )
        let derived = try TemplateArchitecture.read(
            path: Self.template("seed-api-gateway-websocket.yaml"),
            routes: routes
        )
        #expect(derived.routes.allSatisfy { $0.origin == .option("--routes") })
        #expect(throws: InputError.self) { try TemplateArchitecture.parseRoutes("ping=ConnectHandler") }
        let wrong = try TemplateArchitecture.parseRoutes("$connect=Nope")
        #expect {
            try TemplateArchitecture.read(path: Self.template("seed-api-gateway-websocket.yaml"), routes: wrong)
        } throws: { error in
            "\(error)".hasPrefix("--routes: $connect=Nope:")
        }
    }
}
