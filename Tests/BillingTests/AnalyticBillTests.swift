import Analytic
import Architectures
import Billing
import Foundation
import Pricing
import Scenarios
import Testing

/// The foundation issue's acceptance checks, through the public billing API.
struct AnalyticBillTests {
    func bill(_ architecture: String, users: Double? = nil, scenario: String = "seed-requirement") throws -> Bill {
        var s = try #require(Scenario.builtIn(named: scenario))
        if let users { s.users = users }
        let design = try #require(ArchitectureDefinition.builtIn(named: architecture))
        return try Bill.analytic(scenario: s, architecture: design, prices: .builtIn)
    }

    func readUnits(_ bill: Bill) -> Double {
        bill.lineItems.filter { $0.service == .dynamoDB && $0.item.hasPrefix("read request units") }.reduce(0) {
            $0 + $1.quantity
        }
    }

    @Test func connectionMinutesAt20000Users() throws {
        // The indexed stack connects every client at its first attempt.
        let b = try bill("indexed", users: 20_000)
        let line = try #require(b.lineItems.first { $0.item == "connection minutes" })
        #expect(line.quantity == 876_000_000)
        #expect(abs(line.usd - 219.00) < 1e-9)
    }

    @Test func seedAt20000ExceedsItsReadCapacityAndLosesDeliveries() throws {
        let b = try bill("seed", users: 20_000)
        let rcu = try #require(b.limits.first { $0.name == "dynamodb.provisioned_rcu" })
        #expect(rcu.capacity == 5)
        #expect(rcu.demand > 5)
        #expect(b.deliveredRatio < 1)
        #expect(b.limits.contains { $0.name == "dynamodb.scan_page.send_message" })
        #expect(b.limits.contains { $0.name == "dynamodb.stale_rows" })
    }

    @Test(arguments: ["scan", "indexed"])
    func fixedDesignsDeliverEverything(architecture: String) throws {
        for users in [20_000.0, 100_000] {
            let b = try bill(architecture, users: users)
            #expect(abs(b.deliveredRatio - 1) < 1e-12)
            // A new on-demand table's launch-day ramp is reported; nothing else in DynamoDB binds.
            #expect(!b.limits.contains { $0.name.hasPrefix("dynamodb") && $0.name != "dynamodb.on_demand_new_table" })
        }
    }

    @Test func scanReadsFarMoreThanIndexedAt100000Users() throws {
        let scan = readUnits(try bill("scan", users: 100_000))
        let indexed = readUnits(try bill("indexed", users: 100_000))
        #expect(scan > 100 * indexed)
    }

    @Test func scanReadCostGrowsFasterThanUsers() throws {
        // Every send and every disconnect reads the whole table: quadratic in users.
        let small = readUnits(try bill("scan", users: 20_000))
        let large = readUnits(try bill("scan", users: 100_000))
        #expect(large / small > 20)
    }

    @Test(arguments: ArchitectureDefinition.builtInNames)
    func awsChatExampleGives23_40ForAPIGateway(architecture: String) throws {
        let b = try bill(architecture, scenario: "aws-websocket-chat-example")
        #expect(abs(b.subtotal(.apiGateway) - 23.40) < 0.005)
        let minutes = try #require(b.lineItems.first { $0.item == "connection minutes" })
        #expect(minutes.quantity == 21_600_000)
    }

    @Test func totalIsTheSumOfLineItems() throws {
        for name in ArchitectureDefinition.builtInNames {
            let b = try bill(name)
            #expect(abs(b.totalUSD - b.lineItems.reduce(0) { $0 + $1.usd }) < 1e-9)
            #expect(abs(b.totalUSD - Service.allCases.reduce(0) { $0 + b.subtotal($1) }) < 1e-9)
        }
    }

    @Test func jsonHasTheDocumentedSchemaAndIsDeterministic() throws {
        let first = try bill("seed").jsonText()
        let second = try bill("seed").jsonText()
        #expect(first == second)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["total_usd"] is Double)
        #expect(object["delivered_ratio"] is Double)
        let items = try #require(object["line_items"] as? [[String: Any]])
        for key in ["service", "item", "quantity", "unit", "unit_usd", "usd"] {
            #expect(items.allSatisfy { $0[key] != nil }, "line item key \(key)")
        }
        let limits = try #require(object["limits"] as? [[String: Any]])
        for key in ["name", "demand", "capacity", "unit"] {
            #expect(limits.allSatisfy { $0[key] != nil }, "limit key \(key)")
        }
    }

    @Test func csvHasOneRowPerLineItemPerUserCount() throws {
        let bills = try [20_000.0, 40_000, 60_000].map { try bill("indexed", users: $0) }
        let lines = bills.csvText().split(separator: "\n")
        #expect(lines.count == 1 + bills.reduce(0) { $0 + $1.lineItems.count })
        #expect(lines[0].hasPrefix("users,scenario,architecture,price_sheet,service,item,quantity,unit,unit_usd,usd"))
        #expect(lines[1].hasPrefix("20000,seed-requirement,indexed,"))
    }

    @Test func freeTierOnlyLowersTheBill() throws {
        var s = Scenario()
        s.users = 1000
        let design = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        let full = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn)
        let free = try Bill.analytic(
            scenario: s,
            architecture: design,
            prices: .builtIn,
            options: BillingOptions(freeTier: true)
        )
        #expect(free.totalUSD < full.totalUSD)
        #expect(free.totalUSD >= 0)
        // The 5/5 table is inside DynamoDB's 25/25 free provisioned capacity.
        #expect(abs(free.subtotal(.dynamoDB)) < 1e-9)
    }

    @Test func lostDisconnectEventsLeaveStaleRowsEvenWhenFixed() throws {
        var s = Scenario()
        s.sessions.disconnectEventLossRatio = 0.01
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let b = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn)
        let stale = try #require(b.limits.first { $0.name == "dynamodb.stale_rows" })
        #expect(abs((stale.demand - stale.capacity) - 0.01 * stale.demand) < 1e-9)
    }
}
