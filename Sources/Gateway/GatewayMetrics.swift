import ChannelEngine

extension GatewayCore {
    /// The measured traffic so far, for the cost meter.
    func measuredTraffic() -> MeasuredTraffic {
        account()
        let seconds = max(uptimeSeconds, 1e-9)
        let c = counters
        return MeasuredTraffic(
            seconds: seconds,
            meanConnections: c.connectionSeconds / seconds,
            meanSubscriptionsPerConnection: c.connectionSeconds > 0 ? c.subscriptionSeconds / c.connectionSeconds : 1,
            channels: hub.channelCount,
            userMessagesPerConnectionDay: c.connectionSeconds > 0
                ? Double(c.userMessages) / c.connectionSeconds * 86_400 : 0,
            recipientsPerUserMessage: c.userMessages > 0 ? Double(c.userMessageRecipients) / Double(c.userMessages) : 0,
            userMessageBytes: c.userMessages > 0 ? Double(c.userMessageBytes) / Double(c.userMessages) : 0,
            broadcastsPerMinute: Double(c.broadcasts) / seconds * 60,
            broadcastBytes: c.broadcasts > 0 ? Double(c.broadcastBytes) / Double(c.broadcasts) : 0
        )
    }

    /// Every metric in Prometheus's text exposition format (version 0.0.4), written by hand.
    func metricsText() -> String {
        let c = counters
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += "\(name)\(sample.labels) \(Self.number(sample.value))\n" }
        }
        func one(_ name: String, _ type: String, _ help: String, _ value: Double) {
            metric(name, type, help, [("", value)])
        }
        func labelled(_ dictionary: [String: Int], _ label: String) -> [(labels: String, value: Double)] {
            dictionary.keys.sorted().map { ("{\(label)=\"\($0)\"}", Double(dictionary[$0]!)) }
        }
        var outboxBytes = 0
        var outboxMessages = 0
        for (index, session) in sessions.enumerated() where session != nil {
            let id = ConnectionID(rawValue: UInt32(index))
            outboxBytes += hub.queuedByteCount(of: id)
            outboxMessages += hub.queuedMessageCount(of: id)
        }
        one("fanout_gateway_connections", "gauge", "WebSocket connections open.", Double(connectionCount))
        one(
            "fanout_gateway_subscriptions",
            "gauge",
            "Channel subscriptions, default included.",
            Double(subscriptionCount)
        )
        one("fanout_gateway_channels", "gauge", "Channels named so far.", Double(hub.channelCount))
        one("fanout_gateway_connections_opened_total", "counter", "Connections upgraded.", Double(c.connectionsOpened))
        one("fanout_gateway_connections_closed_total", "counter", "Connections closed.", Double(c.connectionsClosed))
        one("fanout_gateway_frames_in_total", "counter", "WebSocket frames received.", Double(c.framesIn))
        one("fanout_gateway_frames_out_total", "counter", "WebSocket data frames sent.", Double(c.framesOut))
        one("fanout_gateway_bytes_in_total", "counter", "Payload bytes received.", Double(c.bytesIn))
        one("fanout_gateway_bytes_out_total", "counter", "Payload bytes sent.", Double(c.bytesOut))
        one(
            "fanout_gateway_deliveries_total",
            "counter",
            "Messages the engine queued for a subscriber.",
            Double(c.deliveriesQueued)
        )
        one(
            "fanout_gateway_drops_total",
            "counter",
            "Messages dropped or evicted at a full outbox.",
            Double(c.deliveriesDropped)
        )
        one("fanout_gateway_user_messages_total", "counter", "sendmessage requests routed.", Double(c.userMessages))
        one(
            "fanout_gateway_broadcasts_total",
            "counter",
            "Server-side publishes (POST /publish).",
            Double(c.broadcasts)
        )
        one(
            "fanout_gateway_outbox_bytes",
            "gauge",
            "Bytes queued in engine outboxes, not yet written.",
            Double(outboxBytes)
        )
        one("fanout_gateway_outbox_messages", "gauge", "Messages queued in engine outboxes.", Double(outboxMessages))
        metric("fanout_gateway_rejects_total", "counter", "Requests refused, by reason.", labelled(c.rejects, "reason"))
        metric(
            "fanout_gateway_server_closes_total",
            "counter",
            "Connections the server closed, by reason.",
            labelled(c.serverCloses, "reason")
        )
        metric(
            "fanout_gateway_protocol_errors_total",
            "counter",
            "Error frames sent (the connection stays up), by reason.",
            labelled(c.protocolErrors, "reason")
        )
        let process = ProcessUsage.now()
        one("process_cpu_seconds_total", "counter", "User and system CPU time.", process.cpuSeconds)
        one("process_resident_memory_bytes", "gauge", "Resident memory.", Double(process.residentBytes))
        let costs = CostMeter.monthlyUSD(for: measuredTraffic())
        metric(
            "fanout_gateway_monthly_cost_usd",
            "gauge",
            "What the traffic seen so far would cost per month (fanout bill's definitions and price sheet).",
            costs.map { ("{architecture=\"\($0.architecture)\"}", $0.usd) }
        )
        return out
    }

    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
