public import FanoutInput
public import RunStore

/// Everything the report draws, read from a run store once; the charts and tables are computed
/// from it without further reading.
public struct ReportData: Sendable {
    /// The store's file name (as given, without its folders).
    public var databaseName: String
    /// Every run with its line items, limits and metrics, in the store's order.
    public var runs: [StoredRun]
    /// The scenario settings that tell each run apart from the others (users aside), by position.
    public var variants: [String]
    /// The stored hours of each run that has them, by run id.
    public var timeseries: [Int64: [StoredHour]]
    /// The stored breaks and sensitivity results.
    public var analyses: [StoredAnalysis]
    /// What the runs were computed from, for the header.
    public var provenance: [StoredProvenance]

    /// Report data from its parts (``load(_:databaseName:)`` reads them from a store).
    public init(
        databaseName: String,
        runs: [StoredRun],
        variants: [String],
        timeseries: [Int64: [StoredHour]],
        analyses: [StoredAnalysis],
        provenance: [StoredProvenance]
    ) {
        self.databaseName = databaseName
        self.runs = runs
        self.variants = variants
        self.timeseries = timeseries
        self.analyses = analyses
        self.provenance = provenance
    }

    /// Reads the runs, their hours, the analyses and their provenance from `store`.
    public static func load(_ store: RunStore, databaseName: String) throws(InputError) -> ReportData {
        let runs = try store.runsWithDetails()
        var timeseries: [Int64: [StoredHour]] = [:]
        for run in runs where run.mode == "simulate" {
            let hours = try store.timeseries(runID: run.id)
            if !hours.isEmpty { timeseries[run.id] = hours }
        }
        return ReportData(
            databaseName: databaseName,
            runs: runs,
            variants: ScenarioDifferences.of(runs),
            timeseries: timeseries,
            analyses: try store.analyses(),
            provenance: try store.provenance()
        )
    }

    /// The runs grouped into curves: one per architecture, mode (with days and replications) and
    /// scenario variant, in the store's order; at most one run per user count (the latest stored).
    public func curves() -> [Curve] {
        let settings = runs.map { run in
            run.mode == "bill" ? "bill" : "simulate \(NumberText.count(run.days)) d × \(run.replications)"
        }
        let manySettings = Set(settings).count > 1
        var order: [String] = []
        var byKey: [String: Curve] = [:]
        for (index, run) in runs.enumerated() {
            var name = run.architecture
            if manySettings { name += " · " + settings[index] }
            if !variants[index].isEmpty { name += " · " + variants[index] }
            let context = settings[index] + "|" + variants[index]
            if byKey[name] == nil {
                order.append(name)
                byKey[name] = Curve(name: name, architecture: run.architecture, context: context, runs: [])
            }
            byKey[name]!.runs.removeAll { $0.users == run.users }
            byKey[name]!.runs.append(run)
        }
        return order.map { key in
            var curve = byKey[key]!
            curve.runs.sort { $0.users < $1.users }
            return curve
        }
    }
}

/// The runs of one architecture in one setting, by users.
public struct Curve: Sendable {
    public var name: String
    public var architecture: String
    /// Mode and scenario variant: crossovers are looked for between curves of the same context.
    public var context: String
    /// Its runs by users, one per user count.
    public var runs: [StoredRun]
}
