import Analytic
public import Architectures
import FanoutInput
import Foundation
public import Scenarios
import SimKernel
import Usage
import Workloads

/// How long to simulate and with which seed.
public struct SimulationSettings: Sendable, Equatable {
    /// Simulated days (the bill is scaled from them to the scenario's month).
    public var days: Double
    /// Seed of every random stream of the run.
    public var seed: UInt64
    /// Counts closed hours for a progress line (`nil`: nobody watches).
    public var progress: SimulationProgress?

    public init(days: Double, seed: UInt64, progress: SimulationProgress? = nil) {
        self.days = days
        self.seed = seed
        self.progress = progress
    }
}

/// Event-level simulation of the serverless stack: users come and go, API Gateway cuts
/// connections at 2 h, handlers run against token-bucket capacity, and the table holds what
/// the handlers really left in it (stale rows included).
///
/// Each handler's cost and effect comes from ``ArchitectureDefinition/outcome(of:table:layout:latency:availability:)``,
/// the same function the analytic bill uses; this type only supplies the moment's table,
/// capacity and timing.
public enum ServerlessSimulation {
    /// Runs one replication.
    public static func run(
        scenario: Scenario,
        architecture: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas,
        profile: DailyProfile,
        settings: SimulationSettings
    ) -> SimulationResult {
        var run = SimulationRun(
            scenario: scenario,
            design: architecture,
            latency: latency,
            quotas: quotas,
            profile: profile,
            settings: settings
        )
        run.execute()
        return run.result()
    }

    /// Largest topic-channel count the simulator keeps per-channel state for.
    public static let maximumChannels = 1_000_000
    /// Largest number of channels one connection may join in the simulator.
    public static let maximumJoins = 64
}

extension CapacityAvailability {
    /// Reads and writes served at once (``CapacityAvailability/available``), tested without
    /// touching the shared constant.
    var isFull: Bool { reads && writes && readWaitMs == 0 && writeWaitMs == 0 }
}

enum SimEvent {
    case userArrival
    /// The first connect attempt since the user came online or since its last connection closed.
    /// The user's block end rides along, so an attempt that succeeds never touches the user's
    /// record. (The 64-bit field comes first: the event then packs in 16 bytes.)
    case connect(blockEnd: SimTime, user: Int32)
    /// A connect attempt after failed ones.
    case retryConnect(blockEnd: SimTime, user: Int32)
    case sessionEnd(connection: Int32)
    case broadcast
    case userSend
    case hour
}

/// Memo key for handler outcomes that repeat exactly (connects, joins, disconnects).
struct OutcomeKey: Hashable {
    var action: ConnectionAction
    var availability: CapacityAvailability
    /// Table bytes rounded up to 4 KB (one read-unit step), or 0 when the handler does not read the table.
    var tableBytes: Int64
}

/// What the simulator keeps per user.
struct UserRecord {
    /// When the user's online block ends.
    var blockEnd: SimTime
    /// Failed connect attempts since the last connection, while the user is retrying (a first
    /// attempt starts again from 0 without reading it).
    var attempts: Int32
}

/// What the simulator keeps per open connection.
struct ConnectionRecord {
    var start: SimTime
    /// When the user's online block ends (a copy of the user's, kept here to save a memory load).
    var blockEnd: SimTime
    /// Bit j: the row of the j-th joined topic exists; bit 63: the `default` row exists.
    var rowFlags: UInt64
    var user: Int32
    /// Position in the list of live connections, or ``free`` for a slot without a connection.
    var liveIndex: Int32

    static let free: Int32 = -1
}

/// One replication's state and handlers. Never copied: its per-entity state is in
/// ``StateColumn``s, which copies would share.
struct SimulationRun {
    let scenario: Scenario
    let design: ArchitectureDefinition
    let latency: LambdaLatencyModel
    let quotas: ServiceQuotas
    let profile: DailyProfile
    let settings: SimulationSettings
    let workload: Workload
    let layout: ConnectionTable
    let joins: Int
    let channelCount: Int
    let end: SimTime
    let monthScale: Double
    let sessionSeconds: Double
    let memberIdles: Bool
    let otherIdles: Bool
    let broadcastMembership: Double
    let disconnectReadsTable: Bool
    /// User messages each new connection sends at once.
    let messagesPerSession: Int

    /// Retries and arrivals come seconds apart; sessions that end at their user's block end sit
    /// for up to 2 h, so they get a heap of their own (same event order, shallower heap).
    var scheduler = Scheduler<SimEvent>(farThreshold: .seconds(60))
    var arrivals: Xoshiro256
    var channelsRNG: Xoshiro256
    var sendsRNG: Xoshiro256
    var reconnectRNG: Xoshiro256
    var effectsRNG: Xoshiro256
    let popularity: AliasTable?

    // Channel 0 is `default`; topics are 1…channelCount.
    var members: StateColumn<Int32>
    var liveRows: StateColumn<Int32>
    var staleRows: StateColumn<Int32>
    var tableRows = 0
    var tableStaleRows = 0
    var tableBytes = 0.0

    // Connections (slots are reused; API Gateway ids are not).
    /// One record per connection slot, fields together so a handler touches one cache line.
    var records = StateColumn<ConnectionRecord>(capacity: 1024)
    var connChannels = StateColumn<Int32>(capacity: 1024)
    /// Where the search for a free record slot starts: slots are handed out round the table in
    /// connect order. Sessions last at most 2 h and end in nearly the order they started, so a slot
    /// is free again by the time the cursor comes back to it, and the connections that end one
    /// after another have neighbouring records (the simulator walks them nearly in order, instead
    /// of missing the cache on each).
    var slotCursor = 0
    /// The latest session end of the connections open at the start that went to their lane.
    var seededEndsTail = SimTime(nanoseconds: .min)
    var liveConnections = StateColumn<Int32>(capacity: 1024)

    // Users (a user is online for one block of hours a day).
    /// One record per user slot, fields together so a connect attempt touches one cache line.
    var users = StateColumn<UserRecord>(capacity: 1024)
    var freeUsers = StateColumn<Int32>(capacity: 1024)

    var readBucket: TokenBucket
    var writeBucket: TokenBucket
    /// The partitions of single keys, when one can bind before the table does (nil otherwise).
    var partitionKeys: PartitionKeys?
    /// The busiest hour's attempted read and write units a second (a new on-demand table's test).
    var peakHourReadUnits = 0.0
    var peakHourWriteUnits = 0.0
    var connectBucket: TokenBucket
    var requestBucket: TokenBucket
    var roleRunning = RunningCounts(classes: roles.count)
    /// Execution environments per function (index ``roleIndex(_:)``), and the most running at once
    /// in the current keep-warm window.
    var environments = StateColumn<Int>(repeating: 0, count: roles.count)
    var windowPeak = StateColumn<Int>(repeating: 0, count: roles.count)
    var environmentWindowStart = SimTime.zero
    var scalingBuckets: [TokenBucket]
    let coldStart: EmpiricalDistribution
    var coldStartRNG: Xoshiro256
    var coldStarts = 0.0
    let retryBudgetMs: Double
    let keepWarmNanoseconds: Int64
    /// The account's concurrent-executions quota.
    let concurrencyLimit: Double
    /// ``CapacityAvailability/available``, kept here so the hot path reads no global.
    let fullAvailability = CapacityAvailability.available
    let reconnectGrowth: [Double]

