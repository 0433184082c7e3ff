import FanoutInput
import Foundation

/// `work` on every element of `items` on up to `concurrency` threads, results in `items`'
/// order whatever order the threads finish in; the first error in that order is thrown.
func concurrentMap<Item: Sendable, Value>(
    _ items: [Item],
    concurrency: Int,
    _ work: (Item) throws(InputError) -> Value
) throws(InputError) -> [Value] {
    let slots = Slots<Value>(count: items.count)
    withoutActuallyEscaping(work) { work in
        let box = UncheckedBox(work)
        DispatchQueue.concurrentPerform(iterations: max(1, min(concurrency, items.count))) { _ in
            while let index = slots.claim() {
                slots.store(Result { () throws(InputError) in try box.value(items[index]) }, at: index)
            }
        }
    }
    return try slots.all.map { (result) throws(InputError) in try result.get() }
}

/// A value handed to worker threads that only read it.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Work handed out by index and results stored by index, under a lock.
private final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [Result<Value, InputError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.withLock {
            guard next < results.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: Result<Value, InputError>, at index: Int) { lock.withLock { results[index] = result } }

    var all: [Result<Value, InputError>] { lock.withLock { results.map { $0! } } }
}
