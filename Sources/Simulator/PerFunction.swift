/// One value per Lambda function of the stack, indexed by ``SimulationRun/roleIndex(_:)``.
///
/// Five stored fields rather than an array, so reading or writing one in the event loop costs
/// no allocation and no uniqueness check.
struct PerFunction<Value> {
    private var authorizer, connect, joinChannel, sendMessage, disconnect: Value

    /// Valid indices.
    static var indices: Range<Int> { 0..<5 }

    init(repeating value: Value) {
        (authorizer, connect, joinChannel, sendMessage, disconnect) = (value, value, value, value, value)
    }

    subscript(index: Int) -> Value {
        get {
            switch index {
            case 0: authorizer
            case 1: connect
            case 2: joinChannel
            case 3: sendMessage
            default: disconnect
            }
        }
        set {
            switch index {
            case 0: authorizer = newValue
            case 1: connect = newValue
            case 2: joinChannel = newValue
            case 3: sendMessage = newValue
            default: disconnect = newValue
            }
        }
    }
}