    // Accounting.
    var memo: [OutcomeKey: Int] = [:]
    var memoOutcomes: [ActionOutcome] = []
    /// Times each memo entry ran.
    var memoCounts = StateColumn<Double>()
    /// The run of each memo entry, what the hot path reads.
    var memoRuns = StateColumn<HandlerRun>()
    /// Outcomes of the current event that are not memo entries' (``Evaluated`` refers to them by index).
    var ownOutcomes: [ActionOutcome] = []
    var availableConnect: Int?
    var availableJoin: Int?
    var availableDisconnect = StateColumn<Int?>(repeating: nil, count: 66)
    var usage = ServiceUsage()
    var connectionSeconds = 0.0
    var storedByteSeconds = 0.0
    var lastStorageUpdate = SimTime.zero
    var limitLog = LimitLog()
    var timeseries: [HourlySample] = []
    var broadcastLatencyMs = Percentiles()

    // Counters.
    var throttledCalls = 0.0
    var failedCalls = 0.0
    var lambdaThrottles = 0.0
    var lambdaTimeouts = 0.0
    var connectRejections = 0.0
    var lostDisconnectEvents = 0.0
    var goneResponses = 0.0
    var postsRefused = 0.0
    var rowsToDelete = 0.0
    var rowsDeleted = 0.0
    var intended = 0.0
    var delivered = 0.0
    var connectsThisSecond = (second: Int64(-1), count: 0.0)
    var sessionsOpened = 0.0
    var sessionsClosed = 0.0
    var closedSessionSeconds = 0.0

    // Per-hour accumulators.
    var hourReadUnits = 0.0
    var hourWriteUnits = 0.0
    var hourThrottled = 0.0
    var hourConcurrency = 0.0
    var hourDeliveries = 0.0
    var hourIntended = 0.0
    var hourAttemptedReadUnits = 0.0
    var hourAttemptedWriteUnits = 0.0

    init(
        scenario: Scenario,
        design: ArchitectureDefinition,
        latency: LambdaLatencyModel,
        quotas: ServiceQuotas,
        profile: DailyProfile,
        settings: SimulationSettings
    ) {
        assert(MemoryLayout<SimEvent>.stride <= 16, "SimEvent grew: the lanes and heaps move every byte of it")
        self.scenario = scenario
        self.design = design
        self.latency = latency
        self.quotas = quotas
        self.profile = profile
        self.settings = settings
        workload = Workload(scenario)
        layout = ConnectionTable(
            connectionIdBytes: design.table.connectionIdBytes,
            topicNameBytes: scenario.channels.nameBytes
        )
        joins = scenario.channels.joinsPerConnection
        channelCount = scenario.channels.count
        end = .seconds(settings.days * 86_400)
        monthScale = scenario.monthHours * 3600 / (settings.days * 86_400)
        sessionSeconds = scenario.sessions.meanMinutes * 60
        // The same idle-timeout classes as the analytic workload.
        broadcastMembership =
            workload.broadcastsPerSecond > 0 ? min(1, workload.broadcastRecipients / workload.concurrentConnections) : 0
        let idleFull = workload.idleTimeoutShare
        memberIdles = idleFull > 0 && (idleFull >= 1 - 1e-12 || broadcastMembership == 0)
        otherIdles = idleFull > 0 && !(broadcastMembership >= 1)
        disconnectReadsTable = design.disconnectLookup != .keyQuery
        messagesPerSession = Int(scenario.userMessages.perSession.rounded())
        retryBudgetMs = latency.expectedRetryExhaustionMs
        keepWarmNanoseconds = SimDuration.seconds(latency.environmentKeepWarmSeconds).nanoseconds
        concurrencyLimit = quotas.lambdaConcurrentExecutions.value
        let perSecond = quotas.lambdaScalingPer10Seconds.value / 10
        scalingBuckets = [TokenBucket](
            repeating: TokenBucket(rate: perSecond, capacity: quotas.lambdaScalingPer10Seconds.value),
            count: Self.roles.count
        )
        coldStart =
            EmpiricalDistribution(points: latency.coldStartCDF.map { (value: $0[0], probability: $0[1]) })
            ?? EmpiricalDistribution(points: [(0, 0), (0, 1)])!
        reconnectGrowth = (0..<64).map { pow(ReconnectPolicy.growth, Double($0)) }

        let streams = RandomStreams(seed: settings.seed)
        arrivals = streams.stream("arrivals")
        channelsRNG = streams.stream("channels")
        sendsRNG = streams.stream("sends")
        reconnectRNG = streams.stream("reconnects")
        effectsRNG = streams.stream("effects")
        coldStartRNG = streams.stream("cold-starts")
        popularity =
            channelCount > 0
            ? AliasTable.zipf(count: channelCount, exponent: scenario.channels.popularityZipfExponent) : nil
        // Three columns: copies of a column would share its storage.
        members = StateColumn(repeating: 0, count: channelCount + 1)
        liveRows = StateColumn(repeating: 0, count: channelCount + 1)
        staleRows = StateColumn(repeating: 0, count: channelCount + 1)

        let provisioned = design.table.capacityMode == .provisioned
        let burst = quotas.dynamoDBBurstSeconds.value
        let rcu = provisioned ? design.table.provisionedRCU : quotas.dynamoDBOnDemandTableRRU.value
        let wcu = provisioned ? design.table.provisionedWCU : quotas.dynamoDBOnDemandTableWRU.value
        readBucket = TokenBucket(rate: rcu, capacity: provisioned ? rcu * burst : rcu)
        writeBucket = TokenBucket(rate: wcu, capacity: provisioned ? wcu * burst : wcu)
        let channels = channelCount
        partitionKeys = design.singleKeyPartition(quotas: quotas).map {
            PartitionKeys(channels: channels, capacity: $0, burstSeconds: provisioned ? burst : 1)
        }
        let connectRate = quotas.apiGatewayNewConnectionsPerSecond.value
        connectBucket = TokenBucket(rate: connectRate, capacity: connectRate)
        // Keep-alive pings are not simulated one by one; they take their share of the account rate.
        let keepaliveRate = workload.keepalivesPerSecond
        requestBucket = TokenBucket(
            rate: max(0, quotas.apiGatewayRequestsPerSecond.value - keepaliveRate),
            capacity: quotas.apiGatewayBurstRequests.value
        )
    }

    // MARK: - Running

