import FanoutInput

/// What one DynamoDB partition serves, and how a new on-demand table grows.
///
/// A partition serves at most 3,000 read units and 1,000 write units a second, "or a linear
/// combination of both" (`models/quotas`). Load spread over many partition keys is spread over
/// partitions, which DynamoDB splits as throughput grows, so only load that falls on one key
/// can exceed one partition: a Query on one GSI key (a channel), or one-page Scans, which all
/// start at the table's first partition.
public struct PartitionCapacity: Sendable, Equatable {
    /// Read units per second one partition serves.
    public var readUnitsPerSecond: Double
    /// Write units per second one partition serves.
    public var writeUnitsPerSecond: Double

    public init(readUnitsPerSecond: Double, writeUnitsPerSecond: Double) {
        self.readUnitsPerSecond = readUnitsPerSecond
        self.writeUnitsPerSecond = writeUnitsPerSecond
    }

    /// One partition of `table`: the quota on demand; a provisioned table's capacity spread
    /// evenly over ⌈RCU / 3,000 + WCU / 1,000⌉ partitions (AWS's formerly published sizing rule,
    /// an **assumption**), never more than the quota.
    public init(table: TableDesign, quotas: ServiceQuotas) {
        let maxRead = quotas.dynamoDBPartitionReadUnits.value
        let maxWrite = quotas.dynamoDBPartitionWriteUnits.value
        switch table.capacityMode {
        case .onDemand:
            self.init(readUnitsPerSecond: maxRead, writeUnitsPerSecond: maxWrite)
        case .provisioned:
            let partitions = Self.provisionedPartitions(
                rcu: table.provisionedRCU,
                wcu: table.provisionedWCU,
                quotas: quotas
            )
            self.init(
                readUnitsPerSecond: min(maxRead, table.provisionedRCU / partitions),
                writeUnitsPerSecond: min(maxWrite, table.provisionedWCU / partitions)
            )
        }
    }

    /// Partitions a provisioned table starts with: ⌈RCU / 3,000 + WCU / 1,000⌉, at least one.
    public static func provisionedPartitions(rcu: Double, wcu: Double, quotas: ServiceQuotas) -> Double {
        max(
            1,
            (rcu / quotas.dynamoDBPartitionReadUnits.value + wcu / quotas.dynamoDBPartitionWriteUnits.value)
                .rounded(.up)
        )
    }

    /// Share of one partition's throughput that `reads` and `writes` units a second take.
    public func load(readUnitsPerSecond reads: Double, writeUnitsPerSecond writes: Double) -> Double {
        reads / readUnitsPerSecond + writes / writeUnitsPerSecond
    }
}

/// How long a new on-demand table takes to serve a given peak.
///
/// A new table serves 12,000 RRU or 4,000 WRU a second (a linear combination); traffic may reach
/// twice its previous peak, and more only after the 30-minute window (`models/quotas`). So a
/// peak of L times the new table's throughput needs ⌈log₂ L⌉ doublings of at least one window
/// each. Fanout's monthly bills are for a table that has served its peak before (warm).
public struct OnDemandWarmUp: Sendable, Equatable {
    /// The peak as a multiple of a new table's throughput.
    public var newTableLoad: Double
    /// Doublings of the previous peak needed.
    public var doublings: Double
    /// The least time before the table serves the peak.
    public var minutes: Double

    public init(peakReadUnitsPerSecond reads: Double, peakWriteUnitsPerSecond writes: Double, quotas: ServiceQuotas) {
        newTableLoad =
            reads / quotas.dynamoDBOnDemandNewTableRRU.value + writes / quotas.dynamoDBOnDemandNewTableWRU.value
        var reached = 1.0
        var doublings = 0.0
        while reached < newTableLoad {
            reached *= 2
            doublings += 1
        }
        self.doublings = doublings
        minutes = doublings * quotas.dynamoDBOnDemandPeakWindowMinutes.value
    }
}

extension ArchitectureDefinition {
    /// One partition of this design's table, when load on a single key can exceed it before the
    /// table's capacity does: a GSI Query per send or a one-page Scan. Nil otherwise (paginated
    /// Scans spread over every partition; a provisioned table of one partition is its own).
    public func singleKeyPartition(quotas: ServiceQuotas) -> PartitionCapacity? {
        let loadsOneKey =
            subscriberLookup != .scanAllPages || disconnectLookup == .scanFirstPage || table.channelIndex
        let onePartition =
            table.capacityMode == .provisioned
            && PartitionCapacity.provisionedPartitions(
                rcu: table.provisionedRCU,
                wcu: table.provisionedWCU,
                quotas: quotas
            ) == 1
        return loadsOneKey && !onePartition ? PartitionCapacity(table: table, quotas: quotas) : nil
    }
}
