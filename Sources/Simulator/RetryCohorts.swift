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
    /// When the user's online block ends (it travels with the user's attempts: the simulator
    /// keeps no per-user copy).
    var blockEnd: SimTime

    init(offsetNanoseconds: Int64, user: Int32, blockEnd: SimTime) {
        assert(offsetNanoseconds >= 0 && offsetNanoseconds < RetryCohorts.binNanoseconds && user >= 0)
        key = UInt64(offsetNanoseconds) << 32 | UInt64(UInt32(user))
        self.blockEnd = blockEnd
    }

    var user: Int32 { Int32(truncatingIfNeeded: key) }
    /// Nanoseconds into its bin when the attempt is due.
    var offsetNanoseconds: Int64 { Int64(key >> 32) }

    /// Its block end less its offset: it gives up instead of retrying in a bin that starts at or
    /// after this (the attempt would be due at or after its block ends).
    var leaveBound: Int64 { blockEnd.nanoseconds - offsetNanoseconds }

    /// The key of a member taken out of its bin (admitted by the forward run): above every other.
    static let taken = UInt64.max
    var isTaken: Bool { key == Self.taken }
}

/// The retries due in one bin of the ring, in two groups: those whose next delay still grows
/// with their failures and those that have just reached the policy's maximum delay whatever the
/// draw (``RetryCohorts/saturatedFailures``). Saturated members the quota has refused once wait in
/// their phase (``RetryCohorts/phases``) instead.
struct RetryBin {
    var growing: RetryMemberList
    var saturated: RetryMemberList

    var isEmpty: Bool { growing.isEmpty && saturated.isEmpty }
    var count: Int { growing.count + saturated.count }
}

/// Clients waiting to retry: binned by the 1/128 s their next attempt falls in, and the
/// saturated ones the quota refused kept by phase.
///
/// A ring of ``binCount`` bins covers 16 s, more than the longest reconnect delay (10 s), so a
/// bin is opened before the ring comes round to it again. Each slot keeps its storage from one
/// turn of the ring to the next, so a storm of millions of retries allocates a few thousand
/// buffers in all.
///
/// A saturated member the quota refuses retries exactly ``maximumDelayBins`` bins later at the
/// same offset in its bin, and again after that, until it is admitted or its block ends: it
/// stays in the *phase* of its bin (the bin number modulo ``maximumDelayBins``), a list sorted
/// by key that every bin of that phase opens, instead of moving from bin to bin. A storm's
/// refused members (nine in ten of its refusals) then cost nothing per bin but the search for the
/// few a token goes to.
struct RetryCohorts {
    /// Length of a bin: 1/128 s, so 128 bins make up each second exactly.
    static let binNanoseconds: Int64 = 7_812_500
    /// Bins in the ring.
    static let binCount = 2048
    /// The longest delay a member may be added with.
    static let horizonNanoseconds = binNanoseconds * Int64(binCount - 1)
    /// The policy's longest delay, a whole number of bins (``fitsReconnectPolicy``).
    static let maximumDelayNanoseconds = Int64(ReconnectPolicy.maximumSeconds * 1e9)
    /// Bins between a saturated member's attempts: also the number of phases.
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

    /// ``saturatedFailures``, kept here: every retry reads it, and the static's lazy initialiser
    /// is checked on each read.
    let saturatedFailures = Self.saturatedFailures

    /// The ring: slot `s`'s growing members in list `2s`, its saturated ones in `2s + 1`.
    private let ring = RetryMemberLists(count: 2 * binCount)
    /// The bin whose opening event is scheduled, per slot (−1: none yet): while a slot holds
    /// members, the bin they are due in.
    private var scheduledBins = StateColumn<Int64>(repeating: -1, count: binCount)

    /// Refused saturated members by phase, each list sorted by key, all due in bin ``phaseBins``.
    let phases = RetryMemberLists(count: Int(maximumDelayBins))
    /// The bin each phase's members are due in next (−1 before the phase first has any).
    var phaseBins = StateColumn<Int64>(repeating: -1, count: Int(maximumDelayBins))
    /// A lower bound on ``RetryMember/leaveBound`` over each phase's members (`Int64.max` when none has
    /// been added since the last check): no member whose next bin starts before it gives up.
    var phaseLeaveBounds = StateColumn<Int64>(repeating: .max, count: Int(maximumDelayBins))

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

