import Architectures

/// One Lambda execution a handler starts, as the event loop needs it, packed in 64 bits.
struct Execution {
    /// Billed ms in the high 32 bits, the timed-out flag in bit 4, the function index below.
    private var bits: UInt64

    init(_ invocation: Invocation) {
        let billedMs = UInt64(min(invocation.billedMs, Double(UInt32.max)))
        bits = billedMs << 32 | (invocation.timedOut ? 1 << 4 : 0) | UInt64(SimulationRun.roleIndex(invocation.role))
    }

    init(bits: UInt64) { self.bits = bits }

    var packed: UInt64 { bits }
    /// The function's index (``SimulationRun/roleIndex(_:)``).
    var role: Int { Int(bits & 0xF) }
    var function: FunctionRole { SimulationRun.roles[role] }
    var billedMs: Int64 { Int64(bits >> 32) }
    var timedOut: Bool { bits & 1 << 4 != 0 }
}

/// A handler outcome as the event loop reads it: its scalar effects and its executions inline,
/// plain data, so copying one costs no reference counting. The ``ActionOutcome`` it was made
/// from stays the record for billing and for the limits it noted.
struct HandlerRun {
    /// Most executions one handler action starts (a route's function plus its authorizer).
    static let maximumExecutions = 4

    var readUnits: Double
    var writeUnits: Double
    var keyReadUnits: Double
    var rowsWritten: Double
    var rowsDeleted: Double
    var callbackRequests: Double
    /// ``ActionOutcome/writeRequestShare``.
    var writeRequestShare: Double
    /// Whether the outcome noted any exceeded limit.
    var hasLimits: Bool
    private(set) var executionCount: Int
    private var executions = InlineArray<4, UInt64>(repeating: 0)

    init(_ outcome: ActionOutcome) {
        precondition(
            outcome.invocations.count <= Self.maximumExecutions,
            "a handler action started \(outcome.invocations.count) Lambda executions"
        )
        readUnits = outcome.readUnits
        keyReadUnits = outcome.keyReadUnits
        writeUnits = outcome.writeUnits
        rowsWritten = outcome.rowsWritten
        rowsDeleted = outcome.rowsDeleted
        callbackRequests = outcome.callbackRequests
        writeRequestShare = outcome.writeRequestShare
        hasLimits = !outcome.limits.isEmpty
        executionCount = outcome.invocations.count
        for (index, invocation) in outcome.invocations.enumerated() {
            executions[index] = Execution(invocation).packed
        }
    }

    /// The `index`-th execution, in the order the outcome lists them.
    subscript(execution index: Int) -> Execution { Execution(bits: executions[index]) }
}

/// A handler outcome ready to admit and bill: a memo entry's, or one of the current event's own
/// outcomes (``SimulationRun/own(_:)``). Plain data, like ``HandlerRun``.
struct Evaluated {
    var run: HandlerRun
    /// Whether ``index`` is a memo entry; otherwise it is an own outcome.
    let isMemoised: Bool
    let index: Int

    init(memoIndex: Int, run: HandlerRun) {
        self.run = run
        isMemoised = true
        index = memoIndex
    }

    init(ownIndex: Int, run: HandlerRun) {
        self.run = run
        isMemoised = false
        index = ownIndex
    }
}
