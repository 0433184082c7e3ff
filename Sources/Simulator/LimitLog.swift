import Architectures
import SimKernel

/// The limits that bound during a run: when each first bound, how often, and its worst demand.
///
/// A reconnect storm notes a handful of limits millions of times, each by a name that is nearly
/// always the same string literal. So a name is first looked up by identity: the 16 bytes of the
/// `String` value against those of the last copy of up to ``identityCacheSize`` names seen before
/// (each kept alive in the cache, so equal bytes mean the same text), and only then hashed.
struct LimitLog {
    private var indexByName: [String: Int] = [:]
    private var names: [String] = []
    private var firstBound: [SimTime?] = []
    /// Whether each has bound yet (a column: the storm's hot path reads it on every note).
    private var hasBound = StateColumn<Bool>()
    /// How often each bound (a column: a storm adds to it millions of times, without the
    /// uniqueness check an array write pays; the log has one owner, its run).
    private var counts = StateColumn<Double>()
    private var worst: [ExceededLimit?] = []
    /// The demand of each `worst` (−1 before the first), compared without copying the limit.
    private var worstDemand: [Double] = []
    /// Indices in the order the limits first bound.
    private var boundOrder: [Int] = []
    /// Names seen before, by the bytes of their `String` value (the name itself retained).
    private var identities: [(bits: StringBits, index: Int, name: String)] = []
    /// Each group's slots, as a run of ``groupSlots``: limits that bind together, again and again.
    private var groups: [Range<Int>] = []
    private var groupSlots: [Int] = []
    /// How often each group bound after it was made (added to its slots' counts when read).
    private var groupCounts = StateColumn<Double>()

    /// How many names the identity cache keeps.
    static let identityCacheSize = 16

    typealias StringBits = (UInt64, UInt64)

    /// The slot of the limit `name`, for ``noteBound(slot:at:times:)``.
    mutating func slot(of name: String) -> Int { index(of: name) }

    /// Notes that the limit in `slot` bound at `time` (`times` times, the first at `time`).
    @inline(__always)
    mutating func noteBound(slot index: Int, at time: SimTime, times: Double = 1) {
        if !hasBound[index] { noteFirstBound(slot: index, at: time) }
        counts[index] += times
    }

    private mutating func noteFirstBound(slot index: Int, at time: SimTime) {
        hasBound[index] = true
        firstBound[index] = time
        boundOrder.append(index)
    }

    /// A group of `slots` that have all bound already, for ``noteBound(group:)``.
    mutating func group(of slots: [Int]) -> Int {
        assert(slots.allSatisfy { firstBound[$0] != nil }, "a group of limits that have not bound")
        groups.append(groupSlots.count..<groupSlots.count + slots.count)
        groupSlots.append(contentsOf: slots)
        groupCounts.append(0)
        return groups.count - 1
    }

    /// Notes that each limit of `group` bound once more: one addition, whatever its size. The
    /// counts are whole numbers, so they add up to the same as if noted one by one.
    mutating func noteBound(group: Int) { groupCounts[group] += 1 }

    /// How often each limit bound, its groups' notes included.
    private var totalCounts: [Double] {
        var totals = (0..<names.count).map { counts[$0] }
        for group in groups.indices where groupCounts[group] > 0 {
            for index in groups[group] { totals[groupSlots[index]] += groupCounts[group] }
        }
        return totals
    }

    private mutating func index(of name: String) -> Int {
        let bits = unsafeBitCast(name, to: StringBits.self)
        for entry in identities where entry.bits == bits { return entry.index }
        let index: Int
        if let known = indexByName[name] {
            index = known
        } else {
            index = names.count
            indexByName[name] = index
            names.append(name)
            firstBound.append(nil)
            hasBound.append(false)
            counts.append(0)
            worst.append(nil)
            worstDemand.append(-1)
        }
        // One entry per limit: a name built anew each time (an interpolated one) replaces its
        // previous copy instead of crowding out the literals.
        if let slot = identities.firstIndex(where: { $0.index == index }) {
            identities[slot] = (bits, index, name)
        } else if identities.count < Self.identityCacheSize {
            identities.append((bits, index, name))
        }
        return index
    }

    /// Notes that the limit `name` bound at `time` (`times` times, the first at `time`).
    mutating func noteBound(_ name: String, at time: SimTime, times: Double = 1) {
        noteBound(slot: index(of: name), at: time, times: times)
    }

    /// Keeps `limit` if its demand is the worst seen for its name.
    mutating func noteWorst(_ limit: ExceededLimit) { noteWorst(limit, slot: index(of: limit.name)) }

    /// Notes that `limit` bound at `time` and keeps it if its demand is the worst seen for its name.
    mutating func note(_ limit: ExceededLimit, at time: SimTime, times: Double = 1) {
        let index = index(of: limit.name)
        noteBound(slot: index, at: time, times: times)
        noteWorst(limit, slot: index)
    }

    /// Notes that the limit in `slot` bound at `time` with `demand`, building it with `make`
    /// only when that demand is the worst seen for it.
    mutating func note(slot index: Int, demand: Double, at time: SimTime, times: Double, _ make: () -> ExceededLimit) {
        noteBound(slot: index, at: time, times: times)
        if demand > worstDemand[index] { noteWorst(make(), slot: index) }
    }

    private mutating func noteWorst(_ limit: ExceededLimit, slot index: Int) {
        if limit.demand > worstDemand[index] {
            worst[index] = limit
            worstDemand[index] = limit.demand
        }
    }

    /// The limits that bound, in the order they first did.
    var events: [LimitEvent] {
        let totals = totalCounts
        return boundOrder.map {
            LimitEvent(name: names[$0], firstHour: firstBound[$0]!.seconds / 3600, count: totals[$0])
        }
    }

    /// The worst demand noted for each limit.
    var worstLimits: [ExceededLimit] { worst.compactMap { $0 } }
}
