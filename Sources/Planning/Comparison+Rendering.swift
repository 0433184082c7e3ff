import Architectures
import Billing
import Foundation
import TextOutput

extension Comparison {
    /// Pretty-printed JSON with sorted keys, money rounded to micro-dollars (byte-identical for identical inputs).
    public func jsonText() -> String { stableJSON(rounded()) }

    /// The comparison with money, ratios, demands and capacities rounded to 6 decimals.
    public func rounded() -> Comparison {
        var copy = self
        copy.firstLimits = firstLimits.map {
            var first = $0
            first.limit = first.limit?.rounded()
            return first
        }
        copy.readings = readings.map { reading in
            var reading = reading
            reading.rows = reading.rows.map { row in
                var row = row
                row.totalUSD = round6(row.totalUSD)
                row.deliveredRatio = round6(row.deliveredRatio)
                row.subtotalsUSD = row.subtotalsUSD.map { Subtotal(service: $0.service, usd: round6($0.usd)) }
                return row
            }
            reading.cheapest = reading.cheapest.map {
                Cheapest(users: $0.users, architecture: $0.architecture, totalUSD: $0.totalUSD.map(round6))
            }
            reading.crossovers = reading.crossovers.map { crossing in
                var crossing = crossing
                crossing.cheaperBelowUSDBefore = round6(crossing.cheaperBelowUSDBefore)
                crossing.cheaperAboveUSDBefore = round6(crossing.cheaperAboveUSDBefore)
                crossing.cheaperBelowUSDAt = round6(crossing.cheaperBelowUSDAt)
                crossing.cheaperAboveUSDAt = round6(crossing.cheaperAboveUSDAt)
                return crossing
            }
            return reading
        }
        return copy
    }

    /// The CSV column of a service's subtotal: `api_gateway_usd`, `elastic_load_balancing_usd`.
    static func csvColumn(_ service: Service) -> String {
        service.rawValue.lowercased().replacingOccurrences(of: " ", with: "_") + "_usd"
    }

