import Foundation
import SimKernel
import Testing

@testable import Simulator

/// The cohorts' member lists (manual memory behind one owner) against `Array`, and the phase
/// search against a linear scan: random operations, the same results.
struct RetryMemberListTests {
    /// A uniform draw from `0..<bound`.
    func draw(_ generator: inout Xoshiro256, below bound: Int) -> Int {
        Int(generator.next(upperBound: UInt64(bound)))
    }

    func member(_ generator: inout Xoshiro256, user: Int32) -> RetryMember {
        // Few distinct offsets, so that keys tie on the offset and are ordered by user.
        RetryMember(
            offsetNanoseconds: Int64(draw(&generator, below: 64) * 1_000),
            user: user,
            blockEnd: SimTime(nanoseconds: Int64(draw(&generator, below: 1_000_000)))
        )
    }

    func keys(_ list: RetryMemberList) -> [UInt64] { (0..<list.count).map { list[$0].key } }

    @Test func listsDoWhatAnArrayDoes() {
        var generator = Xoshiro256(seed: 7)
        let lists = RetryMemberLists(count: 3)
        var models: [[RetryMember]] = [[], [], []]
        var nextUser: Int32 = 0
        for _ in 0..<20_000 {
            let which = draw(&generator, below: 3)
            let count = models[which].count
            switch draw(&generator, below: 7) {
            case 0, 1:
                let added = member(&generator, user: nextUser)
                nextUser += 1
                lists[which].append(added)
                models[which].append(added)
            case 2:
                let added = member(&generator, user: nextUser)
                nextUser += 1
                let at = draw(&generator, below: count + 1)
                lists[which].insert(added, at: at)
                models[which].insert(added, at: at)
            case 3 where count > 0:
                let at = draw(&generator, below: count)
                #expect(lists[which].remove(at: at).key == models[which].remove(at: at).key)
            case 4:
                let bound = Int64(draw(&generator, below: 1_000_000))
                lists[which].removeAll { $0.blockEnd.nanoseconds < bound && $0.user % 3 == 0 }
                models[which].removeAll { $0.blockEnd.nanoseconds < bound && $0.user % 3 == 0 }
            case 5 where count > 0:
                let kept = draw(&generator, below: count + 1)
                lists[which].truncate(to: kept)
                models[which].removeLast(count - kept)
            case 6 where count > 0 && draw(&generator, below: 50) == 0:
                lists[which].removeAll()
                models[which].removeAll()
            default:
                break
            }
            #expect(keys(lists[which]) == models[which].map(\.key))
        }
        // A view taken out of the ring sees writes through it in the owner's list.
        let view = lists[0]
        if view.count > 0 {
            view[0].key = RetryMember.taken
            #expect(lists[0][0].isTaken)
        }
    }

    /// Offsets spread in four ways: few distinct ones (ties), evenly over the bin (as a storm's
    /// are), and bunched near its start or its end, so that the search is not checked only where
    /// an even spread would make a guess from the offsets right.
    enum OffsetSpread: CaseIterable { case few, even, early, late }

    func offset(_ generator: inout Xoshiro256, _ spread: OffsetSpread) -> Int64 {
        let bin = Double(RetryCohorts.binNanoseconds)
        switch spread {
        case .few: return Int64(draw(&generator, below: 64) * 1_000)
        case .even: return Int64(generator.nextUnit() * bin)
        case .early: return Int64(pow(generator.nextUnit(), 6) * bin)
        case .late: return min(RetryCohorts.binNanoseconds - 1, Int64((1 - pow(generator.nextUnit(), 6)) * bin))
        }
    }

    @Test(arguments: OffsetSpread.allCases)
    func phaseSearchFindsTheFirstKeyAtOrAboveLikeAScan(spread: OffsetSpread) {
        var generator = Xoshiro256(seed: 11)
        for round in 0..<400 {
            let lists = RetryMemberLists(count: 1)
            let count = draw(&generator, below: round < 200 ? 12 : 300)
            let sorted = (0..<count).map {
                RetryMember(offsetNanoseconds: offset(&generator, spread), user: Int32($0), blockEnd: .zero)
            }.sorted { $0.key < $1.key }
            for added in sorted { lists[0].append(added) }
            for _ in 0..<20 {
                let end = draw(&generator, below: count + 1)
                // Keys between and at the members' (a member's own key, or its offset with another user).
                let near = count > 0 ? sorted[draw(&generator, below: count)].key : 0
                let key: UInt64
                switch draw(&generator, below: 3) {
                case 0: key = near
                case 1: key = (near >> 32) << 32 | UInt64(draw(&generator, below: 400))
                default: key = UInt64(offset(&generator, spread)) << 32 | UInt64(draw(&generator, below: 400))
                }
                let expected = sorted[..<end].firstIndex { $0.key >= key } ?? end
                let start = draw(&generator, below: expected + 1)
                #expect(RetryCohorts.lowerBound(of: key, in: lists[0], from: start, upTo: end) == expected)
                #expect(RetryCohorts.lowerBound(of: key, in: lists[0], upTo: end) == expected)
            }
        }
    }
}
