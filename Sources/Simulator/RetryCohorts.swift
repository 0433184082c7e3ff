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
///
/// Its due time is kept within its bin, packed with its user into one key that orders a bin's
/// members by due time and then by user.
struct RetryMember {
    /// Nanoseconds into the bin when the attempt is due (high 32 bits) and the user (low 32).
    var key: UInt64
    /// When the user's online block ends (a copy of the user's, so that a bin's members are
    /// decided without touching the user table).
    var blockEnd: SimTime

    init(offsetNanoseconds: Int64, user: Int32, blockEnd: SimTime) {
        assert(offsetNanoseconds >= 0 && offsetNanoseconds < RetryCohorts.binNanoseconds && user >= 0)
        key = UInt64(offsetNanoseconds) << 32 | UInt64(UInt32(user))
        self.blockEnd = blockEnd
    }

    var user: Int32 { Int32(truncatingIfNeeded: key) }
    /// Nanoseconds into its bin when the attempt is due.
    var offsetNanoseconds: Int64 { Int64(key >> 32) }

    /// The key of a member taken out of its bin (admitted by the forward run): above every other.
    static let taken = UInt64.max
    var isTaken: Bool { key == Self.taken }
}

/// The retries due in one bin, in two groups: those whose next delay still grows with their
/// failures and those whose delay has reached the policy's maximum whatever the draw
/// (``RetryCohorts/saturatedFailures``), which move on together.
struct RetryBin {
    var growing: [RetryMember] = []
    var saturated: [RetryMember] = []

    var isEmpty: Bool { growing.isEmpty && saturated.isEmpty }
    var count: Int { growing.count + saturated.count }
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
    /// The policy's longest delay, a whole number of bins (``fitsReconnectPolicy``).
    static let maximumDelayNanoseconds = Int64(ReconnectPolicy.maximumSeconds * 1e9)
    /// Bins between a saturated member's attempts.
    static let maximumDelayBins = maximumDelayNanoseconds / binNanoseconds

    /// Failures after which the delay is the maximum for every draw: the first count whose
    /// shortest delay, `minimumSeconds · growth^(failures − 1)`, reaches `maximumSeconds`.
    static let saturatedFailures: Int32 = {
        var failures: Int32 = 1
        var shortest = ReconnectPolicy.minimumSeconds
        while shortest < ReconnectPolicy.maximumSeconds {
            shortest *= ReconnectPolicy.growth
            failures += 1
        }
        return failures
    }()

    private var bins: [RetryBin] = Array(repeating: RetryBin(), count: binCount)
    private var spare: [[RetryMember]] = []
    /// The bin whose members each slot holds (while it holds any).
    private var openBins = [Int64](repeating: -1, count: binCount)

    /// Whether the reconnect policy fits the cohorts: every delay longer than a bin and shorter
    /// than the ring (a shorter one would land in a bin already opened, a longer one on a bin
    /// still waiting from the ring's previous turn), growth that saturates, and a maximum delay
    /// of whole bins (so a saturated member keeps its place within its bin).
    static var fitsReconnectPolicy: Bool {
        ReconnectPolicy.minimumSeconds * 1e9 > Double(binNanoseconds) && ReconnectPolicy.growth > 1
            && ReconnectPolicy.maximumSeconds * 1e9 + Double(binNanoseconds) < Double(horizonNanoseconds)
            && maximumDelayNanoseconds % binNanoseconds == 0
            && Double(maximumDelayNanoseconds) == ReconnectPolicy.maximumSeconds * 1e9
    }

    /// The bin of a due time.
    static func bin(of dueNanoseconds: Int64) -> Int64 { dueNanoseconds / binNanoseconds }

    /// When `bin` starts.
    static func start(of bin: Int64) -> SimTime { SimTime(nanoseconds: bin * binNanoseconds) }

    static func slot(of bin: Int64) -> Int { Int(bin & Int64(binCount - 1)) }

    /// Adds a member whose attempt is due at `dueNanoseconds` (`saturated`: its next delay is the
    /// maximum whatever the draw); returns its bin when that bin was empty (it then needs an event
    /// to open it).
    mutating func add(user: Int32, dueNanoseconds: Int64, blockEnd: SimTime, saturated: Bool) -> Int64? {
        let bin = Self.bin(of: dueNanoseconds)
        let slot = Self.slot(of: bin)
        let member = RetryMember(
            offsetNanoseconds: dueNanoseconds - bin * Self.binNanoseconds,
            user: user,
            blockEnd: blockEnd
        )
        let wasEmpty = bins[slot].isEmpty
        assert(wasEmpty || openBins[slot] == bin, "a retry beyond the ring's 16 s")
        if wasEmpty { openBins[slot] = bin }
        if saturated { bins[slot].saturated.append(member) } else { bins[slot].growing.append(member) }
        return wasEmpty ? bin : nil
    }

    /// Adds saturated members that all fall in `bin`, leaving `members` empty; returns `bin`
    /// when it was empty.
    mutating func addSaturated(_ members: inout [RetryMember], bin: Int64) -> Int64? {
        guard !members.isEmpty else { return nil }
        let slot = Self.slot(of: bin)
        let wasEmpty = bins[slot].isEmpty
        assert(wasEmpty || openBins[slot] == bin, "a retry beyond the ring's 16 s")
        if wasEmpty { openBins[slot] = bin }
        if bins[slot].saturated.isEmpty {
            swap(&members, &bins[slot].saturated)
        } else {
            bins[slot].saturated.append(contentsOf: members)
            members.removeAll(keepingCapacity: true)
        }
        return wasEmpty ? bin : nil
    }

    /// Empties `bin` and returns its members.
    mutating func take(bin: Int64) -> RetryBin {
        let slot = Self.slot(of: bin)
        var taken = RetryBin(growing: spare.popLast() ?? [], saturated: spare.popLast() ?? [])
        swap(&taken, &bins[slot])
        return taken
    }

    /// Hands back storage of members taken by ``take(bin:)``, leaving `members` empty. (In
    /// place: a copy handed over would share the buffer, and emptying it would allocate a new one.)
    mutating func recycle(_ members: inout [RetryMember]) {
        guard members.capacity > 0 else { return }
        members.removeAll(keepingCapacity: true)
        spare.append(members)
        members = []
    }
}
