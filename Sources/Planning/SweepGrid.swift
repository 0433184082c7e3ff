public import FanoutInput
import Foundation

/// The runs a sweep makes: every architecture × every combination of the varied scenario
/// fields × every user count, in that order (users innermost).
public struct SweepGrid: Sendable, Equatable {
    /// One `--vary KEY=v1,v2,...`: a scenario key path and the values it takes.
    public struct Variation: Sendable, Equatable {
        public var keyPath: String
        public var values: [String]

        public init(keyPath: String, values: [String]) {
            self.keyPath = keyPath
            self.values = values
        }

        /// Parses `KEY=v1,v2,...` (no empty value); errors name `--vary`.
        public static func parse(_ text: String) throws(InputError) -> Variation {
            guard let equals = text.firstIndex(of: "=") else {
                throw InputError(source: "--vary", keyPath: "", message: "'\(text)' is not KEY=v1,v2,...")
            }
            let key = String(text[..<equals])
            let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !key.isEmpty, !values.contains(where: \.isEmpty) else {
                throw InputError(source: "--vary", keyPath: "", message: "'\(text)' is not KEY=v1,v2,...")
            }
            return Variation(keyPath: key, values: values)
        }
    }

    /// One grid point: an architecture, a user count (nil: the scenario's) and one value per variation.
    public struct Point: Sendable, Equatable, Hashable {
        public var architecture: String
        public var users: Double?
        /// `(key path, value)` in the order the variations were given.
        public var settings: [Setting]

        public struct Setting: Sendable, Equatable, Hashable {
            public var keyPath: String
            public var value: String
        }
    }

    public var architectures: [String]
    public var users: [Double?]
    public var variations: [Variation]

    /// A grid of `architectures` × `variations` × `users` (`nil`: the scenario's count once).
    public init(architectures: [String], users: [Double]?, variations: [Variation]) {
        self.architectures = architectures
        self.users = users.map { $0.map(Optional.some) } ?? [nil]
        self.variations = variations
    }

    /// Every point, architecture outermost and users innermost.
    public var points: [Point] {
        var combinations: [[Point.Setting]] = [[]]
        for variation in variations {
            combinations = combinations.flatMap { prefix in
                variation.values.map { prefix + [Point.Setting(keyPath: variation.keyPath, value: $0)] }
            }
        }
        return architectures.flatMap { architecture in
            combinations.flatMap { settings in
                users.map { Point(architecture: architecture, users: $0, settings: settings) }
            }
        }
    }

    /// The `index`-th of `count` shards (1-based) of `points`: every point whose position is
    /// `index - 1` modulo `count`, so the shards are disjoint, cover the grid and do not depend
    /// on the machine.
    public static func shard<T>(_ points: [T], index: Int, count: Int) -> [T] {
        points.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// Parses `--shard i/n` (1 ≤ i ≤ n ≤ 10,000).
    public static func parseShard(_ text: String) throws(InputError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw InputError(source: "--shard", keyPath: "", message: "'\(text)' is not i/n (e.g. 1/4)")
        }
        guard count >= 1, count <= 10_000, index >= 1, index <= count else {
            throw InputError(source: "--shard", keyPath: "", message: "'\(text)' needs 1 ≤ i ≤ n ≤ 10000")
        }
        return (index, count)
    }
}
