import ArgumentParser
import Billing

/// The billing rules AWS's documents leave open, as switches shared by `bill` and `simulate`.
struct BillingSwitches: ParsableArguments {
    @Flag(name: .customLong("free-tier"), help: "Apply AWS free tiers (off by default).")
    var freeTier = false

    @Flag(
        name: .customLong("dto"),
        help:
            "Charge data transfer out for WebSocket messages at EC2 rates (unsettled in AWS's documents; off by default)."
    )
    var dataTransferOut = false

    @Flag(
        name: .customLong("bill-connection-events"),
        help: "Meter each $connect and $disconnect as one API Gateway message (unstated by AWS; off by default)."
    )
    var connectionEventsAsMessages = false

    @Flag(
        name: .customLong("round-connection-minutes"),
        help: "Round each connection up to a whole minute (unstated by AWS; off by default)."
    )
    var roundConnectionMinutes = false

    /// The switches as the bill's options.
    var options: BillingOptions {
        BillingOptions(
            freeTier: freeTier,
            dataTransferOutForWebSocket: dataTransferOut,
            connectionEventsAsMessages: connectionEventsAsMessages,
            roundConnectionMinutes: roundConnectionMinutes
        )
    }
}