    mutating func execute() {
        seedInitialUsers()
        scheduleNextArrival()
        if scenario.broadcasts.perMinute > 0 {
            scheduler.schedule(.broadcast, at: .seconds(60 / scenario.broadcasts.perMinute))
        }
        scheduleNextUserSend()
        scheduler.schedule(.hour, at: .seconds(3600))
        while let event = scheduler.next(until: end) {
            if !ownOutcomes.isEmpty { ownOutcomes.removeAll(keepingCapacity: true) }
            switch event {
            case .userArrival: userArrives()
            case .connect(let blockEnd, let user): attemptConnect(user: user, blockEnd: blockEnd, isRetry: false)
            case .retryConnect(let blockEnd, let user): attemptConnect(user: user, blockEnd: blockEnd, isRetry: true)
            case .sessionEnd(let connection): endSession(connection)
            case .broadcast: broadcast()
            case .userSend: userSend()
            case .hour:
                // The hour that ends the run closes after the loop, with every event at its last instant.
                if now < end { closeHour() }
                settings.progress?.hourClosed()
            }
        }
        accrueStorage()
        for index in liveConnections { connectionSeconds += (end - max(records[Int(index)].start, .zero)).seconds }
        if Int(end.seconds / 3600) > timeseries.count { closeHour() }
    }

    var now: SimTime { scheduler.now }

    /// Users online at the start: as many as the profile puts online over the previous block of
    /// hours, each mid-connection, so the run starts in steady state instead of empty.
    mutating func seedInitialUsers() {
        let blockSeconds = scenario.hoursConnectedPerDay * 3600
        let perSecond = scenario.users / 86_400
        var expected = 0.0
        let step = 60.0
        var t = -blockSeconds
        while t < 0 {
            expected += perSecond * profile.multiplier(atSecond: t) * min(step, -t)
            t += step
        }
        let count = Int(expected.rounded())
        var starts: [Double] = []
        starts.reserveCapacity(count)
        for _ in 0..<count {
            // Start time of the user's block in [−block, 0), drawn by the profile (thinning).
            var start: Double
            repeat {
                start = -blockSeconds * arrivals.nextOpenUnit()
            } while arrivals.nextUnit() * profile.peak > profile.multiplier(atSecond: start)
            starts.append(start)
        }
        // Open them in the order their sessions end, so connection slots are handed out, freed
        // and reused in time order and the records of consecutive events sit together.
        let length = sessionSeconds
        func firstEnd(_ start: Double) -> Double { start + ((-start / length).rounded(.down) + 1) * length }
        starts.sort { (firstEnd($0), $0) < (firstEnd($1), $1) }
        for start in starts {
            let user = newUser(blockEnd: .seconds(start + blockSeconds))
            openConnection(user: user, blockEnd: .seconds(start + blockSeconds), startedAt: start, billed: false)
        }
    }

    mutating func newUser(blockEnd: SimTime) -> Int32 {
        if let slot = freeUsers.popLast() {
            users[Int(slot)] = UserRecord(blockEnd: blockEnd, attempts: 0)
            return slot
        }
        users.append(UserRecord(blockEnd: blockEnd, attempts: 0))
        return Int32(users.count - 1)
    }

    mutating func scheduleNextArrival() {
        let peakRate = scenario.users / 86_400 * profile.peak
        guard peakRate > 0 else { return }
        scheduler.schedule(.userArrival, after: .seconds(exponential(rate: peakRate, using: &arrivals)))
    }

    mutating func userArrives() {
        // Non-homogeneous Poisson arrivals by thinning against the profile's peak.
        if arrivals.nextUnit() * profile.peak <= profile.multiplier(atSecond: now.seconds) {
            let blockEnd = now + .seconds(scenario.hoursConnectedPerDay * 3600)
            let user = newUser(blockEnd: blockEnd)
            scheduler.schedule(.connect(blockEnd: blockEnd, user: user), at: now)
        }
        scheduleNextArrival()
    }

    mutating func scheduleNextUserSend() {
        guard scenario.userMessages.perUserPerDay > 0 else { return }
        // Each connected user sends per_user_per_day over its connected hours.
        let perConnection = scenario.userMessages.perUserPerDay / (scenario.hoursConnectedPerDay * 3600)
        let rate = max(1, Double(liveConnections.count)) * perConnection
        scheduler.schedule(.userSend, after: .seconds(exponential(rate: rate, using: &sendsRNG)))
    }

    // MARK: - Capacity

    /// Notes that a limit bound now, and keeps its worst demand.
    mutating func noteLimit(_ limit: ExceededLimit) {
        noteEvent(limit.name)
        noteWorst(limit)
    }

    /// Notes that the limit `name` bound now (first time and count).
    mutating func noteEvent(_ name: String) {
        limitLog.noteBound(name, at: now)
    }

    mutating func noteWorst(_ limit: ExceededLimit) {
        limitLog.noteWorst(limit)
    }

    /// Asks the token buckets whether a handler's reads and writes are served, and after how long.
    @inline(__always)
    mutating func availability(reads: Bool, writes: Bool, timeoutSeconds: Double) -> CapacityAvailability {
        readBucket.refill(to: now)
        writeBucket.refill(to: now)
        // A positive balance serves at once (``admission(_:budgetMs:limit:)`` waits 0 ms).
        if (!reads || readBucket.balance > 0) && (!writes || writeBucket.balance > 0) { return fullAvailability }
        return throttledAvailability(reads: reads, writes: writes, timeoutSeconds: timeoutSeconds)
    }

    /// ``availability(reads:writes:timeoutSeconds:)`` when a bucket it needs is empty.
    @inline(never)
    mutating func throttledAvailability(reads: Bool, writes: Bool, timeoutSeconds: Double) -> CapacityAvailability {
        let budgetMs = min(retryBudgetMs, timeoutSeconds * 1000)
        var result = CapacityAvailability.available
        let provisioned = design.table.capacityMode == .provisioned
        if reads {
            (result.reads, result.readWaitMs) = admission(
                readBucket,
                budgetMs: budgetMs,
                limit: ExceededLimit.readCapacityName(provisioned: provisioned)
            )
        }
        if writes {
            (result.writes, result.writeWaitMs) = admission(
                writeBucket,
                budgetMs: budgetMs,
                limit: ExceededLimit.writeCapacityName(provisioned: provisioned)
            )
        }
        return result
    }

    /// Whether a request on `bucket` is served within the SDK's retry budget, and after how long.
    mutating func admission(_ bucket: TokenBucket, budgetMs: Double, limit: String) -> (served: Bool, waitMs: Double) {
        let waitMs = (bucket.secondsUntilPositive() * 1000).rounded(.up)
        guard waitMs > 0 else { return (true, 0) }
        throttledCalls += 1
        hourThrottled += 1
        noteEvent(limit)
        return waitMs <= budgetMs ? (true, waitMs) : (false, 0)
    }

    /// The handler outcome, memoised when it is one that repeats exactly (no waits, same table
    /// size to the read-unit step). Nothing is billed until ``commit(_:)``.
    @inline(__always)
    mutating func evaluate(_ action: ConnectionAction, _ availability: CapacityAvailability) -> Evaluated {
        // Fast paths for the commonest outcomes: no hashing once they are known. Inlined, so a
        // caller's constant action folds the switch away.
        if availability.isFull {
            switch action {
            case .connect:
                if let index = availableConnect { return memoised(index) }
            case .join:
                if let index = availableJoin { return memoised(index) }
            case .disconnect(let rows) where !disconnectReadsTable && rows < Double(availableDisconnect.count):
                if let index = availableDisconnect[Int(rows)] { return memoised(index) }
            default: break
            }
        }
        return evaluateAndMemoise(action, availability)
    }

