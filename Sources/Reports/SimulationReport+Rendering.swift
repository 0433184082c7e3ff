import Architectures
import Billing
import Foundation
import Simulator
import TextOutput

extension SimulationReport {
    /// Pretty-printed JSON with sorted keys; numbers rounded to 6 decimals.
    public func jsonText() -> String { stableJSON(rounded()) }

    func rounded() -> SimulationReport {
        var r = self
        r.totalUSD = round6(totalUSD)
        r.totalUSDCI95 = round6(totalUSDCI95)
        r.deliveredRatio = round6(deliveredRatio)
        r.deliveredRatioCI95 = round6(deliveredRatioCI95)
        r.lineItems = lineItems.map {
            var l = $0
            l.quantity = round6(l.quantity)
            l.quantityCI95 = round6(l.quantityCI95)
            l.usd = round6(l.usd)
            l.usdCI95 = round6(l.usdCI95)
            return l
        }
        r.metrics = metrics.map {
            var m = $0
            m.value = round6(m.value)
            m.ci95 = round6(m.ci95)
            return m
        }
        r.limits = limits.map { $0.rounded() }
        r.limitEvents = limitEvents.map {
            var e = $0
            e.firstHour = round6(e.firstHour)
            e.count = round6(e.count)
            return e
        }
        func rounded(_ t: HourlySample) -> HourlySample {
            var t = t
            t.connections = round6(t.connections)
            t.tableRows = round6(t.tableRows)
            t.tableBytes = round6(t.tableBytes)
            t.staleRows = round6(t.staleRows)
            t.consumedRCU = round6(t.consumedRCU)
            t.provisionedRCU = round6(t.provisionedRCU)
            t.consumedWCU = round6(t.consumedWCU)
            t.provisionedWCU = round6(t.provisionedWCU)
            t.throttledCalls = round6(t.throttledCalls)
            t.lambdaConcurrency = round6(t.lambdaConcurrency)
            t.deliveries = round6(t.deliveries)
            t.deliveredRatio = round6(t.deliveredRatio)
            return t
        }
        r.timeseries = timeseries.map(rounded)
        r.timeseriesCI95 = timeseriesCI95?.map(rounded)
        return r
    }

    /// CSV, one row per line item: mean and 95 % half-width.
    public func csvText() -> String {
        var out =
            "users,scenario,architecture,price_sheet,days,replications,service,item,quantity,quantity_ci95,unit,unit_usd,usd,usd_ci95,total_usd,total_usd_ci95,delivered_ratio,delivered_ratio_ci95\n"
        let r = rounded()
        for line in r.lineItems {
            let fields: [String] = [
                plainNumber(r.users), r.scenario, r.architecture, r.priceSheet, plainNumber(r.days),
                "\(r.replications)",
                line.service, line.item, plainNumber(line.quantity), plainNumber(line.quantityCI95), line.unit,
                plainNumber(line.unitUSD),
                plainNumber(line.usd), plainNumber(line.usdCI95), plainNumber(r.totalUSD), plainNumber(r.totalUSDCI95),
                plainNumber(r.deliveredRatio),
                plainNumber(r.deliveredRatioCI95),
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The hourly state as CSV, one row per simulated hour.
    public func timeseriesCSV() -> String {
        let columns =
            "connections,table_rows,table_bytes,stale_rows,consumed_rcu,provisioned_rcu,consumed_wcu,provisioned_wcu,throttled_calls,lambda_concurrency,deliveries,delivered_ratio"
        func values(_ t: HourlySample) -> [String] {
            [
                t.connections, t.tableRows, t.tableBytes, t.staleRows, t.consumedRCU, t.provisionedRCU, t.consumedWCU,
                t.provisionedWCU, t.throttledCalls, t.lambdaConcurrency, t.deliveries, t.deliveredRatio,
            ].map(plainNumber)
        }
        let report = rounded()
        // With replications, each value is their mean and its `_ci95` column the 95 % half-width.
        let ci = report.timeseriesCI95
        var out = "hour,replications," + columns
        if ci != nil { out += "," + columns.split(separator: ",").map { "\($0)_ci95" }.joined(separator: ",") }
        out += "\n"
        for (index, t) in report.timeseries.enumerated() {
            var row = ["\(t.hour)", "\(replications)"] + values(t)
            if let ci { row += values(ci[index]) }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A human-readable report.
    public func tableText() -> String {
        let ci = replications > 1
        var out =
            "\(architecture) architecture, scenario \(scenario), \(grouped(users)) users, simulated \(counted(days, "day")) × \(replications) replication\(replications == 1 ? "" : "s") (seed \(seed)\(reconnects == .cohorts ? ", retries in cohorts" : "")), billed as a \(grouped(monthHours)) h month, prices \(priceSheet)\n\n"
        let rows = lineItems.map { line in
            [
                line.service, line.item, grouped(line.quantity), line.unit,
                ci ? "\(money(line.usd)) ± \(money(line.usdCI95))" : money(line.usd),
            ]
        }
        out += textTable(header: ["service", "item", "quantity", "unit", "USD"], rows: rows, rightAligned: [2, 4])
        out += "\n  TOTAL per month: \(money(totalUSD))\(ci ? " ± \(money(totalUSDCI95)) (95 % CI)" : "")\n\n"
        out +=
            "delivered ratio: \(String(format: "%.4f", deliveredRatio))\(ci ? " ± \(String(format: "%.4f", deliveredRatioCI95))" : "")\n"
        let shown = [
            "mean_connections", "throttled_dynamodb_calls", "failed_dynamodb_calls", "lambda_timeouts",
            "lambda_throttles", "lambda_cold_starts", "connect_attempts", "connect_rejections", "gone_responses",
            "stale_rows_at_end",
            "broadcast_completion_p50", "broadcast_completion_p95", "broadcast_completion_p99",
            "retries_in_cohorts",
        ]
        for name in shown {
            guard let m = metrics.first(where: { $0.name == name }) else { continue }
            out += "  \(name): \(grouped(m.value))\(ci ? " ± \(grouped(m.ci95))" : "") \(m.unit)\n"
        }
        if limitEvents.isEmpty {
            out += "\nno limit bound\n"
        } else {
            out += "\nlimits, in the order they first bound:\n"
            for e in limitEvents {
                out +=
                    "  hour \(String(format: "%7.2f", e.firstHour))  \(e.name) (\(grouped(e.count)) times\(ci ? ", in \(e.replications) of \(replications) replications" : ""))\n"
            }
        }
        if !timeseries.isEmpty {
            // A run shorter than a day has no day's end: it shows its hours instead.
            let byHour = timeseries.count < 24
            out += byHour ? "\nby hour (end of each hour):\n" : "\nby day (end of each day):\n"
            let daily = byHour ? timeseries : stride(from: 23, to: timeseries.count, by: 24).map { timeseries[$0] }
            let dayRows = daily.map { t in
                [
                    byHour ? "\(t.hour)" : "\(t.hour / 24)", grouped(t.connections), grouped(t.tableRows),
                    grouped(t.staleRows),
                    String(format: "%.2f", t.consumedRCU), String(format: "%.2f", t.consumedWCU),
                    String(format: "%.4f", t.deliveredRatio),
                ]
            }
            out += textTable(
                header: [
                    byHour ? "hour" : "day", "connections", "table rows", "stale rows", "RCU used", "WCU used",
                    "delivered",
                ],
                rows: dayRows,
                rightAligned: Set(0..<7)
            )
        }
        return out
    }
}
