import Analytic
import Architectures
import FanoutInput
import Foundation
import Scenarios
import SimKernel
import Usage
import Workloads

/// Users coming online, their sessions starting, and the run loop.
extension SimulationRun {
    // MARK: - Running

    mutating func execute() {
        seedInitialUsers()
        scheduleNextArrival()
        if scenario.broadcasts.perMinute > 0 {
            scheduler.schedule(.broadcast, at: .seconds(60 / scenario.broadcasts.perMinute))
        }
        scheduleNextUserSend()
        scheduler.schedule(.hour, at: .seconds(3600))
        while let event = scheduler.next(until: end) { handle(event) }
        accrueStorage()
        for index in liveConnections { connectionSeconds += (end - max(records[Int(index)].start, .zero)).seconds }
        if Int(end.seconds / 3600) > timeseries.count { closeHour() }
    }

    var now: SimTime { scheduler.now }

    /// Handles one event at ``now``: one the scheduler handed out, or one the model claimed
    /// (``runAdmittedRetries()``).
    @inline(__always)
    mutating func handle(_ event: SimEvent) {
        if !ownOutcomes.isEmpty { ownOutcomes.removeAll(keepingCapacity: true) }
        switch event {
        case .userArrival: userArrives()
        case .connect(let blockEnd, let user): attemptConnect(user: user, blockEnd: blockEnd, isRetry: false)
        case .retryConnect(let blockEnd, let user): attemptConnect(user: user, blockEnd: blockEnd, isRetry: true)
        case .retryCohort(let bin): openRetryCohort(bin: bin)
        case .sessionEnd(let connection): endSession(connection)
        case .broadcast: broadcast()
        case .userSend: userSend()
        case .hour:
            // The hour that ends the run closes after the loop, with every event at its last instant.
            if now < end { closeHour() }
            settings.progress?.hourClosed()
        }
    }

    /// Users online at the start: as many as the profile puts online over the previous block of
    /// hours, each mid-connection, so the run starts in steady state instead of empty.
    mutating func seedInitialUsers() {
        let blockSeconds = scenario.hoursConnectedPerDay * 3600
        let perSecond = scenario.users / 86_400
        var expected = 0.0
        let step = 60.0
        var t = -blockSeconds
        while t < 0 {
            expected += perSecond * profile.multiplier(atSecond: t) * min(step, -t)
            t += step
        }
        let count = Int(expected.rounded())
        var starts: [Double] = []
        starts.reserveCapacity(count)
        for _ in 0..<count {
            // Start time of the user's block in [−block, 0), drawn by the profile (thinning).
            var start: Double
            repeat {
                start = -blockSeconds * arrivals.nextOpenUnit()
            } while arrivals.nextUnit() * profile.peak > profile.multiplier(atSecond: start)
            starts.append(start)
        }
        // Open them in the order their sessions end, so connection slots are handed out, freed
        // and reused in time order and the records of consecutive events sit together.
        let length = sessionSeconds
        // Each end computed once, not in every comparison of the sort.
        var byEnd = starts.map { start in (end: start + ((-start / length).rounded(.down) + 1) * length, start: start) }
        byEnd.sort { $0 < $1 }
        for (_, start) in byEnd {
            let user = newUser()
            openConnection(user: user, blockEnd: .seconds(start + blockSeconds), startedAt: start, billed: false)
        }
    }

    /// A user slot for a user coming online: a free one, or a new one.
    mutating func newUser() -> Int32 {
        if let slot = freeUsers.popLast() {
            retryFailures[Int(slot)] = 0
            return slot
        }
        retryFailures.append(0)
        return Int32(retryFailures.count - 1)
    }

    mutating func scheduleNextArrival() {
        let peakRate = scenario.users / 86_400 * profile.peak
        guard peakRate > 0 else { return }
        scheduler.schedule(.userArrival, after: .seconds(exponential(rate: peakRate, using: &arrivals)))
    }

    mutating func userArrives() {
        // Non-homogeneous Poisson arrivals by thinning against the profile's peak.
        if arrivals.nextUnit() * profile.peak <= profile.multiplier(atSecond: now.seconds) {
            let blockEnd = now + .seconds(scenario.hoursConnectedPerDay * 3600)
            let user = newUser()
            scheduler.schedule(.connect(blockEnd: blockEnd, user: user), at: now)
        }
        scheduleNextArrival()
    }

    mutating func scheduleNextUserSend() {
        guard scenario.userMessages.perUserPerDay > 0 else { return }
        // Each connected user sends per_user_per_day over its connected hours.
        let perConnection = scenario.userMessages.perUserPerDay / (scenario.hoursConnectedPerDay * 3600)
        let rate = max(1, Double(liveConnections.count)) * perConnection
        scheduler.schedule(.userSend, after: .seconds(exponential(rate: rate, using: &sendsRNG)))
    }
}
