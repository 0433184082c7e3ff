import Foundation
import Testing

struct SimulateCommandTests {
    let cli = BillCommandTests()

    @Test func simulatePrintsTheBillSchemaWithEventsAndTimeseries() throws {
        let run = try cli.fanout(["simulate", "--users", "1000", "--days", "0.25", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["total_usd", "line_items", "limits", "delivered_ratio", "metrics", "limit_events", "timeseries"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let hours = try #require(object["timeseries"] as? [[String: Any]])
        #expect(hours.count == 6)
        for key in [
            "hour", "connections", "table_rows", "table_bytes", "consumed_rcu", "provisioned_rcu", "throttled_calls",
            "lambda_concurrency", "deliveries", "delivered_ratio",
        ] {
            #expect(hours[0][key] != nil, "timeseries key \(key)")
        }
    }

    @Test func engineSimulationReportsMeasuredOperations() throws {
        let run = try cli.fanout([
            "simulate", "--users", "300", "--days", "0.05", "--architecture", "engine", "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["total_usd"] is Double)
        let operations = try #require(object["measured_operations"] as? [[String: Any]])
        #expect(operations.contains { $0["name"] as? String == "publish" })
    }

    @Test func timeseriesIsWrittenAsCSV() throws {
        let path = try cli.temporaryFile("hours.csv", "")
        let run = try cli.fanout(["simulate", "--users", "500", "--days", "0.25", "--timeseries", path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(
            lines.first
                == "hour,replications,connections,table_rows,table_bytes,stale_rows,consumed_rcu,provisioned_rcu,consumed_wcu,provisioned_wcu,throttled_calls,lambda_concurrency,deliveries,delivered_ratio"
        )
        #expect(lines.count == 1 + 6)
        #expect(lines[1].hasPrefix("1,1,"))
    }

    /// With replications the hourly values are means, each with its 95 % half-width beside it.
    @Test func replicatedTimeseriesHasConfidenceColumns() throws {
        let path = try cli.temporaryFile("hours.csv", "")
        let run = try cli.fanout([
            "simulate", "--users", "500", "--days", "0.25", "--replications", "3", "--architecture", "indexed",
            "--timeseries", path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        #expect(header.count == 2 + 2 * 12)
        #expect(header.last == "delivered_ratio_ci95")
        let connections = try #require(header.firstIndex(of: "connections"))
        let connectionsCI = try #require(header.firstIndex(of: "connections_ci95"))
        for row in rows.dropFirst() {
            #expect(row.count == header.count)
            #expect(row[1] == "3")
            // Three replications of 500 users draw different arrivals: the interval is not empty.
            #expect(try #require(Double(row[connectionsCI])) > 0)
            #expect(try #require(Double(row[connections])) > 0)
        }
    }

    @Test func sameSeedSameBytes() throws {
        let arguments = [
            "simulate", "--users", "800", "--days", "0.2", "--seed", "5", "--replications", "3", "--format", "json",
        ]
        let a = try cli.fanout(arguments)
        let b = try cli.fanout(arguments)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test func badInputIsOneLine() throws {
        let bigChannels = try cli.temporaryFile(
            "channels.json",
            #"{"channels": {"count": 2000000, "joins_per_connection": 1}}"#
        )
        let badProfile = try cli.temporaryFile("profile.json", #"{"daily_profile": "/no/such/profile.csv"}"#)
        let cases: [([String], String)] = [
            (["simulate", "--days", "0"], "--days: must be between 0.01 and 62 days (got 0)"),
            (["simulate", "--days", "nan"], "--days: 'nan' is not a decimal number"),
            (["simulate", "--replications", "-1"], "--replications: must be between 1 and 1000"),
            (["simulate", "--seed", "-3"], "--seed: must be a whole number"),
            (["simulate", "--users", "1000,2000"], "--users: simulate takes one user count"),
            (
                ["simulate", "--architecture", "engine", "--replications", "2"],
                "--replications: the engine replay runs one replication"
            ),
            (
                ["simulate", "--scenario", bigChannels],
                "\(bigChannels): channels.count: the simulator keeps state per channel"
            ),
            (
                ["simulate", "--scenario", badProfile],
                "\(badProfile): daily_profile: /no/such/profile.csv: cannot read file"
            ),
        ]
        for (arguments, expected) in cases {
            let run = try cli.fanout(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("fanout: error: \(expected)"), "\(arguments): \(run.stderr)")
        }
    }
}

struct BenchCommandTests {
    let cli = BillCommandTests()

    /// A SimPy baseline that cannot be used is named with its reason; the kernel's figures still print.
    @Test func benchDESSaysWhyABaselineIsSkipped() throws {
        let script = try cli.temporaryFile("simpy_hold.py", "print('{\"holds\": 1000}')\n")
        let run = try cli.fanout([
            "bench", "des", "--steps", "1000", "--repeats", "1", "--customers", "1000", "--month-users", "0",
            "--simpy-hold-script", script, "--simpy-script", script + ".missing", "--python", "python3",
            "--storm-users", "2000", "--storm-days", "0.01",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("reconnect storm: 2,000 users, 0.01 simulated days, seed 1, one replication, 1 pair")
        )
        #expect(run.stdout.contains("  seed ÷ indexed, per pair: "), "the storm's ratio is missing: \(run.stdout)")
        #expect(run.stdout.contains("  SimPy hold baseline skipped: \(script) printed no holds and seconds\n"))
        #expect(run.stdout.contains("  SimPy baseline skipped: \(script).missing not found"))
        #expect(run.stdout.contains("    1,000       1,000 "), "the hold table is missing: \(run.stdout)")
    }

    @Test func benchBadInputIsOneLine() throws {
        let cases: [([String], String)] = [
            (["bench", "engine", "--deliveries", "0"], "--deliveries: must be between 1000 and"),
            (["bench", "engine", "--payload-bytes", "-4"], "--payload-bytes: must be between 1 and"),
            (["bench", "des", "--steps", "5"], "--steps: must be between 1000 and"),
            (["bench", "des", "--repeats", "0"], "--repeats: must be between 1 and 100"),
            (["bench", "des", "--simpy-holds", "5"], "--simpy-holds: must be between 1000 and"),
            (["bench", "des", "--storm-users", "-1"], "--storm-users: must be between 0 and 1000000"),
            (["bench", "des", "--storm-days", "0"], "--storm-days: "),
            (["bench", "engine", "--queue-depth", "0"], "--queue-depth: must be between 1 and"),
        ]
        for (arguments, expected) in cases {
            let run = try cli.fanout(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("fanout: error: \(expected)"), "\(arguments): \(run.stderr)")
        }
    }
}

/// `--reconnects`: named in the output, refused where it means nothing, checked like every option.
struct ReconnectsOptionTests {
    let cli = BillCommandTests()

    @Test func reconnectCohortsAreNamedAndRefusedWhereMeaningless() throws {
        let storm = [
            "simulate", "--users", "2000", "--days", "0.05", "--architecture", "seed",
        ]
        let cohorts = try cli.fanout(storm + ["--reconnects", "cohorts"])
        #expect(cohorts.status == 0, "\(cohorts.stderr)")
        #expect(cohorts.stdout.contains("(seed 1, retries in cohorts)"))
        #expect(cohorts.stdout.contains("retries_in_cohorts:"))
        let events = try cli.fanout(storm)
        #expect(events.status == 0, "\(events.stderr)")
        #expect(!events.stdout.contains("cohorts"))
        #expect(try cli.fanout(storm + ["--reconnects", "events"]).stdout == events.stdout)

        let engine = try cli.fanout([
            "simulate", "--users", "300", "--days", "0.05", "--architecture", "engine", "--reconnects", "cohorts",
        ])
        #expect(engine.status != 0)
        #expect(
            engine.stderr
                == "fanout: error: --reconnects: has no effect on the engine architecture (its replay keeps connections open)\n"
        )
        let unknown = try cli.fanout(storm + ["--reconnects", "fluid"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr == "fanout: error: --reconnects: unknown model 'fluid' (expected events or cohorts)\n")
        let bill = try cli.fanout([
            "sweep", "--users", "1000", "--reconnects", "cohorts", "--db", "/nonexistent/x.sqlite",
        ])
        #expect(bill.status != 0)
        #expect(bill.stderr.contains("--reconnects: applies to --mode simulate only"), "\(bill.stderr)")
    }
}
