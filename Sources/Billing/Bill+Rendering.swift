import Analytic
import Architectures
import Foundation

/// How a bill or a cost curve is printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

extension Bill {
    /// Pretty-printed JSON with sorted keys: byte-identical for identical inputs.
    public func jsonText() -> String { Self.encode(self.rounded()) }

    /// The bill with money rounded to micro-dollars and quantities to 6 significant decimals,
    /// so float noise never reaches output.
    func rounded() -> Bill {
        var copy = self
        copy.totalUSD = round6(totalUSD)
        copy.lineItems = lineItems.map {
            var line = $0
            line.quantity = round6(line.quantity)
            line.usd = round6(line.usd)
            return line
        }
        copy.deliveredRatio = round6(deliveredRatio)
        copy.limits = limits.map {
            var limit = $0
            limit.demand = round6(limit.demand)
            limit.capacity = round6(limit.capacity)
            return limit
        }
        copy.metrics = metrics.map {
            var metric = $0
            metric.value = round6(metric.value)
            return metric
        }
        return copy
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            preconditionFailure("a bill always encodes: \(error)")
        }
    }

    /// A human-readable bill: line items, total, delivered ratio and exceeded limits.
    public func tableText() -> String {
        var out =
            "\(architecture) architecture, scenario \(scenario), \(grouped(users)) users, \(grouped(monthHours)) h month, prices \(priceSheet)"
        if freeTier { out += ", free tier applied" }
        out += "\n\n"
        let rows = lineItems.map { item in
            [
                item.service.rawValue, item.item, grouped(item.quantity), item.unit,
                unitPrice(item.unitUSD), money(item.usd),
            ]
        }
        out += Self.table(
            header: ["service", "item", "quantity", "unit", "unit USD", "USD"],
            rows: rows,
            rightAligned: [2, 4, 5]
        )
        out += "\n"
        for service in Service.allCases where lineItems.contains(where: { $0.service == service }) {
            out += "  \(service.rawValue) subtotal: \(money(subtotal(service)))\n"
        }
        out += "  TOTAL per month: \(money(totalUSD))\n\n"
        out += "delivered ratio: \(String(format: "%.4f", deliveredRatio)) of intended fan-out deliveries\n"
        if limits.isEmpty {
            out += "limits: none exceeded\n"
        } else {
            out += "limits exceeded (\(limits.count)):\n"
            for limit in limits {
                out +=
                    "  \(limit.name): demand \(grouped(limit.demand)) > capacity \(grouped(limit.capacity)) \(limit.unit); \(limit.effect)\n"
            }
        }
        return out
    }

    /// Renders an aligned text table.
    static func table(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let joined = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            var trimmed = joined
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            return trimmed
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

extension [Bill] {
    /// One JSON document: a single bill as is, several as `{"bills": [...]}`.
    public func jsonText() -> String {
        if count == 1 { return self[0].jsonText() }
        return Bill.encode(["bills": map { $0.rounded() }])
    }

    /// CSV, one row per line item (per user count for a curve).
    public func csvText() -> String {
        var out =
            "users,scenario,architecture,price_sheet,service,item,quantity,unit,unit_usd,usd,total_usd,delivered_ratio,limits_exceeded\n"
        for bill in self {
            let b = bill.rounded()
            let limitNames = b.limits.map(\.name).joined(separator: ";")
            for item in b.lineItems {
                let fields = [
                    csvNumber(b.users), b.scenario, b.architecture, b.priceSheet, item.service.rawValue, item.item,
                    csvNumber(item.quantity), item.unit, unitPrice(item.unitUSD), csvNumber(item.usd),
                    csvNumber(b.totalUSD), csvNumber(b.deliveredRatio), limitNames,
                ]
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A cost curve: one row per user count with service subtotals.
    public func curveTableText() -> String {
        guard let first else { return "" }
        var out = "\(first.architecture) architecture, scenario \(first.scenario), prices \(first.priceSheet)\n\n"
        let rows = map { bill in
            [
                grouped(bill.users), money(bill.subtotal(.apiGateway)), money(bill.subtotal(.lambda)),
                money(bill.subtotal(.dynamoDB)), money(bill.subtotal(.dataTransfer)), money(bill.totalUSD),
                String(format: "%.4f", bill.deliveredRatio), "\(bill.limits.count)",
            ]
        }
        out += Bill.table(
            header: [
                "users", "API Gateway", "Lambda", "DynamoDB", "Data transfer", "total/month", "delivered", "limits",
            ],
            rows: rows,
            rightAligned: Set(0..<8)
        )
        return out
    }
}

func round6(_ value: Double) -> Double {
    guard value.isFinite, abs(value) < 1e12 else { return value }
    return (value * 1e6).rounded() / 1e6
}

func money(_ usd: Double) -> String {
    let sign = usd < 0 ? "-" : ""
    let cents = (abs(usd) * 100).rounded()
    let whole = grouped((cents / 100).rounded(.down))
    let fraction = Int(cents.truncatingRemainder(dividingBy: 100))
    return "\(sign)$\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// A number with thousands separators; up to 2 decimals below 1,000, none above.
func grouped(_ value: Double) -> String {
    if !value.isFinite { return "\(value)" }
    let magnitude = abs(value)
    if magnitude < 1000, magnitude != magnitude.rounded() {
        return String(format: magnitude < 1 ? "%.4g" : "%.2f", value)
    }
    let digits = String(Int64(magnitude.rounded()))
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out += "," }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}

/// A unit price in plain decimal notation (`0.00000025`), never scientific.
func unitPrice(_ usd: Double) -> String {
    var text = String(format: "%.10f", usd)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

func csvNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}

func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
