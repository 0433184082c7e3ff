import Foundation
import Testing

/// `fanout breaks --confirm` through the built binary, on the seed's cheap breaking points
/// (1,000–2,000 users, a tenth of a day per simulation).
struct BreaksConfirmTests {
    let cli = BillCommandTests()
    static let search = ["breaks", "--architecture", "seed", "--min", "1000", "--max", "2000", "--confirm"]
    static let days = "0.1"

    /// The limits a `fanout simulate --format json` run reports, by name (worst demand or event).
    func simulatedLimits(users: Double) throws -> Set<String> {
        let run = try cli.fanout([
            "simulate", "--architecture", "seed", "--users", String(Int(users)), "--days", Self.days, "--seed", "1",
            "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let limits = (object["limits"] as? [[String: Any]] ?? []) + (object["limit_events"] as? [[String: Any]] ?? [])
        return Set(limits.compactMap { $0["name"] as? String })
    }

    @Test func eachVerdictFollowsFromTheSimulatorsOwnLimits() throws {
        let run = try cli.fanout(Self.search + ["--days", Self.days, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let points = try #require(reports.first?["points"] as? [[String: Any]])
        let confirmation = try #require(reports.first?["confirmation"] as? [String: Any])
        let checks = try #require(confirmation["checks"] as? [[String: Any]])
        #expect(checks.count == points.count)
        #expect(checks.map { $0["limit"] as? String } == points.map { $0["limit"] as? String })
        let rcu = try #require(checks.first { $0["limit"] as? String == "dynamodb.provisioned_rcu" })
        #expect(rcu["users"] as? Double == 1381)
        // Every simulated count, run again alone: the check says what that run's limits say.
        var byUsers: [Double: Set<String>] = [:]
        for check in checks {
            let name = try #require(check["limit"] as? String)
            var seen: [Bool?] = []
            for side in ["below", "above"] {
                guard let observation = check[side] as? [String: Any] else {
                    seen.append(nil)
                    continue
                }
                let users = try #require(observation["users"] as? Double)
                if byUsers[users] == nil { byUsers[users] = try simulatedLimits(users: users) }
                let exceeded = try #require(observation["exceeded"] as? Bool)
                #expect(exceeded == byUsers[users]!.contains(name), "\(name) at \(users) users")
                seen.append(exceeded)
            }
            let expected: String
            switch (seen[0] ?? false, seen[1]) {
            case (false, true?): expected = "agrees"
            case (true, true?): expected = "disagrees_binds_below"
            case (false, false?): expected = "disagrees_not_seen_above"
            case (true, false?): expected = "disagrees_binds_below_not_seen_above"
            case (_, nil): expected = "not_run"
            }
            #expect(check["verdict"] as? String == expected, "\(name)")
        }
        #expect(byUsers.keys.sorted() == [1100, 1243, 1519])
        // The seed's provisioned read capacity: clear 10 % below its point, exceeded 10 % above.
        #expect(rcu["verdict"] as? String == "agrees")
        // A point at the search's minimum is checked above only.
        let first = try #require(points.first)
        #expect(first["binds_at_minimum"] as? Bool == true)
        #expect(checks.first?["below"] == nil)
    }

    @Test func theTableAndCSVCarryTheChecks() throws {
        let table = try cli.fanout(Self.search + ["--days", "0.05", "--confirm-max-users", "1200"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("simulator check (--confirm): 0.05 simulated days, 1 replication from seed 1"))
        #expect(table.stdout.contains("not run (above --confirm-max-users)"))
        let csv = try cli.fanout(Self.search + ["--days", "0.05", "--confirm-max-users", "1200", "--format", "csv"])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first?.hasSuffix(",check_above_capacity,verdict") == true)
        #expect(
            rows.dropFirst().allSatisfy {
                $0.hasSuffix(",not_run") || $0.hasSuffix(",agrees") || $0.contains(",disagrees_")
            }
        )
    }

    /// `--reconnects cohorts` reaches the simulations: the header and JSON say so, and the runs
    /// stored are other configurations than the reference's (the hash includes the model).
    @Test func retryCohortsReachTheSimulations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("breaks-cohorts-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let limited = Self.search + ["--days", "0.05", "--confirm-max-users", "1200"]
        var hashes: [String: String] = [:]
        for model in ["events", "cohorts"] {
            let db = folder.appendingPathComponent("\(model).sqlite").path
            let table = try cli.fanout(limited + ["--reconnects", model, "--db", db])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(
                table.stdout.contains("1 replication from seed 1, retries in cohorts; ") == (model == "cohorts"),
                "\(table.stdout)"
            )
            let list = try cli.fanout(["runs", "list", "--db", db])
            let lines = list.stdout.components(separatedBy: "\n")
            let row = try #require(lines.first { $0.contains(" 1,100 ") })
            let fields = row.components(separatedBy: " ")
            hashes[model] = fields.first { $0.count == 12 && $0.allSatisfy(\.isHexDigit) }
            let id = try #require(fields.first { !$0.isEmpty })
            let show = try cli.fanout(["runs", "show", id, "--db", db])
            #expect(show.stdout.contains("(seed 1, retries in cohorts)") == (model == "cohorts"), "\(show.stdout)")
        }
        #expect(hashes["events"] != nil && hashes["cohorts"] != nil)
        #expect(hashes["events"] != hashes["cohorts"])
        let json = try cli.fanout(limited + ["--reconnects", "cohorts", "--format", "json"])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let confirmation = try #require(reports.first?["confirmation"] as? [String: Any])
        #expect(confirmation["reconnects"] as? String == "cohorts")
        let reference = try cli.fanout(limited + ["--format", "json"])
        #expect(!reference.stdout.contains("\"reconnects\""))
    }

    @Test(arguments: [
        (["breaks", "--reconnects", "cohorts"], "fanout: error: --reconnects: needs --confirm"),
        (["breaks", "--confirm", "--reconnects", "fluid"], "fanout: error: --reconnects: unknown model 'fluid'"),
        (["breaks", "--days", "2"], "fanout: error: --days: needs --confirm"),
        (["breaks", "--seed", "7"], "fanout: error: --seed: needs --confirm"),
        (
            ["breaks", "--confirm", "--confirm-share", "1.5"],
            "fanout: error: --confirm-share: must be above 0 and below 1"
        ),
        (["breaks", "--confirm", "--days", "0"], "fanout: error: --days:"),
    ])
    func badInputIsOneLine(arguments: [String], prefix: String) throws {
        let run = try cli.fanout(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(prefix), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(run.stdout.isEmpty)
    }
}
