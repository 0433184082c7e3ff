import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// One load run's state and timeline, owned by the generator's event loop: connect at the planned
/// rate, join, hold, publish, drain, report.
final class LoadRun {
    let plan: LoadPlan
    let loop: any EventLoop
    private let finished: EventLoopPromise<LoadReport>
    private var report = LoadReport()
    private var receivers: [LoadClient] = []
    private var publisher: LoadClient?
    private var readyCount = 0
    private var attempted = 0
    private var connectCarry = 0.0
    private var connectStartNanoseconds: UInt64 = 0
    private var publishing = false
    private var done = false
    private var publishStartNanoseconds: UInt64 = 0
    private var publishEndNanoseconds: UInt64 = 0
    private var lastReceiveNanoseconds: UInt64 = 0
    // Per broadcast, by sequence number.
    private var sentAt: [UInt64] = []
    private var expected: [Int] = []
    private var received: [Int] = []
    private var slowest: [UInt64] = []
    private var outstanding = 0
    private var padding = ""

    init(plan: LoadPlan, loop: any EventLoop) {
        self.plan = plan
        self.loop = loop
        self.finished = loop.makePromise()
    }

    /// Runs the whole plan; the future completes with the report.
    func start(bound: NIOLoopBound<LoadRun>) -> EventLoopFuture<LoadReport> {
        connect(bound: bound, sourceIndex: 0, isPublisher: true)
        connectStartNanoseconds = NIODeadline.now().uptimeNanoseconds
        loop.scheduleRepeatedTask(initialDelay: .milliseconds(10), delay: .milliseconds(10)) { task in
            let run = bound.value
            if run.done { return task.cancel() }
            run.connectCarry += run.plan.connectsPerSecond * 0.01
            while run.connectCarry >= 1, run.attempted < run.plan.connections {
                run.connectCarry -= 1
                run.attempted += 1
                run.connect(bound: bound, sourceIndex: run.attempted, isPublisher: false)
            }
            if run.attempted >= run.plan.connections { task.cancel() }
        }
        return finished.futureResult
    }