    /// The phase of `bin`: where its refused saturated members wait.
    static func phase(of bin: Int64) -> Int { Int(bin % maximumDelayBins) }

    /// Whether `bin` still needs an event to open it, marking it as having one.
    mutating func needsOpening(_ bin: Int64) -> Bool {
        let slot = Self.slot(of: bin)
        guard scheduledBins[slot] != bin else { return false }
        scheduledBins[slot] = bin
        return true
    }

    /// Adds a member whose attempt is due at `dueNanoseconds` (`saturated`: its next delay is the
    /// maximum whatever the draw); returns its bin when that bin has no event to open it yet.
    mutating func add(user: Int32, dueNanoseconds: Int64, blockEnd: SimTime, saturated: Bool) -> Int64? {
        let bin = Self.bin(of: dueNanoseconds)
        let slot = Self.slot(of: bin)
        let member = RetryMember(
            offsetNanoseconds: dueNanoseconds - bin * Self.binNanoseconds,
            user: user,
            blockEnd: blockEnd
        )
        assert(members(inSlot: slot).isEmpty || scheduledBins[slot] == bin, "a retry beyond the ring's 16 s")
        ring[2 * slot + (saturated ? 1 : 0)].append(member)
        return needsOpening(bin) ? bin : nil
    }

    /// Empties `bin`'s slot in the ring and returns its members (the phase's are not among them).
    ///
    /// The members returned are views of the slot's buffers, which the slot, now empty, does not
    /// write before its next bin: no member is ever added to the bin being opened (every delay is
    /// longer than a bin, ``fitsReconnectPolicy``), and the next bin of the slot is 16 s away. So
    /// they may be read, sorted and marked in place until the bin is decided, with nothing copied.
    func take(bin: Int64) -> RetryBin {
        let slot = Self.slot(of: bin)
        let taken = members(inSlot: slot)
        ring[2 * slot].removeAll()
        ring[2 * slot + 1].removeAll()
        return taken
    }

    /// The members in `slot` of the ring, as views of its two lists.
    private func members(inSlot slot: Int) -> RetryBin {
        RetryBin(growing: ring[2 * slot], saturated: ring[2 * slot + 1])
    }

    /// Puts a refused saturated member into `phase`, in key order.
    mutating func wait(_ member: RetryMember, inPhase phase: Int) {
        let at = Self.lowerBound(of: member.key, in: phases[phase], upTo: phases[phase].count)
        phases[phase].insert(member, at: at)
        phaseLeaveBounds[phase] = min(phaseLeaveBounds[phase], member.leaveBound)
    }

    /// The first index in `members[start..<end]` (sorted by key) whose key is at least `key`
    /// (`end` when none is).
    ///
    /// Found by a short walk from `start` when it is that near (a bin's next token usually goes to
    /// one of the next few members), else by halving the rest. Both steps are free of branches
    /// that depend on the keys (the walk counts the members below `key` among the next four, which
    /// the order makes the same as stopping at the first one that is not; the halving selects
    /// rather than jumps): in a storm these comparisons go either way at random, and a
    /// mispredicted branch costs more than the comparison.
    static func lowerBound(of key: UInt64, in members: RetryMemberList, from start: Int = 0, upTo end: Int) -> Int {
        assert(start >= 0 && start <= end && end <= members.count)
        // The range is sorted, so a taken member (the largest key of all) would be its last.
        assert(key < 1 << 63 && (start == end || members[end - 1].key < 1 << 63), "a taken member in the range")
        var index = start
        let walkEnd = min(end, start + 4)
        var walked = start
        while walked < walkEnd {
            index &+= members[walked].key < key ? 1 : 0
            walked &+= 1
        }
        guard index == walkEnd, index < end else { return index }
        // The answer is in `base...base + length`.
        var base = index
        var length = end - index
        while length > 1 {
            let half = length >> 1
            // All ones when the member is below `key`, from the difference's sign (keys are below
            // 2⁶³, and none in the range is taken): the compiler turns a select back into a branch.
            let below = Int(bitPattern: UInt(members[base &+ half &- 1].key &- key)) >> 63
            base &+= half & below
            length -= half
        }
        return members[base].key < key ? base + 1 : base
    }
}
