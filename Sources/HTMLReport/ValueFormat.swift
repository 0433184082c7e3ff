/// How a chart's values read on its axis and in its tables.
public enum ValueFormat: Sendable {
    /// Users, rows, capacity units: `20k`, `1.5M`.
    case count
    /// US dollars a month: `$1.2k`.
    case money
    /// A share of one: `99.5 %`.
    case ratio

    /// A tick label.
    public func tick(_ value: Double) -> String {
        switch self {
        case .count: NumberText.compact(value)
        case .money: NumberText.compactMoney(value)
        case .ratio: NumberText.trimmed(value * 100) + " %"
        }
    }

    /// A table cell.
    public func cell(_ value: Double) -> String {
        switch self {
        case .count: NumberText.count(value)
        case .money: NumberText.money(value)
        case .ratio: NumberText.percent(value)
        }
    }
}
