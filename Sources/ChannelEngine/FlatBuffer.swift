/// A growable buffer of plain values that its owner holds outright: noncopyable, so there is no
/// copy-on-write and no uniqueness check on every write as with `Array`, and freed with its owner.
///
/// The hub's hot per-connection and per-payload tables use it; the publish loop works on
/// ``base`` directly. Indexing through the subscript is bounds-checked. Storage is aligned to
/// 64 bytes, a cache line, so a 64-byte outbox chunk or a 32-byte outbox record never straddles
/// two lines.
@usableFromInline
struct FlatBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline private(set) var base: UnsafeMutablePointer<Element>
    @usableFromInline private(set) var count = 0
    @usableFromInline private(set) var capacity = 0

    /// Storage alignment in bytes: a cache line on the machines this runs on.
    @usableFromInline static var alignment: Int { Swift.max(64, MemoryLayout<Element>.alignment) }

    @usableFromInline init() { base = Self.allocate(0) }

    @usableFromInline static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(
            byteCount: Swift.max(1, capacity) * MemoryLayout<Element>.stride,
            alignment: alignment
        ).bindMemory(to: Element.self, capacity: capacity)
    }

    @inlinable deinit { base.deallocate() }

    @inlinable
    subscript(index: Int) -> Element {
        @inline(__always) get {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return base[index]
        }
        @inline(__always) set {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            base[index] = newValue
        }
    }

    var isEmpty: Bool { count == 0 }

    var indices: Range<Int> { 0..<count }

    @usableFromInline
    mutating func append(_ element: Element) {
        if count == capacity { reserve(Swift.max(16, capacity * 2)) }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func append(repeating element: Element, count added: Int) {
        if count + added > capacity { reserve(Swift.max(count + added, capacity * 2)) }
        (base + count).initialize(repeating: element, count: added)
        count += added
    }

    @usableFromInline
    mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast from an empty buffer")
        count -= 1
        return base[count]
    }

    /// Makes room for `minimumCapacity` elements.
    mutating func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let grown = Self.allocate(minimumCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = minimumCapacity
    }

    /// Layout-estimated heap bytes: the elements' capacity plus a 16-byte allocation header.
    var heapBytes: Int { capacity == 0 ? 0 : 16 + capacity * MemoryLayout<Element>.stride }
}
