import Architectures
import SimKernel

/// The limits that bound during a run: when each first bound, how often, and its worst demand.
///
/// The limit noted last is remembered, so the common case (one limit binding again and again,
/// as in a reconnect storm) compares one name instead of hashing it.
struct LimitLog {
    private var indexByName: [String: Int] = [:]
    private var names: [String] = []
    private var firstBound: [SimTime?] = []
    private var counts: [Double] = []
    private var worst: [ExceededLimit?] = []
    /// Indices in the order the limits first bound.
    private var boundOrder: [Int] = []
    private var recent: (name: String, index: Int)?

    private mutating func index(of name: String) -> Int {
        if let recent, recent.name == name { return recent.index }
        let index: Int
        if let known = indexByName[name] {
            index = known
        } else {
            index = names.count
            indexByName[name] = index
            names.append(name)
            firstBound.append(nil)
            counts.append(0)
            worst.append(nil)
        }
        recent = (name, index)
        return index
    }

    /// Notes that the limit `name` bound at `time` (`times` times, the first at `time`).
    mutating func noteBound(_ name: String, at time: SimTime, times: Double = 1) {
        let index = index(of: name)
        if firstBound[index] == nil {
            firstBound[index] = time
            boundOrder.append(index)
        }
        counts[index] += times
    }

    /// Keeps `limit` if its demand is the worst seen for its name.
    mutating func noteWorst(_ limit: ExceededLimit) {
        let index = index(of: limit.name)
        if limit.demand > (worst[index]?.demand ?? -1) { worst[index] = limit }
    }

    /// The limits that bound, in the order they first did.
    var events: [LimitEvent] {
        boundOrder.map { LimitEvent(name: names[$0], firstHour: firstBound[$0]!.seconds / 3600, count: counts[$0]) }
    }

    /// The worst demand noted for each limit.
    var worstLimits: [ExceededLimit] { worst.compactMap { $0 } }
}
