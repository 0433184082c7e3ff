import FanoutInput
import Foundation

/// Relative rate at which users come online over the 24 hours of a day (piecewise constant by hour).
public struct DailyProfile: Sendable, Equatable {
    /// 24 non-negative weights, normalised to mean 1.
    public let hourly: [Double]

    /// Every hour alike.
    public static let flat = DailyProfile(normalising: [Double](repeating: 1, count: 24))

    init(normalising weights: [Double]) {
        let peak = weights.max() ?? 1  // scaled to the peak first, so the sum cannot overflow
        let scaled = weights.map { $0 / peak }
        let mean = scaled.reduce(0, +) / Double(scaled.count)
        hourly = scaled.map { $0 / mean }
    }

    /// Rate multiplier at `seconds` since midnight (any day).
    @inlinable public func multiplier(atSecond seconds: Double) -> Double {
        let day = 86_400.0
        var s = seconds.truncatingRemainder(dividingBy: day)
        if s < 0 { s += day }
        return hourly[min(23, Int(s / 3600))]
    }

    /// The largest multiplier (the thinning bound).
    public var peak: Double { hourly.max() ?? 1 }

    /// `flat`, or a CSV file with `hour,relative_rate` rows for hours 0…23 (`#` lines are comments).
    public static func resolve(_ nameOrPath: String, key: String = "daily_profile") throws(InputError) -> DailyProfile {
        if nameOrPath == "flat" { return .flat }
        guard let text = String(validating: try ModelFile.read(path: nameOrPath), as: UTF8.self) else {
            throw InputError(source: nameOrPath, keyPath: "", message: "cannot read file (not UTF-8)")
        }
        var weights = [Double?](repeating: nil, count: 24)
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {  // "\r\n" is one Character
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("hour") { continue }
            let fields = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let hour = Int(fields[0]), (0..<24).contains(hour),
                let rate = DecimalText.parse(fields[1]), PhysicalRanges.profileRate.contains(rate)
            else {
                throw InputError(
                    source: nameOrPath,
                    keyPath: "line \(lineNumber)",
                    message:
                        "expected 'hour,relative_rate' with hour 0…23 and a rate \(PhysicalRanges.profileRate.rule)"
                )
            }
            guard weights[hour] == nil else {
                throw InputError(
                    source: nameOrPath,
                    keyPath: "line \(lineNumber)",
                    message: "hour \(hour) appears twice"
                )
            }
            weights[hour] = rate
        }
        let values = weights.compactMap { $0 }
        guard values.count == 24 else {
            throw InputError(source: nameOrPath, keyPath: "", message: "needs all 24 hours (found \(values.count))")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw InputError(source: nameOrPath, keyPath: "", message: "at least one hour needs a rate above 0")
        }
        return DailyProfile(normalising: values)
    }
}
