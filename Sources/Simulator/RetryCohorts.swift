import Scenarios
import SimKernel

/// How the simulator represents clients that retry a failed connect.
public enum ReconnectModel: String, Sendable, CaseIterable, Codable {
    /// Every retry is an event of its own (the reference).
    case events
    /// Retries due in the same 1/128 s are a cohort: one event opens it, the connect-rate quota is
    /// run forward over its members in due order, and only the members it admits become events.
    case cohorts
}

/// One client waiting to retry its connect.
struct RetryMember {
    /// When the attempt is due.
    var dueNanoseconds: Int64
    var user: Int32
}

/// Clients waiting to retry, binned by the 1/128 s their next attempt falls in.
///
/// A ring of ``binCount`` bins covers 16 s, more than the longest reconnect delay (10 s), so a
/// bin is opened before the ring comes round to it again. Bins hand their storage back when they
/// are opened, so a storm of millions of retries allocates a few hundred arrays in all.
struct RetryCohorts {
    /// Length of a bin: 1/128 s, so 128 bins make up each second exactly.
    static let binNanoseconds: Int64 = 7_812_500
    /// Bins in the ring.
    static let binCount = 2048
    /// The longest delay a member may be added with.
    static let horizonNanoseconds = binNanoseconds * Int64(binCount - 1)

    private var bins: [[RetryMember]] = Array(repeating: [], count: binCount)
    private var spare: [[RetryMember]] = []

    /// Whether every reconnect delay is longer than a bin and shorter than the ring, as the
    /// cohorts need: a shorter one would land in a bin already opened, a longer one on a bin
    /// still waiting from the ring's previous turn.
    static var fitsReconnectPolicy: Bool {
        ReconnectPolicy.minimumSeconds * 1e9 > Double(binNanoseconds) && ReconnectPolicy.growth >= 1
            && ReconnectPolicy.maximumSeconds * 1e9 + Double(binNanoseconds) < Double(horizonNanoseconds)
    }

    /// The bin of a due time.
    static func bin(of dueNanoseconds: Int64) -> Int64 { dueNanoseconds / binNanoseconds }

    /// When `bin` starts.
    static func start(of bin: Int64) -> SimTime { SimTime(nanoseconds: bin * binNanoseconds) }

    /// Adds a member; returns its bin when that bin was empty (it then needs an event to open it).
    mutating func add(user: Int32, dueNanoseconds: Int64) -> Int64? {
        let bin = Self.bin(of: dueNanoseconds)
        let slot = Int(bin & Int64(Self.binCount - 1))
        let wasEmpty = bins[slot].isEmpty
        assert(wasEmpty || Self.bin(of: bins[slot][0].dueNanoseconds) == bin, "a retry beyond the ring's 16 s")
        bins[slot].append(RetryMember(dueNanoseconds: dueNanoseconds, user: user))
        return wasEmpty ? bin : nil
    }

    /// Empties `bin` and returns its members, in the order they were added.
    mutating func take(bin: Int64) -> [RetryMember] {
        let slot = Int(bin & Int64(Self.binCount - 1))
        var members = spare.popLast() ?? []
        swap(&members, &bins[slot])
        return members
    }

    /// Hands back the storage of members taken by ``take(bin:)``, leaving `members` empty. (In
    /// place: a copy handed over would share the buffer, and emptying it would allocate a new one.)
    mutating func recycle(_ members: inout [RetryMember]) {
        members.removeAll(keepingCapacity: true)
        spare.append(members)
        members = []
    }
}
