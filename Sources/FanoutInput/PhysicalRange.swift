/// The values one input quantity may take, and why: the rule a validator enforces for it.
///
/// A minimum keeps a quantity meaningful (at least one event per simulated run, or a documented
/// floor); a maximum keeps every derived figure finite and a run within memory and time.
/// ``zeroMeans`` names what 0 stands for when 0 is accepted below the minimum ("none").
public struct PhysicalRange: Sendable {
    /// Key paths (or options) the rule applies to, in Markdown, as the README lists them.
    public var keys: String
    public var minimum: Double
    public var maximum: Double
    /// Unit in messages (`"per minute"`, `"bytes"`), or "" for a plain number.
    public var unit: String
    /// What 0 means when it is accepted although it is below ``minimum``; `nil` when it is not.
    public var zeroMeans: String?
    /// Why the bounds are where they are.
    public var why: String

    public init(_ keys: String, _ range: ClosedRange<Double>, _ unit: String, zero: String? = nil, why: String) {
        self.keys = keys
        minimum = range.lowerBound
        maximum = range.upperBound
        self.unit = unit
        zeroMeans = zero
        self.why = why
    }

    /// Whether `value` is accepted.
    public func contains(_ value: Double) -> Bool {
        value.isFinite && ((minimum...maximum).contains(value) || (zeroMeans != nil && value == 0))
    }

    /// `0 (none) or between 0.0001 and 600000 per minute`.
    public var rule: String {
        let span =
            "between \(Validator.format(minimum)) and \(Validator.format(maximum))\(unit.isEmpty ? "" : " \(unit)")"
        return zeroMeans.map { "0 (\($0)) or \(span)" } ?? span
    }

    /// One line of the README's list.
    public var markdown: String { "- \(keys): \(rule). \(why)" }
}

/// The table of physical ranges every validator checks against (README "Bad input" lists it).
public enum PhysicalRanges {
    // MARK: Scenario
    public static let users = PhysicalRange(
        "`users`, `--users`",
        1...1e9,
        "users",
        why: "Whole users; `simulate` also estimates its memory and time first (below)."
    )
    public static let hoursPerDay = PhysicalRange(
        "`hours_connected_per_day`, `--hours-per-day`",
        0.01...24,
        "hours",
        why: "At least 36 s a day."
    )
    public static let monthHours = PhysicalRange(
        "`month_hours`, `--month-hours`",
        1...744,
        "hours",
        why: "744 h is a 31-day month."
    )
    public static let sessionMinutes = PhysicalRange(
        "`sessions.mean_minutes`",
        0.1...120,
        "minutes",
        why: "API Gateway closes every connection at 2 h."
    )
    public static let ratio = PhysicalRange(
        "`sessions.disconnect_event_loss_ratio`",
        0...1,
        "",
        why: "A share."
    )
    public static let channelCount = PhysicalRange(
        "`channels.count`, `--channels`",
        0...100_000_000,
        "channels",
        why: "Whole; `simulate` keeps state per channel and takes at most 1,000,000."
    )
    public static let joins = PhysicalRange(
        "`channels.joins_per_connection`, `--joins`",
        0...10_000,
        "channels",
        why: "Whole, at most `channels.count`; `simulate` takes at most 64."
    )
    public static let channelNameBytes = PhysicalRange(
        "`channels.name_bytes`",
        1...1024,
        "bytes",
        why: "DynamoDB's sort-key limit is 1,024 bytes."
    )
    public static let zipfExponent = PhysicalRange(
        "`channels.popularity_zipf_exponent`",
        0...10,
        "",
        why: "At 10 the top channel already has all but 0.1 % of the weight."
    )
    public static let messagesPerUserDay = PhysicalRange(
        "`user_messages.per_user_per_day`, `--messages-per-user-day`",
        0.001...1e7,
        "per user-day",
        zero: "none",
        why: "Floor: one message per user in about three years."
    )
    public static let messagesPerSession = PhysicalRange(
        "`user_messages.per_session`",
        0...1e6,
        "per session",
        why: "`simulate` needs a whole number."
    )
    public static let broadcastsPerMinute = PhysicalRange(
        "`broadcasts.per_minute`, `--broadcasts-per-minute`",
        0.0001...600_000,
        "per minute",
        zero: "none",
        why: "Floor: about one a week; at most 10,000 a second."
    )
    public static let keepaliveSeconds = PhysicalRange(
        "`keepalive.interval_seconds`, `--keepalive-seconds`",
        1...86_400,
        "seconds",
        zero: "no pings",
        why: "At most one ping a second per client."
    )

    // MARK: Runs
    public static let simulatedDays = PhysicalRange(
        "`simulate --days`",
        0.01...62,
        "days",
        why:
            "Floor: 14.4 minutes, longer than API Gateway's 10-minute idle timeout; every rate above 0 must also give at least one expected event in the run."
    )
    public static let profileRate = PhysicalRange(
        "a `daily_profile` CSV's `relative_rate`",
        0...1e6,
        "",
        why: "Relative to the other hours; at least one hour above 0."
    )

    /// Every rule, in the order the README lists them.
    public static let all: [PhysicalRange] =
        [
            users, hoursPerDay, monthHours, sessionMinutes, ratio, channelCount, joins, channelNameBytes, zipfExponent,
            messagesPerUserDay, messagesPerSession, broadcastsPerMinute, keepaliveSeconds, simulatedDays, profileRate,
        ] + modelFiles
}

extension Validator {
    /// Checks a whole-number `value` against a rule of the table.
    public func check(_ key: String, _ value: Int, _ range: PhysicalRange) throws(InputError) {
        try check(key, Double(value), range)
    }

    /// Checks `value` against a rule of the table: `must be 0 (none) or between … (got …)`.
    public func check(_ key: String, _ value: Double, _ range: PhysicalRange) throws(InputError) {
        guard value.isFinite else { throw fail(key, "must be a finite number (got \(value))") }
        guard range.contains(value) else {
            throw fail(key, "must be \(range.rule) (got \(Self.format(value)))")
        }
    }
}
