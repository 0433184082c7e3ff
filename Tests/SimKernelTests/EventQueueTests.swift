import SimKernel
import Testing

struct EventQueueTests {
    /// Property: any interleaving of pushes, pops and peeks returns events in (time, insertion)
    /// order, exactly as a sorted reference list does. A pop leaves the root vacant until the next
    /// operation, so pops followed by pushes, by pops and by peeks all occur.
    @Test(arguments: [1, 2, 3, 4, 5])
    func matchesSortedReference(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        var queue = EventQueue<Int>()
        var reference: [(time: Int64, id: Int)] = []
        var nextID = 0
        for _ in 0..<5_000 {
            if rng.next() % 3 != 0 || reference.isEmpty {
                // Few distinct times, so ties are common; some before zero.
                let time = Int64(rng.next() % 50) - 10
                queue.push(nextID, at: SimTime(nanoseconds: time))
                reference.append((time, nextID))
                nextID += 1
            } else {
                let expected = reference.enumerated().min { a, b in
                    (a.element.time, a.element.id) < (b.element.time, b.element.id)
                }!
                reference.remove(at: expected.offset)
                let popped = queue.popMin()
                #expect(popped?.event == expected.element.id)
                #expect(popped?.time.nanoseconds == expected.element.time)
            }
            #expect(queue.count == reference.count)
            if rng.next() % 5 == 0 {
                let earliest = reference.map(\.time).min()
                let peeked = queue.minTime?.nanoseconds
                #expect(peeked == earliest)
            }
        }
        let valid = queue.checkInvariants()
        #expect(valid)
    }

    /// The layout survives growth: after every reallocation each node's four children are still
    /// one 64-byte line, and the heap still pops in order.
    @Test func childrenStayOnOneCacheLineAsTheHeapGrows() {
        var queue = EventQueue<Int>()
        var rng = Xoshiro256(seed: 9)
        for id in 0..<3_000 {
            queue.push(id, at: SimTime(nanoseconds: Int64(rng.next() % 1_000_000)))
            if (id + 1) & id == 0 || id % 997 == 0 {
                let valid = queue.checkInvariants()
                #expect(valid, "after \(id + 1) pushes")
            }
        }
        var last = Int64.min
        while let (time, _) = queue.popMin() {
            #expect(time.nanoseconds >= last)
            last = time.nanoseconds
        }
    }

    @Test func emptyQueuePopsNil() {
        var queue = EventQueue<Int>()
        #expect(queue.popMin() == nil)
        let earliest = queue.minTime
        #expect(earliest == nil)
    }
}

struct SchedulerTests {
    /// Named events; a scheduler's events are plain values.
    enum Step { case a, b1, b2, c1, c2 }

    @Test func sameInstantEventsRunInSchedulingOrder() {
        var scheduler = Scheduler<Step>()
        scheduler.schedule(.b1, at: .seconds(1))
        scheduler.schedule(.a, at: .seconds(0.5))
        scheduler.schedule(.b2, at: .seconds(1))
        var log: [String] = []
        while let event = scheduler.next(until: .seconds(10)) {
            log.append("\(event)@\(scheduler.now.seconds)")
            if event == .b1 {
                // Zero-delay work goes after what was already due now, in order.
                scheduler.schedule(.c1, after: .zero)
                scheduler.schedule(.c2, after: .zero)
            }
        }
        #expect(log == ["a@0.5", "b1@1.0", "b2@1.0", "c1@1.0", "c2@1.0"])
        #expect(scheduler.now == .seconds(10))
        #expect(scheduler.processed == 5)
    }

    /// A scheduler with a far heap beyond `farThresholdNanoseconds`, or with one heap when nil.
    static func scheduler(farThresholdNanoseconds: Int64?) -> Scheduler<Int> {
        farThresholdNanoseconds.map { Scheduler<Int>(farThreshold: SimDuration(nanoseconds: $0)) } ?? Scheduler<Int>()
    }

