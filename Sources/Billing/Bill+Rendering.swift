import Analytic
import Architectures
import Foundation
import TextOutput

/// How a bill or a cost curve is printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

extension Bill {
    /// Pretty-printed JSON with sorted keys: byte-identical for identical inputs.
    public func jsonText() -> String { stableJSON(self.rounded()) }

    /// The bill with money rounded to micro-dollars and quantities to 6 significant decimals,
    /// so float noise never reaches output.
    public func rounded() -> Bill {
        var copy = self
        copy.totalUSD = round6(totalUSD)
        copy.lineItems = lineItems.map {
            var line = $0
            line.quantity = round6(line.quantity)
            line.usd = round6(line.usd)
            return line
        }
        copy.deliveredRatio = round6(deliveredRatio)
        copy.limits = limits.map { $0.rounded() }
        copy.metrics = metrics.map {
            var metric = $0
            metric.value = round6(metric.value)
            return metric
        }
        return copy
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
                plainNumber(item.unitUSD), money(item.usd),
            ]
        }
        out += textTable(
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
        for note in notes { out += "note: \(note)\n" }
        if limits.isEmpty {
            out += "limits: none exceeded\n"
        } else {
            out += "limits exceeded (\(limits.count)):\n"
            for limit in limits {
                out +=
                    "  \(limit.name): demand \(exceeding(limit.demand, limit.capacity).demand) > capacity \(exceeding(limit.demand, limit.capacity).capacity) \(limit.unit); \(limit.effect)\n"
            }
        }
        return out
    }
}

extension ExceededLimit {
    /// The limit with demand and capacity rounded to 6 decimals, as every report prints them.
    public func rounded() -> ExceededLimit {
        var copy = self
        copy.demand = round6(demand)
        copy.capacity = round6(capacity)
        return copy
    }
}

extension [Bill] {
    /// One JSON document: a single bill as is, several as `{"bills": [...]}`.
    public func jsonText() -> String {
        if count == 1 { return self[0].jsonText() }
        return stableJSON(["bills": map { $0.rounded() }])
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
                    plainNumber(b.users), b.scenario, b.architecture, b.priceSheet, item.service.rawValue, item.item,
                    plainNumber(item.quantity), item.unit, plainNumber(item.unitUSD), plainNumber(item.usd),
                    plainNumber(b.totalUSD), plainNumber(b.deliveredRatio), limitNames,
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
        let services = Service.allCases.filter { service in contains { $0.lineItems.contains { $0.service == service } }
        }
        let rows = map { bill in
            [grouped(bill.users)] + services.map { money(bill.subtotal($0)) }
                + [money(bill.totalUSD), String(format: "%.4f", bill.deliveredRatio), "\(bill.limits.count)"]
        }
        out += textTable(
            header: ["users"] + services.map(\.rawValue) + ["total/month", "delivered", "limits"],
            rows: rows,
            rightAligned: Set(0..<(services.count + 4))
        )
        // Notes that every point shares are said once (they differ only in their figures).
        if let note = last?.notes.first {
            out += "\nnote (\(grouped(last!.users)) users): \(note)\n"
        }
        return out
    }
}