    /// ``evaluate(_:_:)`` past its fast paths.
    @inline(never)
    mutating func evaluateAndMemoise(_ action: ConnectionAction, _ availability: CapacityAvailability) -> Evaluated {
        let memoisable: Bool
        var readsTable = false
        switch action {
        case .connect, .join: memoisable = true
        case .disconnect:
            memoisable = true
            readsTable = disconnectReadsTable
        case .publish, .keepalive: memoisable = false
        }
        guard memoisable, availability.readWaitMs == 0, availability.writeWaitMs == 0 else {
            let table = TableState(rows: Double(tableRows), bytes: tableBytes)
            let outcome = design.outcome(
                of: action,
                table: table,
                layout: layout,
                latency: latency,
                availability: availability
            )
            return own(outcome)
        }
        let quantum = DynamoDBCapacity.readUnitBytes
        let bytes = readsTable ? Int64((tableBytes / quantum).rounded(.up) * quantum) : 0
        let key = OutcomeKey(action: action, availability: availability, tableBytes: bytes)
        if let index = memo[key] { return memoised(index) }
        let outcome = design.outcome(
            of: action,
            table: TableState(rows: Double(tableRows), bytes: readsTable ? Double(bytes) : tableBytes),
            layout: layout,
            latency: latency,
            availability: availability
        )
        let index = memoOutcomes.count
        memo[key] = index
        memoOutcomes.append(outcome)
        memoCounts.append(0)
        memoRuns.append(HandlerRun(outcome))
        if availability.isFull {
            switch action {
            case .connect: availableConnect = index
            case .join: availableJoin = index
            case .disconnect(let rows) where !disconnectReadsTable && rows < Double(availableDisconnect.count):
                availableDisconnect[Int(rows)] = index
            default: break
            }
        }
        return memoised(index)
    }

    func memoised(_ index: Int) -> Evaluated { Evaluated(memoIndex: index, run: memoRuns[index]) }

    /// An outcome that is not a memo entry's, kept until the current event is handled.
    mutating func own(_ outcome: ActionOutcome) -> Evaluated {
        ownOutcomes.append(outcome)
        return Evaluated(ownIndex: ownOutcomes.count - 1, run: HandlerRun(outcome))
    }

    /// The full outcome of `evaluated`.
    func fullOutcome(_ evaluated: Evaluated) -> ActionOutcome {
        evaluated.isMemoised ? memoOutcomes[evaluated.index] : ownOutcomes[evaluated.index]
    }

    /// Bills an outcome that ran.
    mutating func commit(_ evaluated: Evaluated) {
        if evaluated.isMemoised {
            memoCounts[evaluated.index] += 1
        } else {
            usage.record(fullOutcome(evaluated), times: monthScale)
        }
    }

    /// Admits an outcome's invocations to Lambda: account concurrency, warm environments, cold
    /// starts and the per-function scaling rate. Returns false when Lambda refused (429); a cold
    /// start adds its init time to the billed duration (the outcome is then billed on its own).
    mutating func admit(_ evaluated: inout Evaluated) -> Bool {
        let nowMs = now.nanoseconds / 1_000_000
        roleRunning.advance(to: nowMs)
        if now.nanoseconds - environmentWindowStart.nanoseconds >= keepWarmNanoseconds { reclaimEnvironments() }
        let running = roleRunning.total
        let count = evaluated.run.executionCount
        let limit = concurrencyLimit
        if Double(running + count) > limit {
            lambdaThrottles += 1
            noteLimit(.lambdaConcurrency(demand: Double(running + count), capacity: limit))
            return false
        }
        // Which executions need a new environment (bit i: the i-th), and may the function add one?
        var cold: UInt8 = 0
        for i in 0..<count {
            let role = evaluated.run[execution: i].role
            var coldOfRole = 0
            for j in 0..<i where cold >> j & 1 == 1 && evaluated.run[execution: j].role == role { coldOfRole += 1 }
            if roleRunning.running(role) + coldOfRole >= environments[role] { cold |= 1 << i }
        }
        if cold != 0 {
            for i in 0..<count where cold >> i & 1 == 1 {
                let execution = evaluated.run[execution: i]
                scalingBuckets[execution.role].refill(to: now)
                if scalingBuckets[execution.role].balance < 1 {
                    lambdaThrottles += 1
                    noteLimit(
                        .lambdaScalingRate(
                            function: execution.function,
                            demand: Double(environments[execution.role] + 1),
                            capacity: quotas.lambdaScalingPer10Seconds.value
                        )
                    )
                    return false
                }
            }
            var outcome = fullOutcome(evaluated)
            for i in 0..<count where cold >> i & 1 == 1 {
                let role = evaluated.run[execution: i].role
                scalingBuckets[role].charge(1)
                environments[role] += 1
                coldStarts += 1
                outcome.invocations[i].durationMs += coldStart.sample(using: &coldStartRNG)
            }
            evaluated = own(outcome)
        }
        startExecutions(of: evaluated.run, nowMs: nowMs)
        return true
    }

    /// Environments idle for a whole keep-warm window are reclaimed.
    @inline(never)
    mutating func reclaimEnvironments() {
        for role in environments.indices {
            environments[role] = min(environments[role], max(windowPeak[role], roleRunning.running(role)))
            windowPeak[role] = roleRunning.running(role)
        }
        environmentWindowStart = now
    }

    /// Starts an admitted run's executions, keeping each function's keep-warm peak and the hour's.
    @inline(__always)
    mutating func startExecutions(of run: HandlerRun, nowMs: Int64) {
        let running = roleRunning.total
        for i in 0..<run.executionCount {
            let execution = run[execution: i]
            roleRunning.start(execution.role, endingAt: nowMs + execution.billedMs)
            let runningOfRole = roleRunning.running(execution.role)
            if runningOfRole > windowPeak[execution.role] { windowPeak[execution.role] = runningOfRole }
            if execution.timedOut { lambdaTimeouts += 1 }
        }
        hourConcurrency = max(hourConcurrency, Double(running + run.executionCount))
    }

    /// The functions, in the order of their indices in the per-function state.
    static let roles = FunctionRole.allCases

    /// `role`'s index in ``roles``.
    static func roleIndex(_ role: FunctionRole) -> Int { roles.firstIndex(of: role)! }

    /// Charges the buckets and notes the limits of an outcome that ran; `attempted` is the run
    /// the handler would have had with full capacity, when it had less.
    mutating func settle(_ evaluated: Evaluated, attempted: HandlerRun?) {
        let run = evaluated.run
        readBucket.charge(run.readUnits)
        writeBucket.charge(run.writeUnits)
        hourReadUnits += run.readUnits
        hourWriteUnits += run.writeUnits
        hourAttemptedReadUnits += attempted?.readUnits ?? run.readUnits
        hourAttemptedWriteUnits += attempted?.writeUnits ?? run.writeUnits
        if let attempted, attempted.readUnits > run.readUnits || attempted.writeUnits > run.writeUnits {
            failedCalls += 1
        }
        if run.hasLimits {
            for limit in fullOutcome(evaluated).limits { noteLimit(limit) }
        }
    }

