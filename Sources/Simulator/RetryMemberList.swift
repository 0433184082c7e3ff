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
        let larger = UnsafeMutablePointer<RetryMember>.allocate(capacity: Swift.max(4, capacity * 2))
        if let base {
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = larger
        capacity = Swift.max(4, capacity * 2)
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
/// Copies share the lists, like a class; a run keeps one. Reading or writing a list goes through
/// a pointer, with nothing retained.
struct RetryMemberLists {
    private final class Owner {
        let lists: UnsafeMutablePointer<RetryMemberList>
        let count: Int

        init(count: Int) {
            lists = .allocate(capacity: count)
            lists.initialize(repeating: RetryMemberList(), count: count)
            self.count = count
        }

        deinit {
            for index in 0..<count { lists[index].deallocate() }
            lists.deallocate()
        }
    }

    private let owner: Owner
    /// The lists (also held by ``owner``, which frees them), read here without a class access.
    private let lists: UnsafeMutablePointer<RetryMemberList>
    let count: Int

    /// `count` empty lists.
    init(count: Int) {
        owner = Owner(count: count)
        lists = owner.lists
        self.count = count
    }

    /// The list at `index` (checked in debug builds only).
    subscript(index: Int) -> RetryMemberList {
        unsafeAddress {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "list \(index) out of 0..<\(count)")
            return UnsafePointer(lists + index)
        }
        nonmutating unsafeMutableAddress {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "list \(index) out of 0..<\(count)")
            return lists + index
        }
    }
}
