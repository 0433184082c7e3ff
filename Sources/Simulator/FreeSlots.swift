/// Free record slots, reused oldest-freed first.
///
/// First-in, first-out on purpose: sessions of one length end in the order they started, so
/// handing out the slot freed longest ago makes the records of connections that end one after
/// another sit next to each other, and the simulator walks them nearly in order.
struct FreeSlots {
    private var slots: [Int32] = []
    private var head = 0

    var isEmpty: Bool { head == slots.count }

    mutating func append(_ slot: Int32) { slots.append(slot) }

    /// The slot freed longest ago, if any.
    mutating func popFirst() -> Int32? {
        guard head < slots.count else { return nil }
        let slot = slots[head]
        head += 1
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096, head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return slot
    }
}
