/// A growable array of plain values for a model's per-entity state (one record per connection,
/// one counter per channel), read and written in place through a pointer.
///
/// Unlike `Array`, a write does not check whether the storage is shared: copies of a column
/// share one buffer, like a class, so a write through one copy is seen by all. That is what a
/// simulation run wants for its state (it is never copied while it runs), and it saves the
/// uniqueness check that each `Array` write pays.
///
/// Its buffer starts on a 64-byte cache line (``EventQueue`` lays its heap out by lines).
///
/// Indices are checked in debug builds (so in every `swift test` run) and not in release
/// builds, as with `UnsafeMutableBufferPointer`: there an index out of range is undefined
/// behaviour. A model indexes its columns with ids it handed out itself; the checks on a few
/// dozen accesses per event cost the 100,000-user simulated month 2–3 % of its time.
public struct StateColumn<Element: BitwiseCopyable> {
    @usableFromInline
    final class Storage {
        @usableFromInline var base: UnsafeMutablePointer<Element>

        /// A buffer for `capacity` elements that starts on a 64-byte cache line.
        @usableFromInline init(capacity: Int) {
            base = UnsafeMutableRawPointer.allocate(
                byteCount: capacity * MemoryLayout<Element>.stride,
                alignment: Swift.max(64, MemoryLayout<Element>.alignment)
            ).bindMemory(to: Element.self, capacity: capacity)
        }

        deinit { UnsafeMutableRawPointer(base).deallocate() }
    }

    @usableFromInline var storage: Storage
    /// The buffer (also held by ``storage``, which frees it), read here without a class access.
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var storedCount: Int
    /// Number of elements.
    @inlinable public var count: Int { storedCount }
    @usableFromInline var capacity: Int

    /// An empty column with room for `capacity` elements before it grows.
    @inlinable public init(capacity: Int = 16) {
        let capacity = Swift.max(1, capacity)
        storage = Storage(capacity: capacity)
        base = storage.base
        storedCount = 0
        self.capacity = capacity
    }

    /// A column of `count` copies of `value`.
    @inlinable public init(repeating value: Element, count: Int) {
        precondition(count >= 0, "negative count \(count)")
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        storedCount = count
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable public var indices: Range<Int> { 0..<count }

    /// The element at `index` (checked in debug builds only; see the type's notes).
    @inlinable public subscript(index: Int) -> Element {
        unsafeAddress {
            // One unsigned comparison covers both ends: a negative index is a huge UInt.
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "index \(index) out of 0..<\(count)")
            return UnsafePointer(base + index)
        }
        nonmutating unsafeMutableAddress {
            assert(UInt(bitPattern: index) < UInt(bitPattern: count), "index \(index) out of 0..<\(count)")
            return base + index
        }
    }

    /// Adds `element` at the end, doubling the buffer when it is full.
    @inlinable public mutating func append(_ element: Element) {
        if count == capacity { grow(to: capacity * 2) }
        (base + count).initialize(to: element)
        storedCount += 1
    }

    /// Adds `n` copies of `element` at the end.
    @inlinable public mutating func append(repeating element: Element, count n: Int) {
        precondition(n >= 0, "negative count \(n)")
        if count + n > capacity { grow(to: Swift.max(capacity * 2, count + n)) }
        (base + count).initialize(repeating: element, count: n)
        storedCount += n
    }

    /// Removes and returns the last element, or `nil` when the column is empty.
    @inlinable public mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        storedCount -= 1
        return base[count]
    }

    /// Removes the last element; the column must not be empty.
    @inlinable public mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast on an empty column")
        storedCount -= 1
        return base[count]
    }

    /// Makes room for at least `minimumCapacity` elements before the next growth.
    @inlinable public mutating func reserveCapacity(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { grow(to: minimumCapacity) }
    }

    /// Removes every element, keeping the buffer for the next ones.
    @inlinable public mutating func removeAll() { storedCount = 0 }

    /// Removes the elements that satisfy `shouldBeRemoved`, keeping the others in their order.
    @inlinable public mutating func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        var kept = 0
        for index in 0..<storedCount {
            let element = base[index]
            if try !shouldBeRemoved(element) {
                base[kept] = element
                kept += 1
            }
        }
        storedCount = kept
    }

    /// Calls `body` with the elements as one buffer, which it may change in place (not its length).
    @inlinable public func withUnsafeMutableBufferPointer<Result>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> Result
    ) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: base, count: storedCount))
    }

    @usableFromInline mutating func grow(to newCapacity: Int) {
        let larger = Storage(capacity: newCapacity)
        larger.base.initialize(from: base, count: count)
        storage = larger
        base = larger.base
        capacity = newCapacity
    }
}

extension StateColumn: Sequence {
    public struct Iterator: IteratorProtocol {
        @usableFromInline let column: StateColumn
        @usableFromInline var index = 0

        @inlinable init(column: StateColumn) { self.column = column }

        @inlinable public mutating func next() -> Element? {
            guard index < column.count else { return nil }
            defer { index += 1 }
            return column[index]
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(column: self) }

    @inlinable public var underestimatedCount: Int { count }
}
