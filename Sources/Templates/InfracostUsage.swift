public import Architectures
public import Billing
public import FanoutInput
import Foundation

/// A bill's usage as an Infracost usage file (`infracost breakdown --usage-file FILE`).
///
/// The usage keys are the ones Infracost's resource code reads (infracost/infracost, read 2026-12-02):
/// - `aws_apigatewayv2_api`: `monthly_messages`, `message_size_kb`, `monthly_connection_mins`
///   (`internal/resources/aws/apigatewayv2_api.go` at 55ad647; messages over 32 KB are multiplied
///   by their 32 KB increments, so Fanout writes the metered count with `message_size_kb: 32`);
/// - `aws_lambda_function`: `monthly_requests`, `request_duration_ms`
///   (`internal/resources/aws/lambda_function.go` at 387ef50; GB-s = requests × memory/1024 ×
///   duration/1000, so Fanout writes the duration that reproduces its own GB-seconds, rounded up);
/// - `aws_dynamodb_table`: `monthly_read_request_units`, `monthly_write_request_units` (on-demand
///   tables only; a provisioned table's capacity comes from the resource), `storage_gb`
///   (`internal/resources/aws/dynamodb_table.go` at d0654ec).
///
/// Every value is an integer (Infracost's schema is Int64), rounded up. Fanout usage that Infracost
/// cannot express is written as comments: throttled requests, the delivered ratio, limits exceeded.
public enum InfracostUsage {
    /// Resource addresses of the file's keys.
    public struct Addresses: Sendable, Equatable {
        /// Address of the WebSocket API (`aws_apigatewayv2_api.NAME`).
        public var api: String
        /// Address of the connections table (`aws_dynamodb_table.NAME`).
        public var table: String
        /// Function address by handler.
        public var functions: [FunctionRole: String]

        /// Defaults when the stack has no template: `aws_apigatewayv2_api.websocket`,
        /// `aws_dynamodb_table.connections`, `aws_lambda_function.<handler>` (`connect`, `send_message`, …).
        public static let defaults = Addresses(
            api: "aws_apigatewayv2_api.websocket",
            table: "aws_dynamodb_table.connections",
            functions: Dictionary(
                uniqueKeysWithValues: FunctionRole.allCases.map { ($0, "aws_lambda_function.\($0.rawValue)") }
            )
        )
    }

    /// The usage file of `bill` on `design` (YAML, keys in a fixed order: the same bill gives the same bytes).
    public static func text(
        _ bill: Bill,
        design: ArchitectureDefinition,
        addresses: Addresses = .defaults
    ) -> String {
        let usage = bill.usage
        var out = "# Infracost usage file written by fanout from its bill of the \(bill.architecture)\n"
        out += "# architecture, scenario \(bill.scenario), \(Int(bill.users)) users, \(Int(bill.monthHours)) h month.\n"
        out += "# Usage keys: https://github.com/infracost/infracost (internal/resources/aws), read 2026-12-02.\n"
        out += "# Not expressible in Infracost (Fanout's figures, for the reader):\n"
        out += "#   delivered ratio \(String(format: "%.4f", bill.deliveredRatio)) of intended fan-out deliveries\n"
        if bill.limits.isEmpty {
            out += "#   limits exceeded: none\n"
        } else {
            out += "#   limits exceeded (requests beyond them are throttled, retried or lost, not billed the same):\n"
            for limit in bill.limits { out += "#     \(limit.name)\n" }
        }
        out += "version: 0.1\nresource_usage:\n"
        let metered = usage.messages.reduce(0) { $0 + $1.metered }
        out += "  \(addresses.api):\n"
        out += "    monthly_messages: \(whole(metered))\n"
        out += "    message_size_kb: 32 # messages are counted in 32 KB increments already\n"
        out += "    monthly_connection_mins: \(whole(usage.connectionMinutes))\n"
        for function in usage.lambda {
            guard let role = FunctionRole(rawValue: function.function), let address = addresses.functions[role] else {
                continue
            }
            let gb = function.memoryMB / 1024
            let durationMs = function.requests > 0 && gb > 0 ? function.gbSeconds / function.requests / gb * 1000 : 0
            out += "  \(address):\n"
            out += "    monthly_requests: \(whole(function.requests))\n"
            out += "    request_duration_ms: \(whole(durationMs))\n"
        }
        out += "  \(addresses.table):\n"
        if design.table.capacityMode == .onDemand {
            out += "    monthly_read_request_units: \(whole(usage.dynamoDBReadUnits))\n"
            out += "    monthly_write_request_units: \(whole(usage.dynamoDBWriteUnits))\n"
        } else {
            out +=
                "    # provisioned \(whole(design.table.provisionedRCU)) RCU / \(whole(design.table.provisionedWCU)) WCU: Infracost prices them from the resource\n"
        }
        let storage = bill.lineItems.first { $0.service == .dynamoDB && $0.item == "storage" }?.quantity ?? 0
        out += "    storage_gb: \(whole(storage)) # \(String(format: "%.6g", storage)) GB-months, rounded up\n"
        return out
    }

    /// Refuses what the format cannot hold: several user counts, or a self-hosted stack.
    public static func check(bills: Int, serverless: Bool) throws(InputError) {
        if bills != 1 {
            throw InputError(
                source: "--format",
                keyPath: "",
                message: "infracost-usage takes one user count (got \(bills))"
            )
        }
        if !serverless {
            throw InputError(
                source: "--format",
                keyPath: "",
                message:
                    "infracost-usage describes the serverless stack (API Gateway, Lambda, DynamoDB); the engine has no usage-priced resources"
            )
        }
    }

    /// Rounded up to a whole number, after rounding to 9 significant digits so float noise
    /// (17.000000000001 ms) does not add a unit.
    static func whole(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        let scale = pow(10, 8 - floor(log10(value)))
        return String(Int(((value * scale).rounded() / scale).rounded(.up)))
    }
}

extension TemplateArchitecture {
    /// Infracost addresses from the template's logical ids (`aws_lambda_function.SendMessageHandler`).
    public var infracostAddresses: InfracostUsage.Addresses {
        var addresses = InfracostUsage.Addresses.defaults
        if let api = apiLogicalID { addresses.api = "aws_apigatewayv2_api.\(api)" }
        addresses.table = "aws_dynamodb_table.\(tableLogicalID)"
        for route in routes {
            guard let role = Self.routeRoles.first(where: { $0.key == route.routeKey })?.role else { continue }
            addresses.functions[role] = "aws_lambda_function.\(route.function)"
        }
        return addresses
    }
}