    /// One row per reading × user count × design, every service as a column (0 when not billed);
    /// the crossovers are in the table and the JSON.
    public func csvText() -> String {
        let header =
            ["data_transfer_out_for_websocket", "users", "architecture", "total_usd"]
            + Service.allCases.map(Self.csvColumn)
            + [
                "delivered_ratio", "limits_exceeded", "delivers_everything", "cheapest_that_delivers_everything",
                "first_limit_users", "first_limit", "scenario", "price_sheet",
            ]
        var out = header.joined(separator: ",") + "\n"
        let copy = rounded()
        for reading in copy.readings {
            for row in reading.rows {
                let first = copy.firstLimits.first { $0.architecture == row.architecture }
                let cheapest = reading.cheapest.first { $0.users == row.users }?.architecture == row.architecture
                let subtotals = Service.allCases.map { service in
                    plainNumber(row.subtotalsUSD.first { $0.service == service.rawValue }?.usd ?? 0)
                }
                let binding = first.map { $0.search.status == .noneUpToMaximum ? "" : plainNumber($0.search.users) }
                let fields =
                    [
                        "\(reading.dataTransferOutForWebSocket)", plainNumber(row.users), row.architecture,
                        plainNumber(row.totalUSD),
                    ]
                    + subtotals
                    + [
                        plainNumber(row.deliveredRatio), row.limitsExceeded.joined(separator: ";"),
                        "\(row.deliversEverything)", "\(cheapest)", binding ?? "", first?.limit?.name ?? "",
                        scenario, priceSheet,
                    ]
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Table headers for the services whose full names are long.
    private static func header(_ service: Service) -> String {
        service == .loadBalancing ? "ELB" : service.rawValue
    }

    /// The readings one after the other, then each design's first limit, with what the figures mean.
    public func tableText() -> String {
        let counts = users.map(grouped)
        let listed =
            counts.count > 1 ? counts.dropLast().joined(separator: ", ") + " and " + counts.last! : counts.joined()
        var out = "compare: scenario \(scenario), prices \(priceSheet), at \(listed) users\n"
        out += "(each architecture's analytic monthly bill, as `fanout bill` prints it)\n\n"
        let serverless = firstLimits.filter { $0.stack == .serverless }.map(\.architecture)
        let selfHosted = firstLimits.filter { $0.stack == .selfHosted }.map(\.architecture)
        out += "Data transfer out: AWS's documents leave open whether API Gateway WebSocket messages pay it, so\n"
        out +=
            serverless.isEmpty
            ? "each comparison is" : "the serverless designs (\(serverless.joined(separator: ", "))) are"
        out += " shown without it (bill's default) and with it (bill --dto).\n"
        if !selfHosted.isEmpty {
            let one = selfHosted.count == 1
            out += "On EC2, \(selfHosted.joined(separator: ", ")) (self-hosted) always pay\(one ? "s" : "") it: "
            out += "\(one ? "its rows are" : "their rows are") the same in both.\n"
        }
        for (index, reading) in readings.enumerated() {
            let title =
                reading.dataTransferOutForWebSocket
                ? "with data transfer out for API Gateway WebSocket messages (bill --dto)"
                : "without data transfer out for API Gateway WebSocket messages (bill's default)"
            out += "\n\(index + 1). \(title)\n\n" + readingText(reading)
        }
        out += "\nfirst limit that binds: the fewest users at which the analytic bill reports any limit exceeded\n"
        out +=
            "(searched between \(grouped(firstLimitSearch.minimumUsers)) and \(grouped(firstLimitSearch.maximumUsers)) users, "
        out += "to one user; the same in both readings; `fanout breaks` lists every limit)\n\n"
        return out + firstLimitsText()
    }

    private func readingText(_ reading: Reading) -> String {
        let services = Service.allCases.filter { service in
            reading.rows.contains { $0.subtotalsUSD.contains { $0.service == service.rawValue } }
        }
        var previousUsers: Double?
        let rows = reading.rows.map { row -> [String] in
            defer { previousUsers = row.users }
            let subtotals = services.map { service in
                row.subtotalsUSD.first { $0.service == service.rawValue }.map { money($0.usd) } ?? ""
            }
            return [previousUsers == row.users ? "" : grouped(row.users), row.architecture] + subtotals
                + [money(row.totalUSD), String(format: "%.4f", row.deliveredRatio), "\(row.limitsExceeded.count)"]
        }
        var out = textTable(
            header: ["users", "architecture"] + services.map(Self.header) + ["total/month", "delivered", "limits"],
            rows: rows,
            rightAligned: Set([0] + Array(2..<(services.count + 5)))
        )
        if services.contains(.loadBalancing) { out += "(ELB: Elastic Load Balancing; limits: how many are exceeded)\n" }
        out += "\ncheapest that delivers everything (delivered ≥ 1 − 10⁻⁹ of intended deliveries, no limit exceeded):\n"
        let width = reading.cheapest.map { grouped($0.users).count }.max() ?? 0
        for cheapest in reading.cheapest {
            let users = String(repeating: " ", count: width - grouped(cheapest.users).count) + grouped(cheapest.users)
            if let architecture = cheapest.architecture, let total = cheapest.totalUSD {
                out += "  \(users) users: \(architecture), \(money(total))\n"
            } else {
                out += "  \(users) users: none (each design misses deliveries or exceeds a limit)\n"
            }
        }
        out += "\ncrossovers: where one total stops being below another's between two counts above\n"
        out += "(located to one user on the analytic bills):\n"
        if users.count < 2 { return out + "  none: give two or more user counts\n" }
        if reading.crossovers.isEmpty { return out + "  none: the order of the totals is the same at every count\n" }
        let usersWidth = reading.crossovers.map { grouped($0.users).count }.max() ?? 0
        for crossing in reading.crossovers {
            let users = grouped(crossing.users)
            out += "  from \(String(repeating: " ", count: usersWidth - users.count))\(users) users, "
            out += "\(crossing.cheaperAbove) costs no more than \(crossing.cheaperBelow): "
            out += "\(money(crossing.cheaperAboveUSDAt)) vs \(money(crossing.cheaperBelowUSDAt)) "
            out +=
                "(at \(grouped(crossing.usersBefore)): \(money(crossing.cheaperAboveUSDBefore)) vs \(money(crossing.cheaperBelowUSDBefore)))\n"
        }
        return out
    }

    private func firstLimitsText() -> String {
        let rows = firstLimits.map { first -> [String] in
            let found = first.search
            let others = found.limits.count > 1 ? " (+\(found.limits.count - 1) more)" : ""
            switch (found.status, first.limit) {
            case (.noneUpToMaximum, _), (_, nil):
                return [first.architecture, "", "none up to \(grouped(found.users)) users", "", "", ""]
            case (let status, let limit?):
                let shown = exceeding(limit.demand, limit.capacity)
                return [
                    first.architecture, (status == .atOrBelowMinimum ? "≤ " : "") + grouped(found.users),
                    limit.name + others, shown.demand, shown.capacity, limit.unit,
                ]
            }
        }
        return textTable(
            header: ["architecture", "users", "limit", "demand", "capacity", "unit"],
            rows: rows,
            rightAligned: [1, 3, 4]
        )
    }
}
