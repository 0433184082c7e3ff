import TextOutput

/// Stored runs as CSV (long: one row per line item per run; wide: one row per run with a
/// column per service) or JSON, in the order given.
public enum RunExport {
    /// The run columns both CSV forms start with.
    static let runHeader = [
        "run_id", "configuration_hash", "mode", "scenario", "architecture", "users", "days", "replications", "seed",
        "total_usd", "total_usd_ci95", "delivered_ratio",
    ]

    static func runFields(_ run: StoredRun) -> [String] {
        [
            String(run.id), run.configurationHash, run.mode, csvField(run.scenarioName), csvField(run.architecture),
            plainNumber(run.users), plainNumber(run.days), String(run.replications), String(run.seed),
            plainNumber(run.totalUSD), run.totalUSDCI95.map(plainNumber) ?? "", plainNumber(run.deliveredRatio),
        ]
    }

    /// One row per line item per run, with the run's columns repeated (pandas reads it as is).
    public static func longCSV(_ runs: [StoredRun]) -> String {
        let header = runHeader + ["service", "item", "quantity", "unit", "unit_usd", "usd", "usd_ci95"]
        var out = header.joined(separator: ",") + "\n"
        for run in runs {
            let prefix = runFields(run)
            for line in run.lineItems {
                let fields = [
                    csvField(line.service), csvField(line.item), plainNumber(line.quantity), csvField(line.unit),
                    plainNumber(line.unitUSD), plainNumber(line.usd), line.usdCI95.map(plainNumber) ?? "",
                ]
                out += (prefix + fields).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// One row per run: its columns, then each service's subtotal (`usd_api_gateway`, …) in the
    /// order services first appear.
    public static func wideCSV(_ runs: [StoredRun]) -> String {
        var services: [String] = []
        for run in runs {
            for line in run.lineItems where !services.contains(line.service) { services.append(line.service) }
        }
        var out = (runHeader + services.map(columnName)).joined(separator: ",") + "\n"
        for run in runs {
            let subtotals = services.map { service in
                plainNumber(run.lineItems.filter { $0.service == service }.reduce(0) { $0 + $1.usd })
            }
            out += (runFields(run) + subtotals).joined(separator: ",") + "\n"
        }
        return out
    }

    /// `usd_` and the service's name in snake case (`Elastic Load Balancing` → `usd_elastic_load_balancing`).
    static func columnName(_ service: String) -> String {
        var name = ""
        for character in service.lowercased() {
            if character.isLetter || character.isNumber {
                name.append(character)
            } else if !name.hasSuffix("_") {
                name.append("_")
            }
        }
        return "usd_" + name
    }

    /// The runs with their line items, limits and metrics, as a JSON array.
    public static func json(_ runs: [StoredRun]) -> String { stableJSON(runs) }
}
