/// A scheduler's FIFO lanes, read and written in place through a pointer: what a
/// ``StateColumn``'s storage is for plain values, for elements that hold references (each lane's
/// ring), so it deinitialises them when it is freed.
///
/// A write through ``base`` does not check whether the buffer is shared (an `Array` of lanes
/// pays that runtime call on every schedule into a lane and every event taken from one). Its
/// size is fixed: adding lanes makes a new buffer, so a copy of the scheduler that added none
/// still points into the buffer it holds.
@usableFromInline
final class LaneBuffer<Element> {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    /// A buffer holding `elements`.
    @usableFromInline init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: Swift.max(1, count))
        base.initialize(from: elements, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
