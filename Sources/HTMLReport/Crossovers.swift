/// Where one cost curve crosses another, between the points both were computed at.
public struct Crossover: Sendable, Equatable {
    /// The series that is cheaper below the crossing, and the one cheaper above it.
    public var cheaperBelow: String
    public var cheaperAbove: String
    /// The interpolated crossing.
    public var users: Double
    public var totalUSD: Double
    /// The stored user counts on either side (equal when the totals are equal at a stored point).
    public var fromUsers: Double
    public var toUsers: Double
}

/// Crossovers of cost curves, found between the user counts both curves were stored at.
public enum Crossovers {
    /// The crossings of curves `a` and `b` (points as (users, total)), by linear interpolation of
    /// the totals between consecutive user counts both curves hold: where `a − b` changes sign.
    public static func between(
        _ a: (name: String, points: [(x: Double, y: Double)]),
        _ b: (name: String, points: [(x: Double, y: Double)])
    ) -> [Crossover] {
        let bByX = Dictionary(b.points.map { ($0.x, $0.y) }, uniquingKeysWith: { _, last in last })
        let shared = a.points.filter { bByX[$0.x] != nil }.sorted { $0.x < $1.x }
        var found: [Crossover] = []
        var previous: (x: Double, d: Double, y: Double)?
        var lastSign = 0.0
        for point in shared {
            let d = point.y - bByX[point.x]!
            let sign: Double = d > 0 ? 1 : d < 0 ? -1 : 0
            if let before = previous {
                if sign != 0, lastSign != 0, sign != lastSign, before.d != 0 {
                    let share = before.d / (before.d - d)
                    let users = before.x + (point.x - before.x) * share
                    let total = before.y + (point.y - before.y) * share
                    found.append(
                        Crossover(
                            cheaperBelow: sign > 0 ? a.name : b.name,
                            cheaperAbove: sign > 0 ? b.name : a.name,
                            users: users,
                            totalUSD: total,
                            fromUsers: before.x,
                            toUsers: point.x
                        )
                    )
                }
            }
            // Equal at a stored point: a crossing there when the order flips after it.
            if sign == 0, lastSign != 0, let next = shared.first(where: { $0.x > point.x }) {
                let nextSign: Double = next.y - bByX[next.x]! > 0 ? 1 : next.y - bByX[next.x]! < 0 ? -1 : 0
                if nextSign != 0, nextSign != lastSign {
                    found.append(
                        Crossover(
                            cheaperBelow: lastSign < 0 ? a.name : b.name,
                            cheaperAbove: lastSign < 0 ? b.name : a.name,
                            users: point.x,
                            totalUSD: point.y,
                            fromUsers: point.x,
                            toUsers: point.x
                        )
                    )
                }
            }
            previous = (point.x, d, point.y)
            if sign != 0 { lastSign = sign }
        }
        return found
    }
}