    /// Runs memo entry `index` (a memoised outcome of full capacity) if nothing can hold it up:
    /// the buckets it needs are positive, the account has room for its executions, each finds a
    /// warm environment, and it notes no limit. Returns false, having changed nothing that the
    /// general path (``evaluate(_:_:)``, ``admit(_:)``, ``commit(_:)``, ``settle(_:attempted:)``)
    /// would not change the same way first, otherwise.
    ///
    /// The same steps as the general path in the same order, for the case that is nearly every
    /// handler run of a stack within its limits, without building the intermediate values.
    @inline(__always)
    mutating func runQuietly(memo index: Int?, reads: Bool, writes: Bool) -> Bool {
        guard let index else { return false }
        readBucket.refill(to: now)
        writeBucket.refill(to: now)
        guard !reads || readBucket.balance > 0, !writes || writeBucket.balance > 0 else { return false }
        let nowMs = now.nanoseconds / 1_000_000
        roleRunning.advance(to: nowMs)
        if now.nanoseconds - environmentWindowStart.nanoseconds >= keepWarmNanoseconds { reclaimEnvironments() }
        let count = memoRuns[index].executionCount
        let running = roleRunning.total
        guard !memoRuns[index].hasLimits, Double(running + count) <= concurrencyLimit else { return false }
        for i in 0..<count {
            let role = memoRuns[index][execution: i].role
            if roleRunning.running(role) >= environments[role] { return false }
        }
        startExecutions(of: memoRuns[index], nowMs: nowMs)
        memoCounts[index] += 1
        let readUnits = memoRuns[index].readUnits
        let writeUnits = memoRuns[index].writeUnits
        readBucket.charge(readUnits)
        writeBucket.charge(writeUnits)
        hourReadUnits += readUnits
        hourWriteUnits += writeUnits
        hourAttemptedReadUnits += readUnits
        hourAttemptedWriteUnits += writeUnits
        return true
    }

    // MARK: - Connections

    mutating func attemptConnect(user: Int32, blockEnd: SimTime, isRetry: Bool) {
        guard blockEnd > now else { return leave(user: user) }
        connectBucket.refill(to: now)
        let second = now.nanoseconds / 1_000_000_000
        if connectsThisSecond.second != second { connectsThisSecond = (second, 0) }
        connectsThisSecond.count += 1
        if connectBucket.balance < 1 {
            connectRejections += 1
            noteLimit(
                .newConnections(
                    demand: connectsThisSecond.count,
                    capacity: quotas.apiGatewayNewConnectionsPerSecond.value
                )
            )
            return retryConnect(user: user, afterRetry: isRetry)
        }
        connectBucket.charge(1)
        let rowsWritten: Double
        if runQuietly(memo: availableConnect, reads: false, writes: true) {
            rowsWritten = memoRuns[availableConnect!].rowsWritten
        } else {
            let available = availability(
                reads: false,
                writes: true,
                timeoutSeconds: design.functions.connect.timeoutSeconds
            )
            var evaluated = evaluate(.connect, available)
            guard admit(&evaluated) else { return retryConnect(user: user, afterRetry: isRetry) }
            commit(evaluated)
            settle(evaluated, attempted: available.writes ? nil : evaluate(.connect, .available).run)
            rowsWritten = evaluated.run.rowsWritten
        }
        guard rowsWritten >= 1 else {
            // `$connect` returned 500: API Gateway rejects the connection; the client retries.
            connectRejections += 1
            return retryConnect(user: user, afterRetry: isRetry)
        }
        sessionsOpened += 1
        openConnection(user: user, blockEnd: blockEnd, startedAt: now.seconds, billed: true)
    }

    /// Schedules the next attempt after a failed one (`afterRetry`: the failed one was itself a retry).
    mutating func retryConnect(user: Int32, afterRetry: Bool) {
        users[Int(user)].attempts = (afterRetry ? users[Int(user)].attempts : 0) + 1
        let attempt = Double(users[Int(user)].attempts)
        let delay = min(
            ReconnectPolicy.maximumSeconds,
            (ReconnectPolicy.minimumSeconds + ReconnectPolicy.jitterSeconds * reconnectRNG.nextUnit())
                * reconnectGrowth[min(Int(attempt) - 1, reconnectGrowth.count - 1)]
        )
        let at = now + .seconds(delay)
        let blockEnd = users[Int(user)].blockEnd
        if at >= blockEnd { return leave(user: user) }
        scheduler.schedule(.retryConnect(blockEnd: blockEnd, user: user), at: at)
    }

    mutating func leave(user: Int32) { freeUsers.append(user) }

    /// Opens a connection whose `$connect` succeeded: its `default` row, its joins, its first messages.
    ///
    /// An unbilled connection is one open when the run starts: `startedAt` is then when its user
    /// came online, and the connection is the one its session cycle has open at time zero.
    mutating func openConnection(user: Int32, blockEnd: SimTime, startedAt: Double, billed: Bool) {
        accrueStorage()
        let connection = freeSlot()
        let c = Int(connection)
        // Built here and stored once, before anything reads it.
        var record = ConnectionRecord(
            start: .seconds(startedAt),
            blockEnd: blockEnd,
            rowFlags: 1 << 63,
            user: user,
            liveIndex: Int32(liveConnections.count)
        )
        liveConnections.append(connection)
        members[0] += 1
        addRow(channel: 0)
        if billed { chargeIndexWrite(channel: 0) }

        // Topic joins: distinct channels drawn by popularity, one joinchannel each.
        var isBroadcastMember = scenario.broadcasts.target == .everyone
        if popularity != nil, joins > 0 {
            // Distinct channels, written straight into the connection's slots.
            let base = c * joins
            var picked = 0
            var tries = 0
            while picked < joins {
                // Sampled in place: binding the table to a local would retain its arrays.
                var channel = Int32(popularity!.sample(using: &channelsRNG) + 1)
                tries += 1
                if tries > 50 * joins {
                    // Nearly every channel taken: fall back to the next free one in order.
                    channel = Int32(
                        (1...channelCount).first { !isPicked(Int32($0), base: base, count: picked) } ?? 1
                    )
                }
                if isPicked(channel, base: base, count: picked) { continue }
                connChannels[base + picked] = channel
                picked += 1
            }
            for j in 0..<joins {
                let channel = connChannels[base + j]
                members[Int(channel)] += 1
                if channel == 1 && scenario.broadcasts.target == .top { isBroadcastMember = true }
                guard billed else {
                    record.rowFlags |= 1 << UInt64(j)
                    addRow(channel: Int(channel))
                    continue
                }
                let run: HandlerRun
                if runQuietly(memo: availableJoin, reads: false, writes: true) {
                    run = memoRuns[availableJoin!]
                } else {
                    let available = availability(
                        reads: false,
                        writes: true,
                        timeoutSeconds: design.functions.joinChannel.timeoutSeconds
                    )
                    var evaluated = evaluate(.join, available)
                    guard admit(&evaluated) else { continue }
                    commit(evaluated)
                    settle(evaluated, attempted: available.writes ? nil : evaluate(.join, .available).run)
                    run = evaluated.run
                }
                _ = requestBucket.take(1 + run.callbackRequests, over: 0)
                if run.rowsWritten >= 1 {
                    record.rowFlags |= 1 << UInt64(j)
                    addRow(channel: Int(channel))
                    chargeIndexWrite(channel: Int(channel))
                }
            }
        }
        if scenario.broadcasts.target == .popular { isBroadcastMember = effectsRNG.nextUnit() < broadcastMembership }

        // Session length: API Gateway's cut (or the client's), the idle timeout for its class, the user's block.
        let idles = isBroadcastMember ? memberIdles : otherIdles
        let length = idles ? min(sessionSeconds, Workload.idleTimeoutSeconds) : sessionSeconds
        if !billed {
            // The user has reconnected every `length` seconds since it came online.
            record.start = .seconds(startedAt + (-startedAt / length).rounded(.down) * length)
        }
        records[c] = record
        let lengthDuration = SimDuration.seconds(length)
        let sessionEnd = min(record.start + lengthDuration, record.blockEnd)
        if idles, length < sessionSeconds, billed {
            noteLimit(
                .idleTimeout(
                    sessionSeconds: sessionSeconds,
                    capacity: Workload.idleTimeoutSeconds,
                    detail: "connections"
                )
            )
        }
        if billed, sessionEnd == record.start + lengthDuration {
            // A fixed delay from now: its lane stays in time order and keeps the heap small.
            scheduler.schedule(.sessionEnd(connection: connection), at: sessionEnd, lane: idles ? 1 : 0)
        } else if !billed, sessionEnd >= seededEndsTail {
            // The connections open at the start are opened in the order their sessions end.
            seededEndsTail = sessionEnd
            scheduler.schedule(.sessionEnd(connection: connection), at: max(now, sessionEnd), lane: 2)
        } else {
            scheduler.schedule(.sessionEnd(connection: connection), at: max(now, sessionEnd))
        }

        if billed {
            for _ in 0..<messagesPerSession { publish(from: connection) }
        }
    }

