/// A first-in, first-out queue kept as a ring in one array: appends write the slot after the
/// last element, pops advance a head, and the ring doubles (unrolled to start at the head) only
/// when every slot is in use. No operation moves elements except that growth, and none calls the
/// array's range replacement, so an append or a pop is a few instructions whether the queue is
/// empty, short or long.
///
/// Free slots hold copies of some element (a popped one, or the one whose append grew the
/// ring) until an append overwrites them. The ring is a ``StateColumn`` (plain values, no
/// copy-on-write check on each write), so a queue is meant to have one owner, like a column.
public struct FIFOQueue<Element: BitwiseCopyable> {
    /// The ring: `count` elements from `head`, wrapping at `slots.count`.
    @usableFromInline var slots = StateColumn<Element>(capacity: 0)
    @usableFromInline var head = 0
    @usableFromInline var storedCount = 0

    public init() {}

    @inlinable public var isEmpty: Bool { storedCount == 0 }
    @inlinable public var count: Int { storedCount }

    /// The slot `offset` places after the head.
    @inlinable func slot(_ offset: Int) -> Int {
        let index = head + offset
        return index >= slots.count ? index - slots.count : index
    }

    /// The element that would be popped next.
    @inlinable public var first: Element? { isEmpty ? nil : slots[head] }

    /// The element appended last, if it is still queued.
    @inlinable public var last: Element? { isEmpty ? nil : slots[slot(storedCount - 1)] }

    @inlinable @inline(__always) public mutating func append(_ element: Element) {
        if storedCount == slots.count { grow(filler: element) }
        slots[slot(storedCount)] = element
        storedCount += 1
    }

    /// Doubles the ring (at least 16 slots), which is full, unrolled to start at slot 0; the new
    /// slots hold copies of `filler`.
    @inlinable @inline(never) mutating func grow(filler: Element) {
        let capacity = Swift.max(16, 2 * slots.count)
        var larger = StateColumn<Element>(capacity: capacity)
        for index in head..<slots.count { larger.append(slots[index]) }
        for index in 0..<head { larger.append(slots[index]) }
        while larger.count < capacity { larger.append(filler) }
        slots = larger
        head = 0
    }

    /// Removes and returns the element appended longest ago.
    @inlinable @inline(__always) public mutating func popFirst() -> Element? {
        guard storedCount > 0 else { return nil }
        let element = slots[head]
        head = head + 1 == slots.count ? 0 : head + 1
        storedCount -= 1
        return element
    }
}