    private func connect(bound: NIOLoopBound<LoadRun>, sourceIndex: Int, isPublisher: Bool) {
        if !isPublisher { report.connectionsAttempted += 1 }
        let started = NIODeadline.now().uptimeNanoseconds
        let plan = plan
        let source = try? SocketAddress(ipAddress: "127.0.0.\(1 + sourceIndex % max(1, plan.sourceAddresses))", port: 0)
        var bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let request = HandshakeRequest(
                        host: "\(plan.host):\(plan.port)",
                        path: plan.path,
                        origin: plan.origin
                    )
                    let boundRequest = NIOLoopBound(request, eventLoop: channel.eventLoop)
                    let upgrader = NIOWebSocketClientUpgrader(
                        maxFrameSize: 1 << 20,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let client = LoadClient(
                                    run: bound.value,
                                    isPublisher: isPublisher,
                                    startedNanoseconds: started
                                )
                                try channel.pipeline.syncOperations.addHandler(client)
                            }
                        }
                    )
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        withClientUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.syncOperations.removeHandler(boundRequest.value, promise: nil)
                            }
                        )
                    )
                    try channel.pipeline.syncOperations.addHandler(request)
                }
            }
        if let source, plan.sourceAddresses > 1 { bootstrap = bootstrap.bind(to: source) }
        bootstrap.connect(host: plan.host, port: plan.port).whenComplete { result in
            let run = bound.value
            switch result {
            case .success(let channel):
                // A refused handshake closes the channel before any LoadClient is added.
                channel.closeFuture.whenComplete { _ in
                    bound.value.closedBeforeUpgrade(channel, isPublisher: isPublisher)
                }
            case .failure:
                run.failed(isPublisher: isPublisher)
            }
        }
    }

    // MARK: - Events from the clients

    private var upgradedChannels = Set<ObjectIdentifier>()

    func connected(_ client: LoadClient, channel: any Channel, nanoseconds: UInt64) {
        upgradedChannels.insert(ObjectIdentifier(channel))
        if client.isPublisher {
            publisher = client
        } else {
            receivers.append(client)
            report.connectionsEstablished += 1
            report.connectTime.record(nanoseconds: nanoseconds)
        }
    }

    func closedBeforeUpgrade(_ channel: any Channel, isPublisher: Bool) {
        // An upgraded connection's close is counted by its LoadClient; one that never upgraded
        // (refused handshake, 401 or 403) failed.
        guard upgradedChannels.remove(ObjectIdentifier(channel)) == nil else { return }
        failed(isPublisher: isPublisher)
    }

    func failed(isPublisher: Bool) {
        if isPublisher {
            report.publisherFailed = true
            finish(error: true)
            return
        }
        report.connectionsFailed += 1
        checkConnectPhase()
    }

    func ready(_ client: LoadClient) {
        guard !client.isPublisher else { return checkConnectPhase() }
        readyCount += 1
        checkConnectPhase()
    }

    func lost(_ client: LoadClient) {
        guard !done else { return }
        if client.isPublisher { return finish(error: false) }
        report.connectionsLost += 1
        if let index = receivers.firstIndex(where: { $0 === client }) { receivers.remove(at: index) }
    }

    private func checkConnectPhase() {
        guard !publishing, publisher != nil,
            readyCount + report.connectionsFailed + report.connectionsLost
                >= plan.connections
        else { return }
        publishing = true
        report.connectPhaseSeconds = Double(NIODeadline.now().uptimeNanoseconds - connectStartNanoseconds) * 1e-9
        let hold = TimeAmount.nanoseconds(Int64(plan.idleHoldSeconds * 1e9))
        let box = NIOLoopBound(self, eventLoop: loop)
        loop.scheduleTask(in: hold) { box.value.startPublishing() }
    }

    func delivered(sequence: Int, latencyNanoseconds: UInt64, at now: UInt64) {
        guard sequence < received.count else { return }
        received[sequence] += 1
        report.deliveriesReceived += 1
        report.latency.record(nanoseconds: latencyNanoseconds)
        slowest[sequence] = max(slowest[sequence], latencyNanoseconds)
        lastReceiveNanoseconds = max(lastReceiveNanoseconds, now)
        if received[sequence] == expected[sequence] {
            outstanding -= 1
            if plan.broadcastsPerMinute == 0 { publishIfOpen() }
        }
        if done == false, now >= publishEndNanoseconds, outstanding == 0, publishEndNanoseconds > 0 {
            finish(error: false)
        }
    }

    // MARK: - Publishing

    private func startPublishing() {
        plan.onPublishStart?()
        padding = String(repeating: "x", count: max(0, plan.broadcastBytes))
        let now = NIODeadline.now().uptimeNanoseconds
        publishStartNanoseconds = now
        publishEndNanoseconds = now + UInt64(plan.durationSeconds * 1e9)
        let box = NIOLoopBound(self, eventLoop: loop)
        if plan.broadcastsPerMinute > 0 {
            let interval = TimeAmount.nanoseconds(Int64(60e9 / plan.broadcastsPerMinute))
            loop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { task in
                let run = box.value
                if NIODeadline.now().uptimeNanoseconds >= run.publishEndNanoseconds || run.done {
                    task.cancel()
                } else {
                    run.publish()
                }
            }
        } else {
            for _ in 0..<max(1, plan.window) { publish() }
        }
        loop.scheduleTask(in: .nanoseconds(Int64((plan.durationSeconds + plan.drainSeconds) * 1e9))) {
            box.value.finish(error: false)
        }
        // A saturation run whose broadcasts stall (lost deliveries) moves on after ten seconds.
        if plan.broadcastsPerMinute == 0 {
            loop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(200)) { task in
                box.value.giveUpOnStalledBroadcasts(task)
            }
        }
    }

    private func giveUpOnStalledBroadcasts(_ task: RepeatedTask) {
        if done { return task.cancel() }
        let now = NIODeadline.now().uptimeNanoseconds
        for sequence in sentAt.indices
        where expected[sequence] > 0 && received[sequence] < expected[sequence]
            && now - sentAt[sequence] > 10_000_000_000
        {
            expected[sequence] = -expected[sequence]  // given up on; counted as lost at the end
            outstanding -= 1
            publishIfOpen()
        }
    }

    private func publishIfOpen() {
        if NIODeadline.now().uptimeNanoseconds < publishEndNanoseconds, !done { publish() }
    }

    private func publish() {
        guard let publisher else { return }
        let now = NIODeadline.now().uptimeNanoseconds
        let sequence = sentAt.count
        let prefix = "\(now):\(sequence):"
        let body = prefix + padding.dropFirst(min(prefix.utf8.count, padding.utf8.count))
        sentAt.append(now)
        expected.append(receivers.count)
        received.append(0)
        slowest.append(0)
        if !receivers.isEmpty { outstanding += 1 }
        report.broadcastsSent += 1
        publisher.send("{\"action\":\"sendmessage\",\"channel\":\"default\",\"message\":\"\(body)\"}")
    }

    private func finish(error: Bool) {
        guard !done else { return }
        done = true
        for sequence in expected.indices {
            report.deliveriesExpected += abs(expected[sequence])
            if received[sequence] > 0 { report.lastDelivery.record(nanoseconds: slowest[sequence]) }
        }
        if lastReceiveNanoseconds > publishStartNanoseconds, publishStartNanoseconds > 0 {
            report.publishPhaseSeconds = Double(lastReceiveNanoseconds - publishStartNanoseconds) * 1e-9
        }
        plan.onFinish?()
        for client in receivers { client.close() }
        publisher?.close()
        finished.succeed(report)
    }
}
