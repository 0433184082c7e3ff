import Architectures
import Billing
import Pricing
import Scenarios
import Testing

/// DynamoDB's partition and new-table rules, against arithmetic done here from AWS's figures:
/// 3,000 RRU / 1,000 WRU per partition and 12,000 RRU / 4,000 WRU for a new on-demand table,
/// each a linear combination, doubling per 30-minute window.
struct PartitionLimitTests {
    let quotas = ServiceQuotas.builtIn

    func table(_ mode: TableDesign.CapacityMode, rcu: Double = 0, wcu: Double = 0) throws -> TableDesign {
        var t = try #require(ArchitectureDefinition.builtIn(named: "seed")).table
        t.capacityMode = mode
        t.provisionedRCU = rcu
        t.provisionedWCU = wcu
        return t
    }

    @Test func aPartitionOfAProvisionedTableIsItsShareOfTheCapacity() throws {
        // ⌈6,000 / 3,000 + 500 / 1,000⌉ = 3 partitions.
        let big = PartitionCapacity(table: try table(.provisioned, rcu: 6000, wcu: 500), quotas: quotas)
        #expect(big.readUnitsPerSecond == 2000)
        #expect(abs(big.writeUnitsPerSecond - 500.0 / 3) < 1e-12)
        // The seed's 5 / 5 is one partition: the table is its own partition.
        let seed = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        #expect(PartitionCapacity.provisionedPartitions(rcu: 5, wcu: 5, quotas: quotas) == 1)
        #expect(seed.singleKeyPartition(quotas: quotas) == nil)
        let onDemand = PartitionCapacity(table: try table(.onDemand), quotas: quotas)
        #expect(onDemand == PartitionCapacity(readUnitsPerSecond: 3000, writeUnitsPerSecond: 1000))
        #expect(abs(onDemand.load(readUnitsPerSecond: 1500, writeUnitsPerSecond: 500) - 1) < 1e-12)
    }

    @Test(arguments: [
        (12_000.0, 0.0, 0.0), (6_000, 2_000, 0), (9_000, 2_000, 1), (24_360, 0, 2), (0, 40_000, 4),
    ])
    func newOnDemandTableDoublesPerWindow(reads: Double, writes: Double, doublings: Double) {
        let warmUp = OnDemandWarmUp(peakReadUnitsPerSecond: reads, peakWriteUnitsPerSecond: writes, quotas: quotas)
        #expect(abs(warmUp.newTableLoad - (reads / 12_000 + writes / 4_000)) < 1e-12)
        #expect(warmUp.doublings == doublings)
        #expect(warmUp.minutes == doublings * 30)
    }

    /// `scan` at 100,000 users reads ~24,000 RRU a second, twice what a new table serves.
    @Test func scanAt100000UsersOutgrowsANewTable() throws {
        var s = try #require(Scenario.builtIn(named: "seed-requirement"))
        s.users = 100_000
        let design = try #require(ArchitectureDefinition.builtIn(named: "scan"))
        let bill = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn)
        let seconds = s.monthHours * 3600
        func units(_ prefix: String) -> Double {
            bill.lineItems.filter { $0.service == .dynamoDB && $0.item.hasPrefix(prefix) }.reduce(0) {
                $0 + $1.quantity
            }
        }
        let load = units("read request units") / seconds / 12_000 + units("write request units") / seconds / 4_000
        #expect(load > 2 && load < 4)
        let limit = try #require(bill.limits.first { $0.name == "dynamodb.on_demand_new_table" })
        #expect(abs(limit.demand - load) < 1e-6 * load)
        #expect(limit.effect.contains("2 time(s), at least 60 min"))
        #expect(abs(bill.deliveredRatio - 1) < 1e-12)
    }

    /// The indexed stack with every user message sent to everyone: each send Queries the
    /// `default` key of the GSI. API Gateway's account rate is raised so that the key binds first.
    static func hotDefaultKey() throws -> (Scenario, ServiceQuotas) {
        var s = try #require(Scenario.builtIn(named: "seed-requirement"))
        s.users = 1000
        s.channels.count = 0
        s.channels.joinsPerConnection = 0
        s.broadcasts.perMinute = 0
        s.userMessages.perUserPerDay = 3000
        s.userMessages.target = .everyone
        var q = ServiceQuotas.builtIn
        q.apiGatewayRequestsPerSecond.value = 1e7
        q.apiGatewayBurstRequests.value = 1e7
        q.dynamoDBPartitionReadUnits.value = 100
        return (s, q)
    }

    @Test func aHotGSIKeyRefusesTheSendsItCannotServe() throws {
        let (s, q) = try Self.hotDefaultKey()
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        let bill = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn, quotas: q)
        // 1,000 users × 3,000 a day; each Query reads 1,000 rows of 42 B: ⌈42,000 / 4,096⌉ / 2 RRU.
        let sends = 1000 * 3000 / 86_400.0
        let readUnits = sends * (42_000.0 / 4096).rounded(.up) / 2
        // GSI writes on `default`: a put at connect and a delete at disconnect, 1 WRU each.
        let writeUnits = 2 * 1000 / 7200.0
        let load = readUnits / 100 + writeUnits / 1000
        let limit = try #require(bill.limits.first { $0.name == "dynamodb.partition_key" })
        #expect(abs(limit.demand - load) < 1e-6 * load, "\(limit)")
        #expect(limit.unit.contains("channel default"))
        // Every unit the partition has left after the writes serves reads: sends served = that ÷ reads.
        let served = (1 - writeUnits / 1000) * 100 / readUnits
        #expect(abs(bill.deliveredRatio - served) < 0.005, "delivered \(bill.deliveredRatio), expected \(served)")
    }

    @Test func withinItsPartitionAKeyChangesNothing() throws {
        let (s, hot) = try Self.hotDefaultKey()
        var q = hot
        let design = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        q.dynamoDBPartitionReadUnits.value = 3000
        let bill = try Bill.analytic(scenario: s, architecture: design, prices: .builtIn, quotas: q)
        #expect(!bill.limits.contains { $0.name == "dynamodb.partition_key" })
        #expect(abs(bill.deliveredRatio - 1) < 1e-12)
    }
}
