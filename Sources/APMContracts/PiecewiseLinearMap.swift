import APMSupport

/// A piecewise-linear map of the quality score, given by points (Q₁, y₁), (Q₂, y₂), … sorted by Q: linear
/// between points, flat beyond the first and the last. Two points at the same Q make a step, the later one
/// applying from that Q on. A map in score points (TPS, MIPS final score, 0–100) reads Q × 100 (`scale`).
public struct PiecewiseLinearMap: Sendable, Hashable {
    public let points: [(q: Double, y: Double)]
    /// What Q is multiplied by before the map reads it (1, or 100 for a map in score points).
    public let scale: Double

    /// nil when `points` is empty or not sorted by Q (the reader reports which).
    public init?(points: [(q: Double, y: Double)], scale: Double = 1) {
        guard !points.isEmpty, zip(points, points.dropFirst()).allSatisfy({ $0.q <= $1.q }) else { return nil }
        self.points = points
        self.scale = scale
    }

    /// y at quality `quality` (before scaling).
    public func callAsFunction(_ quality: Double) -> Double {
        let q = quality * scale
        // The last point at or below q: later points at an equal Q win, making steps right-continuous.
        guard q >= points[0].q else { return points[0].y }
        var i = 0
        while i + 1 < points.count && points[i + 1].q <= q { i += 1 }
        guard i + 1 < points.count else { return points[i].y }
        let (a, b) = (points[i], points[i + 1])
        return a.y + (b.y - a.y) * (q - a.q) / (b.q - a.q)
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.scale == r.scale && l.points.count == r.points.count
            && zip(l.points, r.points).allSatisfy { $0.q == $1.q && $0.y == $1.y }
    }

    public func hash(into h: inout Hasher) {
        h.combine(scale)
        for p in points { h.combine(p.q); h.combine(p.y) }
    }

    public var summary: String { points.map { "(\(format($0.q)), \(format($0.y)))" }.joined(separator: " ") }
}

/// Thresholds pass at equality, and a score computed as a ratio (k/n) that equals a threshold up to rounding
/// passes too: `a ≥ b` with a relative tolerance of 1e-12.
@inlinable
public func reaches(_ a: Double, _ b: Double) -> Bool {
    a >= b - 1e-12 * max(1, abs(b))
}
