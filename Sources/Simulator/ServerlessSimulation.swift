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
    /// Retries one event each, or in cohorts.
    public var reconnects: ReconnectModel

    public init(
        days: Double,
        seed: UInt64,
        progress: SimulationProgress? = nil,
        reconnects: ReconnectModel = .events
    ) {
        self.days = days
        self.seed = seed
        self.progress = progress
        self.reconnects = reconnects
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
    /// The user's block end rides along (the simulator keeps no other copy of it per user: an
    /// attempt that succeeds touches no per-user state, one that fails its failure count only).
    /// (The 64-bit field comes first: the event then packs in 16 bytes.)
    case connect(blockEnd: SimTime, user: Int32)
    /// A connect attempt after failed ones.
    case retryConnect(blockEnd: SimTime, user: Int32)
    /// Opens the cohort of retries due in one bin of ``RetryCohorts`` (cohort mode only).
    case retryCohort(bin: Int64)
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

/// Limits a storm notes millions of times, whose slots in the limit log the run keeps.
enum FrequentLimit: Int, CaseIterable {
    case readCapacity, writeCapacity, lambdaConcurrency, newConnections
}

/// The DynamoDB requests of one handler that were throttled: the table's reads or writes, or the
/// reads of a partition key.
struct Throttles: OptionSet {
    let rawValue: UInt8
    static let reads = Throttles(rawValue: 1)
    static let writes = Throttles(rawValue: 2)
    static let partition = Throttles(rawValue: 4)
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
    /// Delays of the retries a cohort rejects in bulk (cohort mode only).
    var cohortRNG: Xoshiro256
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
    /// Per user slot, the failed connect attempts since the user's last connection while it
    /// retries (a first attempt starts again from 0 without reading it), saturating at 255: no
    /// delay tells more than 64 failures (``reconnectGrowth``) from more. A byte each, so that a
    /// storm's 100,000 retrying users fit in a core's cache; when each user's block ends travels
    /// with its connect attempts and retries instead.
    var retryFailures = StateColumn<UInt8>(capacity: 1024)
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
    /// Clients waiting to retry, in cohort mode.
    var retryCohorts = RetryCohorts()
    /// The retries the bin being opened admitted, in due order (``openRetryCohort(bin:)``).
    var cohortAdmissions = StateColumn<CohortAdmission>()
    /// The limit log's slot of each ``FrequentLimit`` once it has bound (−1 before).
    var frequentLimitSlots = [Int](repeating: -1, count: FrequentLimit.allCases.count)
    /// Retry attempts that went through a cohort (decided in bulk or admitted as events).
    var retriesInCohorts = 0.0
    /// Connect attempts that reached API Gateway: every attempt made before the user's block
    /// ended, whatever became of it (and, with cohorts, the ones refused in bulk).
    var connectAttempts = 0.0

    // Accounting.
    var memo: [OutcomeKey: Int] = [:]
    /// Each memo entry's limits as a group of the limit log, once it has noted them
    /// (``noteMemoLimits(_:)``); −1 before.
    var memoLimitGroups: [Int32] = []
    /// The memo entry of the connect evaluated last with less than full capacity (no wait).
    var lastLimitedConnect: (availability: CapacityAvailability, index: Int)?
    /// The memo entry of a connect whose writes waited each whole number of milliseconds (−1: none yet).
    var connectByWriteWait: [Int32] = []
    /// The memo keys found last (``rememberMemoKey(_:_:)``).
    var recentMemoKeys: [(key: OutcomeKey, index: Int)] = []
    /// Memo entries keyed by the table's size, in the order they were made, from `tableSizedHead`
    /// on still in the memo (``keepTableSizedEntry(_:_:)``).
    var tableSizedEntries: [(key: OutcomeKey, index: Int)] = []
    var tableSizedHead = 0
    var nextRecentMemoKey = 0
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
        precondition(
            settings.reconnects == .events || RetryCohorts.fitsReconnectPolicy,
            "the reconnect delays do not fit the retry cohorts' ring"
        )
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
        cohortRNG = streams.stream("cohorts")
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
}
