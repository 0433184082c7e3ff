import ArgumentParser
import FanoutInput
import Foundation
import RunStore
import TextOutput

/// `fanout runs`: read what sweeps stored.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show, export, merge and delete the runs in a run store.",
        discussion: """
            Examples:
              fanout runs list --db runs.sqlite
              fanout runs show 3 --db runs.sqlite
              fanout runs export --db runs.sqlite --format csv --output curves.csv
              fanout runs merge runs.sqlite shard-1.sqlite shard-2.sqlite
              fanout runs delete 13 --db runs.sqlite
            """,
        subcommands: [
            RunsListCommand.self, RunsShowCommand.self, RunsExportCommand.self, RunsMergeCommand.self,
            RunsDeleteCommand.self,
        ]
    )
}

/// Opens `--db` for reading; a missing file is an error (reading never creates a store).
func openExistingStore(_ path: String) throws(InputError) -> RunStore {
    try OutputFiles.requireExisting(path)
    return try RunStore(path: path)
}

/// `fanout runs list`: one line per stored run.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "One line per stored run (and per stored analysis)."
    )

    @Option(help: ArgumentHelp("The run store.", valueName: "file"))
    var db: String

    func run() throws {
        try reportingInputErrors {
            let runs = try openExistingStore(db).runs()
            let differences = ScenarioDifferences.of(runs)
            let rows = zip(runs, differences).map { run, difference in
                [
                    String(run.id), run.mode, run.architecture, grouped(run.users),
                    run.mode == "simulate" ? "\(plainNumber(run.days)) d × \(run.replications)" : "",
                    money(run.totalUSD) + (run.totalUSDCI95.map { " ± " + money($0) } ?? ""),
                    String(format: "%.4f", run.deliveredRatio), run.scenarioName,
                    String(run.configurationHash.prefix(12)), difference,
                ]
            }
            print(
                textTable(
                    header: [
                        "id", "mode", "architecture", "users", "days × runs", "total", "delivered", "scenario", "hash",
                        "varied",
                    ],
                    rows: rows,
                    rightAligned: [0, 3, 5, 6]
                ),
                terminator: ""
            )
            let analyses = try openExistingStore(db).analyses()
            guard !analyses.isEmpty else { return }
            print("\nanalyses (delete with --analysis):")
            print(
                textTable(
                    header: ["id", "kind", "architecture", "users", "searched", "rows", "scenario"],
                    rows: analyses.map { analysis in
                        [
                            String(analysis.id), analysis.kind, analysis.architecture,
                            analysis.users.map(grouped) ?? "",
                            "\(grouped(analysis.minimumUsers))–\(grouped(analysis.maximumUsers))",
                            String(analysis.kind == "breaks" ? analysis.points.count : analysis.rows.count),
                            analysis.scenarioName,
                        ]
                    },
                    rightAligned: [0, 3, 5]
                ),
                terminator: ""
            )
        }
    }
}

/// `fanout runs show N`: one run's line items, limits and metrics.
struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One stored run in full.")

    @Argument(help: "The run's id (from runs list).")
    var id: Int64

    @Option(help: ArgumentHelp("The run store.", valueName: "file"))
    var db: String

    @Option(help: "Output format: table or json.")
    var format = "table"

    func run() throws {
        try reportingInputErrors {
            guard format == "table" || format == "json" else {
                throw InputError(
                    source: "--format",
                    keyPath: "",
                    message: "unknown format '\(format)' (expected table or json)"
                )
            }
            guard let run = try openExistingStore(db).run(id: id) else {
                throw InputError(source: db, keyPath: "", message: "has no run \(id)")
            }
            if format == "json" {
                print(RunExport.json([run]), terminator: "")
                return
            }
            var out = "run \(run.id): \(run.mode) \(run.architecture), scenario \(run.scenarioName), "
            out += "\(grouped(run.users)) users"
            if run.mode == "simulate" {
                out += ", \(counted(run.days, "day")) × \(run.replications) (seed \(run.seed)"
                // Only a run with retry cohorts has this metric (`--reconnects cohorts`).
                out += run.metrics.contains { $0.name == "retries_in_cohorts" } ? ", retries in cohorts)" : ")"
            }
            out += ", prices \(run.priceSheet), fanout \(run.fanoutVersion), stored \(run.createdAt)\n"
            out += "configuration \(run.configurationHash), \(String(format: "%.2f", run.wallSeconds)) s\n\n"
            out += textTable(
                header: ["service", "item", "quantity", "unit", "usd"],
                rows: run.lineItems.map { line in
                    [
                        line.service, line.item, grouped(line.quantity), line.unit,
                        money(line.usd) + (line.usdCI95.map { " ± " + money($0) } ?? ""),
                    ]
                },
                rightAligned: [2, 4]
            )
            out += "total \(money(run.totalUSD))\(run.totalUSDCI95.map { " ± " + money($0) } ?? "")"
            out += ", delivered \(String(format: "%.4f", run.deliveredRatio))\n"
            if !run.limits.isEmpty {
                out += "\nlimits exceeded:\n"
                for limit in run.limits {
                    out +=
                        "  \(limit.name): demand \(grouped(limit.demand)) > capacity \(grouped(limit.capacity)) \(limit.unit)"
                    if let hour = limit.firstHour { out += String(format: ", first at hour %.1f", hour) }
                    out += "\n"
                }
            }
            print(out, terminator: "")
        }
    }
}

/// `fanout runs export`: every run as CSV (long or wide) or JSON.
struct RunsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Every stored run as CSV (one row per line item, or --wide one per run) or JSON."
    )

    @Option(help: ArgumentHelp("The run store.", valueName: "file"))
    var db: String

    @Option(help: "Output format: csv or json.")
    var format = "csv"

    @Flag(help: "CSV with one row per run and a column per service's subtotal.")
    var wide = false

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        try reportingInputErrors {
            guard format == "csv" || format == "json" else {
                throw InputError(
                    source: "--format",
                    keyPath: "",
                    message: "unknown format '\(format)' (expected csv or json)"
                )
            }
            if wide, format != "csv" {
                throw InputError(source: "--wide", keyPath: "", message: "applies to --format csv only")
            }
            let outputOptions = OutputOptions(format: format, output: output)
            try outputOptions.checkTargets()
            let runs = try openExistingStore(db).runsWithDetails()
            let text =
                format == "json" ? RunExport.json(runs) : wide ? RunExport.wideCSV(runs) : RunExport.longCSV(runs)
            try outputOptions.emit(text)
        }
    }
}