    /// A free connection slot: the first of the next few at the cursor, or a new one.
    mutating func freeSlot() -> Int32 {
        for _ in 0..<Self.slotProbes where slotCursor < records.count {
            let slot = slotCursor
            slotCursor = slotCursor + 1 == records.count ? 0 : slotCursor + 1
            if records[slot].liveIndex == ConnectionRecord.free { return Int32(slot) }
        }
        records.append(ConnectionRecord(start: .zero, blockEnd: .zero, rowFlags: 0, user: 0, liveIndex: 0))
        connChannels.append(repeating: 0, count: joins)
        return Int32(records.count - 1)
    }

    /// Slots ``freeSlot()`` looks at before it adds one.
    static let slotProbes = 8

    /// Whether `channel` is among the `count` channels already written at `connChannels[base...]`.
    @inline(__always)
    func isPicked(_ channel: Int32, base: Int, count: Int) -> Bool {
        var k = base
        while k < base + count {
            if connChannels[k] == channel { return true }
            k += 1
        }
        return false
    }

    mutating func addRow(channel: Int) {
        liveRows[channel] += 1
        tableRows += 1
        tableBytes += channel == 0 ? layout.defaultRowBytes : layout.topicRowBytes
    }

    /// A row written or deleted in the channel GSI takes its share of the channel key's partition.
    mutating func chargeIndexWrite(channel: Int) {
        guard design.table.channelIndex, partitionKeys != nil else { return }
        let bytes = channel == 0 ? layout.defaultRowBytes : layout.topicRowBytes
        let time = now
        partitionKeys!.chargeWrites(channel, writeUnits: DynamoDBCapacity.writeUnits(itemBytes: bytes), at: time)
    }

    mutating func endSession(_ connection: Int32) {
        accrueStorage()
        let c = Int(connection)
        let user = records[c].user
        connectionSeconds += (now - max(records[c].start, .zero)).seconds
        if records[c].start >= .zero {
            sessionsClosed += 1
            closedSessionSeconds += (now - records[c].start).seconds
        }

        // Remove from the live set.
        let index = Int(records[c].liveIndex)
        let last = liveConnections.removeLast()
        if index < liveConnections.count {
            liveConnections[index] = last
            records[Int(last)].liveIndex = Int32(index)
        }
        members[0] -= 1
        for j in 0..<joins { members[Int(connChannels[c * joins + j])] -= 1 }

        let flags = records[c].rowFlags
        let rows = (flags >> 63 & 1) + UInt64((flags & ~(1 << 63)).nonzeroBitCount)
        var deleted = false
        if rows > 0 {
            rowsToDelete += Double(rows)
            if effectsRNG.nextUnit() < scenario.sessions.disconnectEventLossRatio {
                lostDisconnectEvents += 1
            } else {
                let quiet =
                    disconnectReadsTable || rows >= availableDisconnect.count ? nil : availableDisconnect[Int(rows)]
                if runQuietly(memo: quiet, reads: true, writes: true) {
                    deleted = effectsRNG.nextUnit() < memoRuns[quiet!].rowsDeleted / Double(rows)
                    chargeFirstPage(memoRuns[quiet!].keyReadUnits)
                } else {
                    let available = availability(
                        reads: true,
                        writes: true,
                        timeoutSeconds: design.functions.disconnect.timeoutSeconds
                    )
                    let action = ConnectionAction.disconnect(rows: Double(rows))
                    var evaluated = evaluate(action, available)
                    if admit(&evaluated) {
                        commit(evaluated)
                        let full = available.reads && available.writes ? nil : evaluate(action, .available).run
                        settle(evaluated, attempted: full)
                        chargeFirstPage(evaluated.run.keyReadUnits)
                        // A connection's rows are found and deleted together, or not at all.
                        deleted = effectsRNG.nextUnit() < evaluated.run.rowsDeleted / Double(rows)
                    }
                }
            }
        }
        // Rows not deleted stay in the table as stale rows, for good.
        if flags >> 63 & 1 == 1 { retireRow(channel: 0, deleted: deleted) }
        for j in 0..<joins where flags >> UInt64(j) & 1 == 1 {
            retireRow(channel: Int(connChannels[c * joins + j]), deleted: deleted)
        }
        if deleted { rowsDeleted += Double(rows) }
        records[c].liveIndex = ConnectionRecord.free

        if records[c].blockEnd > now {
            // API Gateway (or the idle timeout) closed it; ReconnectingWebSocket reconnects.
            let delay = ReconnectPolicy.minimumSeconds + ReconnectPolicy.jitterSeconds * reconnectRNG.nextUnit()
            let at = now + .seconds(delay)
            if at < records[c].blockEnd {
                scheduler.schedule(.connect(blockEnd: records[c].blockEnd, user: user), at: at)
            } else {
                leave(user: user)
            }
        } else {
            leave(user: user)
        }
    }

    /// A `$disconnect`'s one-page Scan takes its share of the table's first partition.
    mutating func chargeFirstPage(_ readUnits: Double) {
        guard readUnits > 0, let first = partitionKeys?.firstPage else { return }
        let time = now
        partitionKeys!.chargeReads(first, readUnits: readUnits, attemptedReadUnits: readUnits, at: time)
    }

