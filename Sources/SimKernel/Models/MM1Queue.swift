/// An M/M/1 queue: Poisson arrivals, exponential service, one server, first come first served.
///
/// The kernel's reference model: its mean waiting time has a closed form
/// (Wq = ρ / (μ − λ), ρ = λ / μ), so it validates the kernel and the random streams, and it is
/// the model `fanout bench des` runs against SimPy.
public struct MM1Queue: Sendable {
    public var arrivalRate: Double
    public var serviceRate: Double

    public init(arrivalRate: Double, serviceRate: Double) {
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
    }

    /// What one run measured.
    public struct Result: Sendable {
        public var customers: Int
        /// Mean time customers waited before service.
        public var meanWait: Double
        /// Events the scheduler handled.
        public var events: UInt64
    }

    /// Theoretical mean wait in queue, ρ / (μ − λ).
    public var theoreticalMeanWait: Double {
        let rho = arrivalRate / serviceRate
        return rho / (serviceRate - arrivalRate)
    }

    enum Event { case arrival, departure }

    /// Serves `customers` customers and returns their mean wait.
    public func run(customers: Int, seed: UInt64) -> Result {
        let streams = RandomStreams(seed: seed)
        var arrivals = streams.stream("arrivals")
        var services = streams.stream("services")
        var scheduler = Scheduler<Event>()
        var waiting: [SimTime] = []
        var head = 0
        var busy = false
        var served = 0
        var arrived = 0
        var waits = RunningStatistics()
        scheduler.schedule(.arrival, after: .seconds(exponential(rate: arrivalRate, using: &arrivals)))
        while served < customers, let event = scheduler.next(until: SimTime(nanoseconds: .max)) {
            switch event {
            case .arrival:
                arrived += 1
                if arrived < customers {
                    scheduler.schedule(.arrival, after: .seconds(exponential(rate: arrivalRate, using: &arrivals)))
                }
                if busy {
                    waiting.append(scheduler.now)
                } else {
                    busy = true
                    waits.add(0)
                    scheduler.schedule(.departure, after: .seconds(exponential(rate: serviceRate, using: &services)))
                }
            case .departure:
                served += 1
                if head < waiting.count {
                    waits.add((scheduler.now - waiting[head]).seconds)
                    head += 1
                    scheduler.schedule(.departure, after: .seconds(exponential(rate: serviceRate, using: &services)))
                } else {
                    busy = false
                }
            }
        }
        return Result(customers: served, meanWait: waits.mean, events: scheduler.processed)
    }
}
