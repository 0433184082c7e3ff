import Architectures
import Testing

/// The DynamoDB Developer Guide's capacity examples.
struct DynamoDBCapacityTests {
    @Test func getItemRoundsUpTo4KB() {
        #expect(DynamoDBCapacity.readUnits(totalBytes: 3.5 * 1024, consistent: true) == 1)
        #expect(DynamoDBCapacity.readUnits(totalBytes: 10 * 1024, consistent: true) == 3)
    }

    @Test func queryOfTenItemsTotalling40Point8KBReads44KB() {
        // 44 KB = 11 strongly consistent units.
        #expect(DynamoDBCapacity.readUnits(totalBytes: 40.8 * 1024, consistent: true) == 11)
    }

    @Test func queryOf1500SixtyFourByteItemsReads96KB() {
        #expect(DynamoDBCapacity.readUnits(totalBytes: 1500 * 64, consistent: true) == 24)
    }

    @Test func eventuallyConsistent80KBIsTenUnits() {
        #expect(DynamoDBCapacity.readUnits(totalBytes: 80 * 1024, consistent: false) == 10)
    }

    @Test func gsiQueryOf16000BytesIsTwoUnits() {
        #expect(DynamoDBCapacity.readUnits(totalBytes: 16_000, consistent: false) == 2)
    }

    @Test func scanOfSmallItemsAggregatesBeforeRounding() {
        // agent-toolkit's ReturnConsumedCapacity checks: 5 × 1 KB and 10 × 512 B are 1 eventual unit each.
        #expect(DynamoDBCapacity.readUnits(totalBytes: 5 * 1024, consistent: false) == 1)
        #expect(DynamoDBCapacity.readUnits(totalBytes: 10 * 512, consistent: false) == 1)
    }

    @Test func batchWriteRoundsEachItemSeparately() {
        #expect(DynamoDBCapacity.batchWriteUnits(itemBytes: [500, 3.5 * 1024]) == 5)
        #expect(DynamoDBCapacity.writeUnits(itemBytes: 1.6 * 1024) == 2)
    }

    @Test func itemSizeCountsNamesAndValues() {
        // {"connectionId": 16 chars, "channel": "default"} = 12 + 16 + 7 + 7 bytes.
        let table = ConnectionTable(connectionIdBytes: 16, topicNameBytes: 15)
        #expect(table.defaultRowBytes == 42)
        #expect(table.topicRowBytes == 50)
    }

    @Test func paginatedReadRoundsEachPage() {
        let oneAndAHalfPages = ScanPage.maxBytes * 1.5
        let (pages, units) = ScanPage.readUnits(forPaginatedBytes: oneAndAHalfPages, consistent: false)
        #expect(pages == 2)
        #expect(units == 128 + 64)
        let (onePage, small) = ScanPage.readUnits(forPaginatedBytes: 100, consistent: false)
        #expect(onePage == 1)
        #expect(small == 0.5)
    }

    @Test func firstPageCoverage() {
        #expect(TableState(rows: 10, bytes: 1000).firstPageCoverage == 1)
        #expect(TableState(rows: 10, bytes: ScanPage.maxBytes * 4).firstPageCoverage == 0.25)
    }
}
