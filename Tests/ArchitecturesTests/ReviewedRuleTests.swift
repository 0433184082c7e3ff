import Architectures
import Testing

/// Rules a review found applied on averages where DynamoDB applies them per item or per call.
struct ReviewedRuleTests {
    let latency = LambdaLatencyModel.builtIn

    @Test func seedBatchLimitActsOnAllRowsEvenWhenTheScanMissesSome() throws {
        let seed = try #require(ArchitectureDefinition.builtIn(named: "seed"))
        let layout = ConnectionTable(connectionIdBytes: 16, topicNameBytes: 15)
        // 31 rows per connection; the table is larger than one page, so a Scan sees ~68 % of it.
        let connections = 1000.0
        let table = TableState(rows: connections * 31, bytes: connections * (42 + 30 * 50))
        #expect(table.firstPageCoverage < 1)
        let o = seed.outcome(of: .disconnect(rows: 31), table: table, layout: layout, latency: latency)
        #expect(o.rowsDeleted == 0)
        #expect(o.rowsLeftStale == 31)
        #expect(o.limits.contains { $0.name == "dynamodb.batch_write_items" && $0.demand == 31 })
    }

    @Test func deletesRoundEachRowToOneKBSeparately() throws {
        let indexed = try #require(ArchitectureDefinition.builtIn(named: "indexed"))
        // Topic rows of 12 + 16 + 7 + 1024 = 1,059 B need 2 write units each; the default row 1.
        let layout = ConnectionTable(connectionIdBytes: 16, topicNameBytes: 1024)
        let table = TableState(rows: 3, bytes: 42 + 2 * 1059)
        let o = indexed.outcome(of: .disconnect(rows: 3), table: table, layout: layout, latency: latency)
        #expect(o.rowsDeleted == 3)
        #expect(o.writeUnits == (1 + 2 + 2) * 2)  // base table and GSI
        #expect(layout.deleteWriteUnits(rows: 3) == 5)
    }
}
