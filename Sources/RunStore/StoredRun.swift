import GRDB

/// One stored run as `fanout runs show` and `export` read it back.
public struct StoredRun: Encodable, Sendable, Equatable {
    /// One row of `line_items`.
    public struct LineItem: Encodable, Sendable, Equatable {
        public var service: String
        public var item: String
        public var quantity: Double
        public var unit: String
        public var unitUSD: Double
        public var usd: Double
        public var usdCI95: Double?

        enum CodingKeys: String, CodingKey {
            case service, item, quantity, unit
            case unitUSD = "unit_usd"
            case usd
            case usdCI95 = "usd_ci95"
        }
    }

    /// One row of `limits`.
    public struct Limit: Encodable, Sendable, Equatable {
        public var name: String
        public var demand: Double
        public var capacity: Double
        public var unit: String
        public var firstHour: Double?
        public var count: Double?

        enum CodingKeys: String, CodingKey {
            case name, demand, capacity, unit
            case firstHour = "first_hour"
            case count
        }
    }

    /// One row of `metrics`.
    public struct Metric: Encodable, Sendable, Equatable {
        public var name: String
        public var value: Double
        public var unit: String
        public var ci95: Double?
    }

    /// The `runs.id` that `runs show` takes.
    public var id: Int64
    public var configurationHash: String
    public var createdAt: String
    public var fanoutVersion: String
    public var mode: String
    public var scenarioName: String
    public var architecture: String
    public var priceSheet: String
    public var users: Double
    public var days: Double
    public var replications: Int
    public var seed: Int64
    public var wallSeconds: Double
    public var totalUSD: Double
    public var totalUSDCI95: Double?
    public var deliveredRatio: Double
    /// The full scenario, as canonical JSON.
    public var scenarioJSON: String
    /// The run's line items, limits and metrics (empty unless read with details).
    public var lineItems: [LineItem] = []
    public var limits: [Limit] = []
    public var metrics: [Metric] = []

    enum CodingKeys: String, CodingKey {
        case id
        case configurationHash = "configuration_hash"
        case createdAt = "created_at"
        case fanoutVersion = "fanout_version"
        case mode
        case scenarioName = "scenario_name"
        case architecture
        case priceSheet = "price_sheet"
        case users, days, replications, seed
        case wallSeconds = "wall_seconds"
        case totalUSD = "total_usd"
        case totalUSDCI95 = "total_usd_ci95"
        case deliveredRatio = "delivered_ratio"
        case scenarioJSON = "scenario_json"
        case lineItems = "line_items"
        case limits, metrics
    }

    /// The `runs` columns this reads, in `SELECT` order.
    static let columns = """
        id, configuration_hash, created_at, fanout_version, mode, scenario_name, architecture, price_sheet, users,
        days, replications, seed, wall_seconds, total_usd, total_usd_ci95, delivered_ratio, scenario_json
        """

    init(row: Row) {
        id = row["id"]
        configurationHash = row["configuration_hash"]
        createdAt = row["created_at"]
        fanoutVersion = row["fanout_version"]
        mode = row["mode"]
        scenarioName = row["scenario_name"]
        architecture = row["architecture"]
        priceSheet = row["price_sheet"]
        users = row["users"]
        days = row["days"]
        replications = row["replications"]
        seed = row["seed"]
        wallSeconds = row["wall_seconds"]
        totalUSD = row["total_usd"]
        totalUSDCI95 = row["total_usd_ci95"]
        deliveredRatio = row["delivered_ratio"]
        scenarioJSON = row["scenario_json"]
    }

    /// Reads this run's line items, limits and metrics.
    mutating func loadDetails(_ db: Database) throws {
        lineItems = try Row.fetchAll(
            db,
            sql: "SELECT * FROM line_items WHERE run_id = ? ORDER BY rowid",
            arguments: [id]
        ).map {
            LineItem(
                service: $0["service"],
                item: $0["item"],
                quantity: $0["quantity"],
                unit: $0["unit"],
                unitUSD: $0["unit_usd"],
                usd: $0["usd"],
                usdCI95: $0["usd_ci95"]
            )
        }
        limits = try Row.fetchAll(db, sql: "SELECT * FROM limits WHERE run_id = ? ORDER BY name", arguments: [id])
            .map {
                Limit(
                    name: $0["name"],
                    demand: $0["demand"],
                    capacity: $0["capacity"],
                    unit: $0["unit"],
                    firstHour: $0["first_hour"],
                    count: $0["count"]
                )
            }
        metrics = try Row.fetchAll(db, sql: "SELECT * FROM metrics WHERE run_id = ? ORDER BY rowid", arguments: [id])
            .map { Metric(name: $0["name"], value: $0["value"], unit: $0["unit"], ci95: $0["ci95"]) }
    }
}
