import SimKernel

/// A list of retry members in a buffer the ring owns (``RetryMemberLists``), handled as a plain
/// value: copying one retains nothing, and a write checks no uniqueness.
///
/// Copies share the buffer, and only the copy kept in ``RetryMemberLists`` may grow it (a grown
/// buffer moves; other copies would point at the freed one). A copy taken out of the ring is a
/// view for reading, sorting and marking in place, and for shortening its own count.
struct RetryMemberList: BitwiseCopyable {
    private(set) var base: UnsafeMutablePointer<RetryMember>?
    private(set) var count = 0
    private var capacity = 0

    var isEmpty: Bool { count == 0 }

    /// The member at `index` (checked in debug builds only, as with ``SimKernel/StateColumn``).
    subscript(index: Int) -> RetryMember {
        unsafeAddress {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "index \(index) out of 0..<\(count)")
            return UnsafePointer(base.unsafelyUnwrapped + index)
        }
        nonmutating unsafeMutableAddress {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "index \(index) out of 0..<\(count)")
            return base.unsafelyUnwrapped + index
        }
    }

    /// The members as one buffer, which may be changed in place (not its length).
    var buffer: UnsafeMutableBufferPointer<RetryMember> { UnsafeMutableBufferPointer(start: base, count: count) }

    mutating func append(_ member: RetryMember) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: member)
        count += 1
    }

    /// Inserts `member` before the one at `index`, moving the rest up.
    mutating func insert(_ member: RetryMember, at index: Int) {
        assert(index >= 0 && index <= count)
        if count == capacity { grow() }
        let at = base.unsafelyUnwrapped + index
        (at + 1).update(from: at, count: count - index)
        at.initialize(to: member)
        count += 1
    }

    /// Removes and returns the member at `index`, moving the rest down.
    mutating func remove(at index: Int) -> RetryMember {
        assert(UInt(bitPattern: index) < UInt(bitPattern: count))
        let at = base.unsafelyUnwrapped + index
        let member = at.pointee
        at.update(from: at + 1, count: count - index - 1)
        count -= 1
        return member
    }

    /// Removes the members that satisfy `shouldBeRemoved`, keeping the others in their order.
    mutating func removeAll(where shouldBeRemoved: (RetryMember) -> Bool) {
        var kept = 0
        for index in 0..<count {
            let member = self[index]
            if !shouldBeRemoved(member) {
                self[kept] = member
                kept += 1
            }
        }
        count = kept
    }

    /// Keeps the first `count` members.
    mutating func truncate(to count: Int) {
        assert(count >= 0 && count <= self.count)
        self.count = count
    }

    /// Removes every member, keeping the buffer for the next ones.
    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let larger = Swift.max(4, capacity * 2)
        let buffer = UnsafeMutablePointer<RetryMember>.allocate(capacity: larger)
        if let base {
            buffer.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = buffer
        capacity = larger
    }

    /// Frees the buffer; the list, and every copy of it, must not be used again.
    fileprivate mutating func deallocate() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }
}

/// A fixed number of ``RetryMemberList``s, owned together: the one handle through which their
/// buffers are freed.
///
/// The lists sit in a ``SimKernel/StateColumn`` (copies share it, like a class; a run keeps
/// one), so reading or writing one retains nothing and checks no uniqueness.
struct RetryMemberLists {
    /// Frees the lists' buffers when the last copy goes; the column frees its own.
    private final class Owner {
        let lists: StateColumn<RetryMemberList>

        init(lists: StateColumn<RetryMemberList>) { self.lists = lists }

        deinit {
            for index in lists.indices { lists[index].deallocate() }
        }
    }

    private let owner: Owner
    /// The lists (the owner's column: the same buffer).
    private let lists: StateColumn<RetryMemberList>

    var count: Int { lists.count }

    /// `count` empty lists.
    init(count: Int) {
        lists = StateColumn(repeating: RetryMemberList(), count: count)
        owner = Owner(lists: lists)
    }

    /// The list at `index` (checked in debug builds only).
    subscript(index: Int) -> RetryMemberList {
        get { lists[index] }
        nonmutating _modify { yield &lists[index] }
    }
}
