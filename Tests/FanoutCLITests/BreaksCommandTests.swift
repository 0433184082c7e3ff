import Foundation
import Testing

/// `fanout breaks` through the built binary.
struct BreaksCommandTests {
    let cli = BillCommandTests()

    @Test func severalArchitecturesPrintOneTableEachAndCSVRows() throws {
        let table = try cli.fanout(["breaks", "--architecture", "indexed,engine"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("what breaks first: indexed architecture"))
        #expect(table.stdout.contains("what breaks first: engine architecture"))
        #expect(table.stdout.contains("no limit binds up to 1,000,000 users"))
        let csv = try cli.fanout(["breaks", "--architecture", "indexed", "--format", "csv"])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("architecture,scenario,price_sheet,users,limit,") == true)
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("indexed,seed-requirement,") })
    }

    @Test(arguments: [
        (["--architecture", "indexed,foo"], "fanout: error: --architecture: unknown architecture 'foo'"),
        (["--architecture", "indexed,"], "fanout: error: --architecture: an empty name in the list"),
        (["--min", "0"], "fanout: error: --min: must be a whole number of users ≥ 1 (got 0)"),
        (["--min", "5000", "--max", "100"], "fanout: error: --max: must be a whole number of users above --min"),
        (["--max", "0x10"], "fanout: error: --max: '0x10' is not a decimal number"),
    ])
    func badInputIsOneLine(arguments: [String], prefix: String) throws {
        let run = try cli.fanout(["breaks"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(prefix), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(run.stdout.isEmpty)
    }
}