    /// Property: events spread over the heap (and the far heap, when there is one), the ring and
    /// fixed-delay lanes (one added while the others hold events) come out in exactly (time, scheduling order), as a sorted reference says.
    @Test(arguments: [nil, 0, 300] as [Int64?])
    func lanesHeapAndRingShareOneOrder(farThresholdNanoseconds: Int64?) {
        var rng = Xoshiro256(seed: 21)
        var scheduler = Self.scheduler(farThresholdNanoseconds: farThresholdNanoseconds)
        var reference: [(time: Int64, order: Int)] = []
        var order = 0
        var log: [Int] = []
        func add(_ time: SimTime, lane: Int?, into scheduler: inout Scheduler<Int>) {
            if let lane { scheduler.schedule(order, at: time, lane: lane) } else { scheduler.schedule(order, at: time) }
            reference.append((time.nanoseconds, order))
            order += 1
        }
        for _ in 0..<20 { add(SimTime(nanoseconds: Int64(rng.next() % 1000)), lane: nil, into: &scheduler) }
        while let event = scheduler.next(until: SimTime(nanoseconds: 1_000_000)) {
            log.append(event)
            if order < 3000 {
                switch rng.next() % 4 {
                case 0: add(scheduler.now + SimDuration(nanoseconds: 500), lane: 0, into: &scheduler)
                // Lane 3 first appears while lanes 0 and 1 hold events, so adding lanes keeps them.
                case 1: add(scheduler.now + SimDuration(nanoseconds: 50), lane: order < 1500 ? 1 : 3, into: &scheduler)
                case 2: add(scheduler.now, lane: nil, into: &scheduler)
                default:
                    add(scheduler.now + SimDuration(nanoseconds: Int64(rng.next() % 700)), lane: nil, into: &scheduler)
                }
            }
        }
        let expected = reference.sorted { ($0.time, $0.order) < ($1.time, $1.order) }.map(\.order)
        #expect(log == expected)
        #expect(scheduler.pending == 0)
    }

    /// Property: a model that hands out some events itself (``Scheduler/claim(at:sequence:until:)``)
    /// and schedules the rest with their reserved sequences sees every event in the order the
    /// scheduler alone would give, ties included, and the scheduler counts every one.
    @Test(arguments: [nil, 0, 300] as [Int64?])
    func claimedEventsKeepTheOrderOfScheduledOnes(farThresholdNanoseconds: Int64?) {
        var rng = Xoshiro256(seed: 34)
        var scheduler = Self.scheduler(farThresholdNanoseconds: farThresholdNanoseconds)
        let limit = SimTime(nanoseconds: 1_000_000)
        var reference: [(time: Int64, order: Int)] = []
        var order = 0
        var log: [Int] = []
        var claimed = 0
        var laneTail = SimTime.zero
        func record(_ time: SimTime) -> Int {
            reference.append((time.nanoseconds, order))
            order += 1
            return order - 1
        }
        /// A follow-up of any kind but a batch: on the heap, the ring or a fixed-delay lane.
        func followUp(_ scheduler: inout Scheduler<Int>) {
            switch rng.next() % 3 {
            case 0:
                let time = scheduler.now + SimDuration(nanoseconds: Int64(rng.next() % 2000))
                scheduler.schedule(record(time), at: time)
            case 1: scheduler.schedule(record(scheduler.now), at: scheduler.now)
            default:
                let time = scheduler.now + SimDuration(nanoseconds: 500)
                scheduler.schedule(record(time), at: time, lane: 0)
            }
        }
        for _ in 0..<20 {
            let time = SimTime(nanoseconds: Int64(rng.next() % 1000))
            scheduler.schedule(record(time), at: time)
        }
        while let event = scheduler.next(until: limit) {
            log.append(event)
            // About 30 pending, so that a batch is often the next thing due and sometimes not.
            guard order < 4000 else { continue }
            guard scheduler.pending < 30 else { continue }
            guard rng.next() % 3 == 0 else {
                followUp(&scheduler)
                continue
            }
            // A batch in time order, all at or after the last one's times (lane 1 stays in order),
            // with other events scheduled between its reservations, some at the same times.
            var batch: [(time: SimTime, sequence: UInt64, order: Int)] = []
            var time = max(scheduler.now + SimDuration(nanoseconds: 1), laneTail)
            for _ in 0..<(1 + rng.next() % 4) {
                batch.append((time, scheduler.reserveSequence(), record(time)))
                if rng.next() % 2 == 0 {
                    let other = scheduler.now + SimDuration(nanoseconds: Int64(rng.next() % 12))
                    scheduler.schedule(record(other), at: other)
                }
                time = time + SimDuration(nanoseconds: Int64(rng.next() % 3))
            }
            var index = 0
            while index < batch.count,
                scheduler.claim(at: batch[index].time, sequence: batch[index].sequence, until: limit)
            {
                #expect(scheduler.now == batch[index].time)
                log.append(batch[index].order)
                claimed += 1
                if rng.next() % 2 == 0 { followUp(&scheduler) }
                index += 1
            }
            for (time, sequence, order) in batch[index...] {
                scheduler.schedule(order, at: time, lane: 1, sequence: sequence)
                laneTail = time
            }
        }
        let expected = reference.filter { $0.time <= limit.nanoseconds }
            .sorted { ($0.time, $0.order) < ($1.time, $1.order) }.map(\.order)
        #expect(log == expected)
        #expect(claimed > 100 && claimed < log.count / 2, "claimed \(claimed) of \(log.count)")
        #expect(scheduler.processed == UInt64(log.count))
        #expect(scheduler.pending == 0)
    }

