import Foundation
import RunStore
import Testing

/// `fanout runs merge`, `fanout runs delete` and `--db` on `bill` and `simulate`, run as a user would.
@Suite(.serialized) struct RunsMergeCommandTests {
    typealias CLI = SweepCommandTests

    static let grid = ["sweep", "--users", "2000...10000", "--step", "2000", "--architecture", "scan,indexed,engine"]

    @Test func shardStoresMergeIntoTheWholeGridOnce() throws {
        let dir = try CLI.temporaryDirectory()
        for shard in 1...3 {
            let run = try CLI.fanout(
                Self.grid + ["--shard", "\(shard)/3", "--db", "\(dir)/shard-\(shard).sqlite"],
                in: dir
            )
            #expect(run.status == 0, "\(run.stderr)")
        }
        let shards = (1...3).map { "\(dir)/shard-\($0).sqlite" }
        let merge = try CLI.fanout(["runs", "merge", "\(dir)/runs.sqlite"] + shards, in: dir)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.hasSuffix("merged 3 stores into \(dir)/runs.sqlite: 0 analyses, 15 runs added\n"))
        let whole = try CLI.fanout(Self.grid + ["--db", "\(dir)/runs.sqlite"], in: dir)
        #expect(whole.stdout.contains("15 runs in the grid, 15 already stored, 0 run"))

        let again = try CLI.fanout(["runs", "merge", "\(dir)/runs.sqlite", shards[0]], in: dir)
        #expect(
            again.stdout.hasPrefix("\(shards[0]): analyses 0 added, 0 already stored; runs 0 added, 5 already stored\n")
        )
    }

    @Test func aBadInputIsOneLineAndANewOutputIsNotLeftBehind() throws {
        let dir = try CLI.temporaryDirectory()
        let shard = "\(dir)/shard.sqlite"
        #expect(
            try CLI.fanout(["sweep", "--users", "2000", "--architecture", "indexed", "--db", shard], in: dir).status
                == 0
        )
        let notes = "\(dir)/notes.txt"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let out = "\(dir)/out.sqlite"
        for (inputs, message) in [
            ([shard, notes], "\(notes): is not a Fanout run store (not an SQLite database)"),
            ([shard, "\(dir)/missing.sqlite"], "\(dir)/missing.sqlite: no such run store"),
            ([shard, out], "\(out): is also the output; name it once"),
            ([], "runs merge: needs at least one store to merge from"),
        ] {
            let run = try CLI.fanout(["runs", "merge", out] + inputs, in: dir)
            #expect(run.status == 2)
            #expect(run.stderr == "fanout: error: \(message)\n")
            #expect(run.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out), "a refused merge left \(out)")
        }
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
    }

    @Test func billAndSimulateStoreWhatTheyPrintAsASweepWould() throws {
        let dir = try CLI.temporaryDirectory()
        let db = "\(dir)/runs.sqlite"
        let arguments = ["bill", "--users", "2000,6000", "--architecture", "indexed"]
        let plain = try CLI.fanout(arguments, in: dir)
        let stored = try CLI.fanout(arguments + ["--db", db], in: dir)
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout == plain.stdout, "--db changed what bill prints")
        #expect(stored.stderr == "stored 2 of 2 runs in \(db)\n")
        let sweep = try CLI.fanout(
            ["sweep", "--users", "2000,4000,6000", "--architecture", "indexed", "--db", db],
            in: dir
        )
        #expect(sweep.stdout.contains("3 runs in the grid, 2 already stored, 1 run and stored"))

        let simulate = ["simulate", "--users", "1000", "--architecture", "scan", "--days", "0.1", "--db", db]
        #expect(try CLI.fanout(simulate, in: dir).stderr == "stored 1 of 1 run in \(db)\n")
        #expect(try CLI.fanout(simulate, in: dir).stderr == "stored 0 of 1 run in \(db) (1 already stored)\n")
        // A run already stored takes no id: the next one stored is the fifth.
        let next = try CLI.fanout(["bill", "--users", "8000", "--architecture", "indexed", "--db", db], in: dir)
        #expect(next.stderr == "stored 1 of 1 run in \(db)\n")
        let runs = try RunStore(path: db).runs()
        #expect(runs.map(\.mode).sorted() == ["bill", "bill", "bill", "bill", "simulate"])
        #expect(runs.map(\.id).sorted() == [1, 2, 3, 4, 5])

        let notes = "\(dir)/notes.txt"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let refused = try CLI.fanout(arguments + ["--db", notes], in: dir)
        #expect(refused.status == 2 && refused.stdout.isEmpty, "bill ran before refusing --db")
        #expect(refused.stderr == "fanout: error: \(notes): is not a Fanout run store (not an SQLite database)\n")
    }

    @Test func deleteRemovesRunsAndAnUnknownIdDeletesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let db = "\(dir)/runs.sqlite"
        #expect(
            try CLI.fanout(["sweep", "--users", "2000,4000,6000", "--architecture", "indexed", "--db", db], in: dir)
                .status == 0
        )
        let unknown = try CLI.fanout(["runs", "delete", "1", "99", "--db", db], in: dir)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "fanout: error: \(db): has no run 99; nothing deleted\n")
        #expect(try RunStore(path: db).runs().count == 3)
        let delete = try CLI.fanout(["runs", "delete", "1", "3", "--db", db], in: dir)
        #expect(delete.stdout == "deleted 2 runs from \(db)\n")
        #expect(try RunStore(path: db).runs().map(\.id) == [2])
        let rerun = try CLI.fanout(
            ["sweep", "--users", "2000,4000,6000", "--architecture", "indexed", "--db", db],
            in: dir
        )
        #expect(rerun.stdout.contains("3 runs in the grid, 1 already stored, 2 run and stored"))
    }
}