    mutating func retireRow(channel: Int, deleted: Bool) {
        liveRows[channel] -= 1
        if deleted {
            chargeIndexWrite(channel: channel)
            tableRows -= 1
            tableBytes -= channel == 0 ? layout.defaultRowBytes : layout.topicRowBytes
        } else {
            staleRows[channel] += 1
            tableStaleRows += 1
        }
    }

    // MARK: - Messages

    mutating func broadcast() {
        scheduler.schedule(.broadcast, after: .seconds(60 / scenario.broadcasts.perMinute))
        let channel: Int
        switch scenario.broadcasts.target {
        case .everyone: channel = 0
        case .top: channel = 1
        case .popular: channel = (popularity?.sample(using: &channelsRNG) ?? 0) + 1
        }
        let p = Publication(
            origin: .server,
            payloadBytes: scenario.broadcasts.sizeBytes,
            recipients: Double(members[channel]),
            channelRows: Double(liveRows[channel] + staleRows[channel]),
            toDefaultChannel: channel == 0,
            recipientsWithoutRow: Double(members[channel] - liveRows[channel]),
            staleRows: Double(staleRows[channel])
        )
        runPublish(p, isBroadcast: true, channel: channel)
    }

    mutating func userSend() {
        scheduleNextUserSend()
        guard !liveConnections.isEmpty else { return }
        let sender = liveConnections[Int(sendsRNG.next() % UInt64(liveConnections.count))]
        publish(from: sender)
    }

    /// A user message from `sender` to the scenario's target channel.
    mutating func publish(from sender: Int32) {
        let c = Int(sender)
        let flags = records[c].rowFlags
        if let fixed = scenario.userMessages.recipients {
            let p = Publication(
                origin: .user,
                payloadBytes: scenario.userMessages.sizeBytes,
                recipients: min(fixed, Double(max(0, liveConnections.count - 1))),
                channelRows: min(fixed, Double(max(0, liveConnections.count - 1))) + 1,
                toDefaultChannel: false
            )
            return runPublish(p, isBroadcast: false, channel: nil)
        }
        let channel: Int
        var slot: Int? = nil
        switch scenario.userMessages.target {
        case .everyone: channel = 0
        case .top:
            channel = 1
            slot = (0..<joins).first { connChannels[c * joins + $0] == 1 }
        case .popular:
            guard joins > 0 else { return }
            let j = Int(sendsRNG.next() % UInt64(joins))
            slot = j
            channel = Int(connChannels[c * joins + j])
        }
        let senderIsMember = channel == 0 || slot != nil
        let senderHasRow = channel == 0 ? flags >> 63 & 1 == 1 : slot.map { flags >> UInt64($0) & 1 == 1 } ?? false
        let recipients = Double(members[channel]) - (senderIsMember ? 1 : 0)
        let withoutRow = Double(members[channel] - liveRows[channel]) - (senderIsMember && !senderHasRow ? 1 : 0)
        let p = Publication(
            origin: .user,
            payloadBytes: scenario.userMessages.sizeBytes,
            recipients: max(0, recipients),
            channelRows: Double(liveRows[channel] + staleRows[channel]),
            toDefaultChannel: channel == 0,
            recipientsWithoutRow: max(0, withoutRow),
            staleRows: Double(staleRows[channel])
        )
        runPublish(p, isBroadcast: false, channel: channel)
    }

    /// The partition key a send's reads fall on: its channel's GSI key, the first partition for
    /// a one-page Scan, or none.
    func partitionKey(ofSendTo channel: Int?) -> Int? {
        guard let keys = partitionKeys else { return nil }
        switch design.subscriberLookup {
        case .indexQuery: return channel
        case .scanFirstPage: return keys.firstPage
        case .scanAllPages: return nil
        }
    }

    /// `available` after the partition of `key` has had its say: a request its partition refuses
    /// waits in SDK retries like one the table refuses.
    mutating func admitOnKey(_ key: Int, _ available: CapacityAvailability, timeoutSeconds: Double)
        -> CapacityAvailability
    {
        let time = now
        guard available.reads, let seconds = partitionKeys?.secondsUntilAdmitted(key, at: time), seconds > 0 else {
            return available
        }
        throttledCalls += 1
        hourThrottled += 1
        noteEvent(ExceededLimit.partitionName)
        var result = available
        let waitMs = (seconds * 1000).rounded(.up)
        if waitMs <= min(retryBudgetMs, timeoutSeconds * 1000) {
            result.readWaitMs = max(result.readWaitMs, waitMs)
        } else {
            result.reads = false
            result.readWaitMs = 0
        }
        return result
    }

    mutating func runPublish(_ publication: Publication, isBroadcast: Bool, channel: Int?) {
        intended += publication.recipients
        hourIntended += publication.recipients
        requestBucket.refill(to: now)
        _ = requestBucket.take(1, over: 0)  // the inbound sendmessage
        let timeout = design.functions.sendMessage.timeoutSeconds
        var available = availability(reads: true, writes: false, timeoutSeconds: timeout)
        let key = partitionKey(ofSendTo: channel)
        if let key { available = admitOnKey(key, available, timeoutSeconds: timeout) }
        var evaluated = evaluate(.publish(publication), available)
        guard admit(&evaluated) else { return }
        var outcome = fullOutcome(evaluated)
        let attempted = available.reads ? nil : evaluate(.publish(publication), .available).run
        settle(evaluated, attempted: attempted)
        if let key {
            let time = now
            partitionKeys!.chargeReads(
                key,
                readUnits: evaluated.run.keyReadUnits,
                attemptedReadUnits: attempted?.keyReadUnits ?? evaluated.run.keyReadUnits,
                at: time
            )
        }
        // The posts share the account's request rate, refilling while the fan-out runs.
        if outcome.callbackRequests > 0 {
            let seconds = max(0.001, min(outcome.fanOutMs, design.functions.sendMessage.timeoutSeconds * 1000) / 1000)
            let granted = requestBucket.take(outcome.callbackRequests, over: seconds)
            if granted < outcome.callbackRequests {
                postsRefused += outcome.callbackRequests - granted
                noteLimit(.fanOutBurst(posts: outcome.callbackRequests, allowed: granted))
                outcome.scaleDeliveries(by: granted / outcome.callbackRequests)
            }
        }
        usage.record(outcome, times: monthScale)
        delivered += outcome.deliveries
        hourDeliveries += outcome.deliveries
        goneResponses += outcome.goneResponses
        if isBroadcast, let run = outcome.invocations.first(where: { $0.role == .sendMessage }) {
            broadcastLatencyMs.add(run.durationMs)
        }
        if outcome.invocations.contains(where: {
            $0.role == .sendMessage && $0.durationMs / 1000 > quotas.apiGatewayIntegrationTimeoutSeconds.value
        }) {
            noteLimit(
                .integrationTimeout(
                    seconds: (outcome.invocations.first { $0.role == .sendMessage }?.durationMs ?? 0) / 1000,
                    capacity: quotas.apiGatewayIntegrationTimeoutSeconds.value
                )
            )
        }
    }

    // MARK: - Bookkeeping