    /// An event scheduled with a reserved sequence is seen by the next claim, though it took no
    /// new sequence: a claim after it, with nothing handed out between, fails.
    @Test func aClaimSeesEventsScheduledWithReservedSequences() {
        enum Arrival { case early, late }
        var scheduler = Scheduler<Arrival>()
        scheduler.schedule(.late, at: .seconds(10))
        #expect(scheduler.next(until: .seconds(1)) == nil)
        let early = scheduler.reserveSequence()
        let later = scheduler.reserveSequence()
        var claimed = scheduler.claim(at: .seconds(20), sequence: early, until: .seconds(100))
        #expect(!claimed)
        scheduler.schedule(.early, at: .seconds(2), lane: 0, sequence: early)
        claimed = scheduler.claim(at: .seconds(3), sequence: later, until: .seconds(100))
        #expect(!claimed)
        #expect(scheduler.now == .seconds(1))
        var next = scheduler.next(until: .seconds(100))
        #expect(next == .early)
        claimed = scheduler.claim(at: .seconds(3), sequence: later, until: .seconds(100))
        #expect(claimed)
        #expect(scheduler.now == .seconds(3) && scheduler.processed == 2)
        let last = scheduler.reserveSequence()
        claimed = scheduler.claim(at: .seconds(11), sequence: last, until: .seconds(100))
        #expect(!claimed)
        next = scheduler.next(until: .seconds(100))
        #expect(next == .late)
    }

    @Test func stopsAtTheLimitAndResumes() {
        var scheduler = Scheduler<Int>()
        for i in 1...10 { scheduler.schedule(i, at: .seconds(Double(i))) }
        var seen: [Int] = []
        while let e = scheduler.next(until: .seconds(5)) { seen.append(e) }
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(scheduler.pending == 5)
        while let e = scheduler.next(until: .seconds(100)) { seen.append(e) }
        #expect(seen == Array(1...10))
    }
}

