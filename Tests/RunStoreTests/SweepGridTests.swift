import FanoutInput
import Planning
import Scenarios
import Testing

struct SweepGridTests {
    @Test func theGridIsTheProductArchitectureOutermostUsersInnermost() throws {
        let grid = SweepGrid(
            architectures: ["indexed", "engine"],
            users: [20_000, 40_000, 60_000],
            variations: [
                try SweepGrid.Variation.parse("broadcasts.size_bytes=2048,16384"),
                try SweepGrid.Variation.parse("channels.count=2,100,1000"),
            ]
        )
        let points = grid.points
        #expect(points.count == 2 * 2 * 3 * 3)
        #expect(Set(points).count == points.count)
        #expect(points[0].architecture == "indexed" && points[0].users == 20_000)
        #expect(points[1].users == 40_000 && points[1].settings == points[0].settings)
        #expect(points[3].settings.map(\.value) == ["2048", "100"])
        #expect(points.last?.architecture == "engine")
        #expect(points.last?.settings.map(\.value) == ["16384", "1000"])
        #expect(SweepGrid(architectures: ["seed"], users: nil, variations: []).points.map(\.users) == [nil])
    }

    @Test func aVariationSetsTheScenarioFieldByItsJSONKeyPath() throws {
        let base = try #require(Scenario.builtIn(named: "seed-requirement"))
        let larger = try base.setting("broadcasts.size_bytes", to: "16384", source: "--vary")
        #expect(larger.broadcasts.sizeBytes == 16_384)
        #expect(try base.setting("channels.count", to: "100", source: "--vary").channels.count == 100)
        #expect(try base.setting("hours_connected_per_day", to: "8.5", source: "--vary").hoursConnectedPerDay == 8.5)
        var expected = base
        expected.broadcasts.sizeBytes = 16_384
        #expect(larger == expected)
    }

    @Test(arguments: ["broadcasts.sizebytes", "nope", "broadcasts", "broadcasts.size_bytes.x", "", "users."])
    func aBadKeyPathIsOneLineNamingIt(_ keyPath: String) throws {
        let base = try #require(Scenario.builtIn(named: "seed-requirement"))
        let error = try #require(throws: InputError.self) { try base.setting(keyPath, to: "1", source: "--vary") }
        #expect(error.description.hasPrefix("--vary: "))
        #expect(error.description.contains("'\(keyPath)'"))
        #expect(!error.description.contains("\n"))
    }

    @Test func aValueTheScenarioRefusesIsAnError() throws {
        let base = try #require(Scenario.builtIn(named: "seed-requirement"))
        #expect(throws: InputError.self) { try base.setting("channels.count", to: "-3", source: "--vary") }
        #expect(throws: InputError.self) { try base.setting("broadcasts.size_bytes", to: "big", source: "--vary") }
    }

    @Test(arguments: ["broadcasts.size_bytes", "x=", "=1", "x=1,,2"])
    func aMalformedVaryIsRefused(_ text: String) {
        #expect(throws: InputError.self) { try SweepGrid.Variation.parse(text) }
    }

    @Test func shardsCoverTheGridExactlyOnceForOneToEightShards() throws {
        let points = SweepGrid(
            architectures: ["seed", "scan", "indexed"],
            users: [1, 2, 3, 4, 5, 6, 7],
            variations: [try SweepGrid.Variation.parse("channels.count=2,3")]
        ).points
        for count in 1...8 {
            let shards = (1...count).map { SweepGrid.shard(points, index: $0, count: count) }
            #expect(shards.map(\.count).reduce(0, +) == points.count, "n = \(count)")
            #expect(Set(shards.flatMap { $0 }) == Set(points), "n = \(count)")
            #expect(shards.map(\.count).max()! - shards.map(\.count).min()! <= 1, "n = \(count)")
            // Deterministic: the same shard twice is the same list.
            #expect(SweepGrid.shard(points, index: count, count: count) == shards[count - 1])
        }
    }

    @Test(arguments: ["3/2", "0/2", "1/0", "a/b", "1", "1/2/3"])
    func aBadShardIsRefused(_ text: String) {
        #expect(throws: InputError.self) { try SweepGrid.parseShard(text) }
    }
}
