/// A first-in, first-out queue over one array: appends at the end, pops from a moving head, and
/// drops the popped prefix once it is at least 4,096 elements and half the array, so each
/// element is moved O(1) times on average.
public struct FIFOQueue<Element> {
    @usableFromInline var elements: [Element] = []
    @usableFromInline var head = 0

    public init() {}

    @inlinable public var isEmpty: Bool { head == elements.count }
    @inlinable public var count: Int { elements.count - head }

    /// The element that would be popped next.
    @inlinable public var first: Element? { isEmpty ? nil : elements[head] }

    /// The element appended last, if it is still queued.
    @inlinable public var last: Element? { isEmpty ? nil : elements.last }

    @inlinable public mutating func append(_ element: Element) { elements.append(element) }

    /// Removes and returns the element appended longest ago.
    @inlinable public mutating func popFirst() -> Element? {
        guard head < elements.count else { return nil }
        let element = elements[head]
        head += 1
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096, head * 2 >= elements.count {
            elements.removeFirst(head)
            head = 0
        }
        return element
    }
}

extension FIFOQueue: Sendable where Element: Sendable {}
