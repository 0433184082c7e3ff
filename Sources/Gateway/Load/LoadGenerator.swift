import NIOCore
import NIOPosix

/// `fanout load`'s engine: a real WebSocket client (SwiftNIO, one event loop) that opens the
/// planned connections on loopback, joins, publishes and measures on the client side.
public enum LoadGenerator {
    /// Runs `plan` against a gateway and reports what the clients saw.
    ///
    /// Raises the open-file limit first (each connection is a socket); the report says from what to
    /// what.
    public static func run(_ plan: LoadPlan) async throws -> LoadReport {
        let limits = FileDescriptorLimit.raise(toAtLeast: plan.connections * 2 + 1_024)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let future = try await loop.submit {
            let bound = NIOLoopBound(LoadRun(plan: plan, loop: loop), eventLoop: loop)
            return bound.value.start(bound: bound)
        }.get()
        var report = try await future.get()
        report.fileLimit = limits
        // Let the closes go out before the loop stops.
        try await Task.sleep(nanoseconds: 200_000_000)
        try await group.shutdownGracefully()
        return report
    }
}
