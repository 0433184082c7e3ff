import Foundation
import Testing

/// `fanout compare` through the built binary (small counts and the fast designs: debug builds bill slowly).
struct CompareCommandTests {
    let cli = BillCommandTests()
    let arguments = ["compare", "--users", "2000,5000", "--architecture", "indexed,engine"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Each total in compare's JSON is the one `fanout bill` prints for the same point, with and without --dto.
    @Test func totalsAreWhatBillPrintsWithAndWithoutDataTransferOut() throws {
        let run = try cli.fanout(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let readings = try #require(try json(run.stdout)["readings"] as? [[String: Any]])
        #expect(readings.count == 2)
        var checked = 0
        for reading in readings {
            let dto = try #require(reading["data_transfer_out_for_websocket"] as? Bool)
            for row in try #require(reading["rows"] as? [[String: Any]]) {
                let architecture = try #require(row["architecture"] as? String)
                let users = try #require(row["users"] as? Double)
                let bill = try cli.fanout(
                    ["bill", "--users", "\(Int(users))", "--architecture", architecture, "--format", "json"]
                        + (dto ? ["--dto"] : [])
                )
                #expect(bill.status == 0, "\(bill.stderr)")
                let billed = try json(bill.stdout)
                #expect(
                    row["total_usd"] as? Double == billed["total_usd"] as? Double,
                    "\(architecture) \(users) \(dto)"
                )
                #expect(row["delivered_ratio"] as? Double == billed["delivered_ratio"] as? Double)
                checked += 1
            }
        }
        #expect(checked == 2 * 2 * 2)
    }

    @Test func tableSaysHowDataTransferOutIsShownAndJSONIsDeterministic() throws {
        let table = try cli.fanout(arguments)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(
            table.stdout.contains(
                "the serverless designs (indexed) are shown without it (bill's default) and with it (bill --dto)"
            )
        )
        #expect(table.stdout.contains("On EC2, engine (self-hosted) always pays it: its rows are the same in both."))
        #expect(table.stdout.contains("cheapest that delivers everything"))
        #expect(table.stdout.contains("first limit that binds"))
        let first = try cli.fanout(arguments + ["--format", "json"])
        let second = try cli.fanout(arguments + ["--format", "json"])
        #expect(first.status == 0 && first.stdout == second.stdout)
        let csv = try cli.fanout(arguments + ["--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("data_transfer_out_for_websocket,users,architecture,total_usd,") == true)
        #expect(lines.count == 1 + 2 * 2 * 2)
    }

    @Test(arguments: [
        (["--architecture", "indexed,foo"], "fanout: error: --architecture: unknown architecture 'foo'"),
        (["--architecture", "indexed,"], "fanout: error: --architecture: an empty name in the list"),
        (["--architecture", ""], "fanout: error: --architecture: an empty name in the list"),
        (["--architecture", "indexed,indexed"], "fanout: error: --architecture: 'indexed' is listed twice"),
        (["--users", "2000,abc"], "fanout: error: --users: 'abc' is not a decimal number"),
        (["--users", "-5"], "fanout: error: --users:"),
        (["--users", ""], "fanout: error: --users:"),
        (["--dto"], "fanout: error: --dto: compare always shows the serverless designs both without and with"),
        (["--format", "xml"], "fanout: error: --format: unknown format 'xml'"),
    ])
    func badInputIsOneLine(arguments: [String], prefix: String) throws {
        let run = try cli.fanout(["compare", "--users", "2000", "--architecture", "indexed"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(prefix), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(run.stdout.isEmpty)
    }
}