struct FIFOQueueTests {
    /// Property: interleaved appends and pops return elements in append order, across the ring's
    /// growth while it wraps, with `first`, `last` and `count` matching a plain array.
    @Test func popsInAppendOrderAcrossCompaction() {
        var rng = Xoshiro256(seed: 9)
        var queue = FIFOQueue<Int>()
        var reference: [Int] = []
        var next = 0
        for _ in 0..<40_000 {
            if rng.next() % 3 != 0 {
                queue.append(next)
                reference.append(next)
                next += 1
            } else {
                #expect(queue.popFirst() == reference.first)
                if !reference.isEmpty { reference.removeFirst() }
            }
            #expect(queue.count == reference.count)
            #expect(queue.first == reference.first)
            #expect(queue.last == reference.last)
        }
        while let element = queue.popFirst() { #expect(element == reference.removeFirst()) }
        #expect(reference.isEmpty && queue.isEmpty)
    }
}

struct StateColumnTests {
    /// Property: appends (one and many), pops, in-place writes, removals (all, or those that
    /// satisfy a test) and sorting through the buffer agree with a plain array, across the
    /// column's growth.
    @Test func matchesAnArray() {
        var rng = Xoshiro256(seed: 4)
        var column = StateColumn<Int64>(capacity: 1)
        var reference: [Int64] = []
        for step in 0..<20_000 {
            switch rng.next() % 10 {
            case 6:
                let divisor = Int64(rng.next() % 3 + 2)
                column.removeAll { $0 % divisor == 0 }
                reference.removeAll { $0 % divisor == 0 }
            case 7 where step % 97 == 0:
                column.removeAll()
                reference.removeAll()
            case 8:
                column.withUnsafeMutableBufferPointer { buffer in
                    var buffer = buffer
                    buffer.sort()
                }
                reference.sort()
            case 0, 1:
                column.append(Int64(step))
                reference.append(Int64(step))
            case 2:
                let n = Int(rng.next() % 5)
                column.append(repeating: -Int64(step), count: n)
                reference.append(contentsOf: repeatElement(-Int64(step), count: n))
            case 3:
                #expect(column.popLast() == reference.popLast())
            default:
                guard !reference.isEmpty else { continue }
                let i = Int(rng.next() % UInt64(reference.count))
                column[i] += 7
                reference[i] += 7
            }
            #expect(column.count == reference.count)
        }
        #expect(Array(column) == reference)
    }

    @Test func repeatingAndRecordFields() {
        struct Record: Equatable {
            var start: SimTime
            var flags: UInt64
        }
        let column = StateColumn(repeating: Record(start: .zero, flags: 0), count: 3)
        column[1].flags |= 1 << 63
        column[2].start = .seconds(2)
        #expect(
            Array(column) == [
                Record(start: .zero, flags: 0), Record(start: .zero, flags: 1 << 63),
                Record(start: .seconds(2), flags: 0),
            ]
        )
        var empty = StateColumn<Int32>()
        #expect(empty.isEmpty && empty.popLast() == nil)
    }
}

struct RunningCountsTests {
    /// Property: starts with end times mostly in order (as memoised durations give) and sometimes
    /// not, advances that retire none, some or all, and classes that grow past the rings' first
    /// capacity: the counts always equal a plain list's.
    @Test(arguments: [1, 2, 3])
    func matchesAListOfEndTimes(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        var counts = RunningCounts(classes: 3)
        var reference: [(classIndex: Int, endMs: Int64)] = []
        var nowMs: Int64 = 0
        for step in 0..<20_000 {
            if rng.next() % 3 == 0 {
                nowMs += Int64(rng.next() % 40)
                counts.advance(to: nowMs)
                reference.removeAll { $0.endMs <= nowMs }
            } else {
                let classIndex = Int(rng.next() % 3)
                // A usual duration per class, and now and then another one.
                let duration = rng.next() % 8 == 0 ? Int64(rng.next() % 200) + 1 : Int64(10 + 15 * classIndex)
                // Twice, a burst of long ones pushes a class past 100 and then 300 running at once
                // (the rings start with room for 32 each), after the rings have wrapped around.
                let burst = step == 2_999 ? 100 : step == 12_999 ? 300 : 1
                for k in 0..<burst {
                    let endMs = nowMs + (burst > 1 ? 500 + Int64(k % 7) : duration)
                    counts.start(classIndex, endingAt: endMs)
                    reference.append((classIndex, endMs))
                }
            }
            #expect(counts.total == reference.count)
            for classIndex in 0..<3 {
                #expect(counts.running(classIndex) == reference.filter { $0.classIndex == classIndex }.count)
            }
        }
    }
}