    mutating func accrueStorage() {
        let seconds = (now - lastStorageUpdate).seconds
        if seconds > 0 {
            storedByteSeconds += (tableBytes + Double(tableRows) * DynamoDBCapacity.storageOverheadBytes) * seconds
            lastStorageUpdate = now
        }
    }

    mutating func closeHour() {
        let hour = timeseries.count
        let provisioned = design.table.capacityMode == .provisioned
        if hourAttemptedReadUnits / 3600 > readBucket.rate {
            noteWorst(
                .readCapacity(
                    demand: hourAttemptedReadUnits / 3600,
                    capacity: readBucket.rate,
                    provisioned: provisioned,
                    over: "hourly mean"
                )
            )
        }
        if hourAttemptedWriteUnits / 3600 > writeBucket.rate {
            noteWorst(
                .writeCapacity(
                    demand: hourAttemptedWriteUnits / 3600,
                    capacity: writeBucket.rate,
                    provisioned: provisioned,
                    over: "hourly mean"
                )
            )
        }
        notePartitionLimits()
        timeseries.append(
            HourlySample(
                hour: hour + 1,
                connections: Double(liveConnections.count),
                tableRows: Double(tableRows),
                tableBytes: tableBytes,
                staleRows: Double(tableStaleRows),
                consumedRCU: hourReadUnits / 3600,
                provisionedRCU: readBucket.rate,
                consumedWCU: hourWriteUnits / 3600,
                provisionedWCU: writeBucket.rate,
                throttledCalls: hourThrottled,
                lambdaConcurrency: hourConcurrency,
                deliveries: hourDeliveries,
                deliveredRatio: hourIntended > 0 ? hourDeliveries / hourIntended : 1
            )
        )
        hourReadUnits = 0
        hourWriteUnits = 0
        hourThrottled = 0
        hourConcurrency = Double(roleRunning.total)
        hourDeliveries = 0
        hourIntended = 0
        hourAttemptedReadUnits = 0
        hourAttemptedWriteUnits = 0
        if now < end { scheduler.schedule(.hour, after: .seconds(3600)) }
    }

    /// The hour's busiest partition key, and a new on-demand table against the busiest hour so far.
    mutating func notePartitionLimits() {
        if var keys = partitionKeys {
            partitionKeys = nil  // no copy while it changes
            let busiest = keys.closeHour(seconds: 3600)
            let firstPage = keys.firstPage
            partitionKeys = keys
            if busiest.load > 1 {
                let name =
                    busiest.key == firstPage
                    ? "the table's first partition" : busiest.key == 0 ? "channel default" : "channel #\(busiest.key)"
                noteWorst(.partitionThroughput(load: busiest.load, key: name, over: "hourly mean"))
            }
        }
        guard design.table.capacityMode == .onDemand else { return }
        peakHourReadUnits = max(peakHourReadUnits, hourAttemptedReadUnits / 3600)
        peakHourWriteUnits = max(peakHourWriteUnits, hourAttemptedWriteUnits / 3600)
        let warmUp = OnDemandWarmUp(
            peakReadUnitsPerSecond: peakHourReadUnits,
            peakWriteUnitsPerSecond: peakHourWriteUnits,
            quotas: quotas
        )
        if warmUp.newTableLoad > 1 { noteWorst(.onDemandWarmUp(warmUp)) }
    }

    func result() -> SimulationResult {
        var usage = self.usage
        for (outcome, count) in zip(memoOutcomes, memoCounts) { usage.record(outcome, times: count * monthScale) }
        let simulatedSeconds = settings.days * 86_400
        usage.connectionMinutes = connectionSeconds / 60 * monthScale
        usage.sessions = sessionsOpened * monthScale
        usage.table = TableCapacity(
            mode: design.table.capacityMode,
            provisionedRCU: design.table.provisionedRCU,
            provisionedWCU: design.table.provisionedWCU
        )
        usage.tableHours = scenario.monthHours
        usage.storedBytes = storedByteSeconds / simulatedSeconds * (design.table.channelIndex ? 2 : 1)
        if scenario.keepalive.intervalSeconds > 0 {
            let pings = connectionSeconds / scenario.keepalive.intervalSeconds
            usage.record(
                design.outcome(
                    of: .keepalive(bytes: scenario.keepalive.sizeBytes),
                    table: TableState(rows: 0, bytes: 0),
                    layout: layout,
                    latency: latency
                ),
                times: pings * monthScale
            )
        }
        usage.rowsLeftStale = Double(tableStaleRows) * monthScale

        var limits = limitLog.worstLimits
        let plainDays = settings.days == settings.days.rounded() ? "\(Int(settings.days))" : "\(settings.days)"
        if tableStaleRows > 0 {
            limits.append(
                .staleRows(
                    toDelete: rowsToDelete / simulatedSeconds,
                    deleted: rowsDeleted / simulatedSeconds,
                    detail: "\(tableStaleRows) rows left in the table after \(plainDays) days"
                )
            )
        }
        limits.sort { $0.name < $1.name }
        var events = limitLog.events
        if tableStaleRows > 0, !events.contains(where: { $0.name == "dynamodb.stale_rows" }) {
            let first = timeseries.first { $0.staleRows > 0 }.map { Double($0.hour) } ?? settings.days * 24
            events.append(LimitEvent(name: "dynamodb.stale_rows", firstHour: first, count: Double(tableStaleRows)))
        }
        var latency = broadcastLatencyMs
        let metrics = [
            Metric("simulated_days", settings.days, "days"),
            Metric("seed", Double(settings.seed), "seed"),
            Metric("mean_connections", connectionSeconds / simulatedSeconds, "connections"),
            Metric("connects_per_second", sessionsOpened / simulatedSeconds, "1/s"),
            Metric("mean_session_seconds", sessionsClosed > 0 ? closedSessionSeconds / sessionsClosed : 0, "s"),
            Metric("throttled_dynamodb_calls", throttledCalls, "calls"),
            Metric("failed_dynamodb_calls", failedCalls, "calls"),
            Metric("lambda_timeouts", lambdaTimeouts, "invocations"),
            Metric("lambda_throttles", lambdaThrottles, "invocations"),
            Metric("lambda_cold_starts", coldStarts, "invocations"),
            Metric("connect_rejections", connectRejections, "connects"),
            Metric("lost_disconnect_events", lostDisconnectEvents, "events"),
            Metric("gone_responses", goneResponses, "posts"),
            Metric("posts_refused_by_api_gateway", postsRefused, "posts"),
            Metric("stale_rows_at_end", Double(tableStaleRows), "rows"),
            Metric("table_rows_at_end", Double(tableRows), "rows"),
            Metric("broadcast_completion_p50", (latency.percentile(50) ?? 0) / 1000, "s"),
            Metric("broadcast_completion_p95", (latency.percentile(95) ?? 0) / 1000, "s"),
            Metric("broadcast_completion_p99", (latency.percentile(99) ?? 0) / 1000, "s"),
            Metric("events", Double(scheduler.processed), "events"),
        ]
        return SimulationResult(
            usage: usage,
            limits: limits,
            limitEvents: events,
            timeseries: timeseries,
            deliveredRatio: intended > 0 ? delivered / intended : 1,
            metrics: metrics
        )
    }
}
