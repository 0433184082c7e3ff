/// The limits both paths report, named and worded once, so the analytic bill and the simulator
/// always agree on what a limit is called and what it does.
extension ExceededLimit {
    /// DynamoDB read capacity: provisioned RCU, or the on-demand table quota.
    public static func readCapacity(demand: Double, capacity: Double, provisioned: Bool, over period: String? = nil)
        -> ExceededLimit
    {
        ExceededLimit(
            name: provisioned ? "dynamodb.provisioned_rcu" : "dynamodb.on_demand_table_rru",
            demand: demand,
            capacity: capacity,
            unit: (provisioned ? "RCU" : "RRU per second") + (period.map { " (\($0))" } ?? ""),
            effect: "reads beyond capacity are throttled; the SDK retries, then the handler fails"
        )
    }

    /// DynamoDB write capacity: provisioned WCU, or the on-demand table quota.
    public static func writeCapacity(demand: Double, capacity: Double, provisioned: Bool, over period: String? = nil)
        -> ExceededLimit
    {
        ExceededLimit(
            name: provisioned ? "dynamodb.provisioned_wcu" : "dynamodb.on_demand_table_wru",
            demand: demand,
            capacity: capacity,
            unit: (provisioned ? "WCU" : "WRU per second") + (period.map { " (\($0))" } ?? ""),
            effect: "writes beyond capacity are throttled: connects are rejected, joins lost, rows not deleted"
        )
    }

    /// The name ``readCapacity(demand:capacity:provisioned:over:)`` uses.
    public static func readCapacityName(provisioned: Bool) -> String {
        provisioned ? "dynamodb.provisioned_rcu" : "dynamodb.on_demand_table_rru"
    }

    /// The name ``writeCapacity(demand:capacity:provisioned:over:)`` uses.
    public static func writeCapacityName(provisioned: Bool) -> String {
        provisioned ? "dynamodb.provisioned_wcu" : "dynamodb.on_demand_table_wru"
    }

    /// One partition's throughput, taken by the load on a single partition key.
    public static let partitionName = "dynamodb.partition_key"

    /// One partition's throughput (3,000 read and 1,000 write units a second, combined linearly),
    /// against the load on the busiest partition key; `key` names it.
    public static func partitionThroughput(load: Double, key: String, over period: String? = nil) -> ExceededLimit {
        ExceededLimit(
            name: partitionName,
            demand: load,
            capacity: 1,
            unit: "partitions' worth of throughput on key \(key)" + (period.map { " (\($0))" } ?? ""),
            effect:
                "reads on the key beyond its partition are throttled; the SDK retries, then the send fails and delivers nothing"
        )
    }

    /// A new on-demand table's throughput, against the peak the stack needs.
    public static func onDemandWarmUp(_ warmUp: OnDemandWarmUp) -> ExceededLimit {
        ExceededLimit(
            name: "dynamodb.on_demand_new_table",
            demand: warmUp.newTableLoad,
            capacity: 1,
            unit: "new tables' worth of throughput at the peak",
            effect:
                "a new table throttles until its peak has doubled \(Int(warmUp.doublings)) time(s), at least \(Int(warmUp.minutes)) min after launch; the bill assumes a table that has served this peak before"
        )
    }

    /// Lambda's account concurrency.
    public static func lambdaConcurrency(demand: Double, capacity: Double) -> ExceededLimit {
        ExceededLimit(
            name: "lambda.concurrent_executions",
            demand: demand,
            capacity: capacity,
            unit: "concurrent executions",
            effect: "invocations beyond it are throttled (429) and the route returns an error"
        )
    }

    /// Lambda's per-function scaling rate.
    public static func lambdaScalingRate(function: FunctionRole, demand: Double, capacity: Double) -> ExceededLimit {
        ExceededLimit(
            name: "lambda.scaling_rate.\(function.rawValue)",
            demand: demand,
            capacity: capacity,
            unit: "new environments per 10 s",
            effect: "a function adds at most 1,000 environments every 10 s; the rest get 429"
        )
    }

    /// API Gateway's new connections per second.
    public static func newConnections(demand: Double, capacity: Double) -> ExceededLimit {
        ExceededLimit(
            name: "api_gateway.new_connections_per_second",
            demand: demand,
            capacity: capacity,
            unit: "connections per second",
            effect: "connects beyond it are rejected and clients retry"
        )
    }

    /// API Gateway's account request rate, sustained.
    public static func accountRequests(demand: Double, capacity: Double) -> ExceededLimit {
        ExceededLimit(
            name: "api_gateway.requests_per_second",
            demand: demand,
            capacity: capacity,
            unit: "requests per second",
            effect: "requests beyond the account rate get 429 Too Many Requests; posts beyond it are lost"
        )
    }

    /// API Gateway's token bucket during one fan-out.
    public static func fanOutBurst(posts: Double, allowed: Double) -> ExceededLimit {
        ExceededLimit(
            name: "api_gateway.requests_per_second.during_fan_out",
            demand: posts,
            capacity: allowed,
            unit: "posts in one fan-out",
            effect: "one fan-out outruns the account rate and its 5,000 burst: the excess posts get 429"
        )
    }

    /// API Gateway's 29 s integration timeout on `sendmessage`.
    public static func integrationTimeout(seconds: Double, capacity: Double) -> ExceededLimit {
        ExceededLimit(
            name: "api_gateway.integration_timeout",
            demand: seconds,
            capacity: capacity,
            unit: "s per sendmessage",
            effect: "the publisher gets an error after 29 s while the handler runs on (Lambda's timeout is separate)"
        )
    }

    /// API Gateway's 10-minute idle timeout.
    public static func idleTimeout(sessionSeconds: Double, capacity: Double, detail: String) -> ExceededLimit {
        ExceededLimit(
            name: "api_gateway.idle_timeout",
            demand: sessionSeconds,
            capacity: capacity,
            unit: "seconds a session lasts without a message",
            effect: "\(detail) see no message for 10 minutes and are closed; add keep-alives"
        )
    }

    /// Rows a disconnect should delete against rows it deletes.
    public static func staleRows(toDelete: Double, deleted: Double, detail: String) -> ExceededLimit {
        ExceededLimit(
            name: "dynamodb.stale_rows",
            demand: toDelete,
            capacity: max(0, deleted),
            unit: "rows deleted per second",
            effect: "\(detail); the table and every Scan grow"
        )
    }
}
