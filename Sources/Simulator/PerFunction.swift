/// One value per Lambda function of the stack, indexed by ``SimulationRun/roleIndex(_:)``.
///
/// A homogeneous tuple rather than an array, so reading or writing one in the event loop costs
/// no allocation, no uniqueness check and no branch on the index.
struct PerFunction<Value> {
    private var values: (Value, Value, Value, Value, Value)

    /// Valid indices.
    static var indices: Range<Int> { 0..<5 }

    init(repeating value: Value) { values = (value, value, value, value, value) }

    subscript(index: Int) -> Value {
        get {
            precondition(Self.indices.contains(index))
            return withUnsafeBytes(of: values) { $0.assumingMemoryBound(to: Value.self)[index] }
        }
        set {
            precondition(Self.indices.contains(index))
            withUnsafeMutableBytes(of: &values) { $0.assumingMemoryBound(to: Value.self)[index] = newValue }
        }
    }
}
