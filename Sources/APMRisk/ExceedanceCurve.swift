import APMEngine
import APMSupport

/// The empirical exceedance curve of the loss, P(L > x) against x (dollars; L = −M), for plotting on a log
/// probability axis with its confidence band.
///
/// Every point is an exact count of the run's trials, #{M < −x} / n, with its binomial standard error
/// √(p(1 − p)/n): where the run kept the exact lowest margins (all of them up to `MarginTails.storeAllLimit`
/// trials), at order statistics x = −M₍ⱼ₎ for j = 2, 3, … growing by about 6% a step (so about 40 points a
/// decade of probability); beyond the kept tail, at the histogram's bin edges, whose counts are exact too.
/// Points with no trial beyond x are left out (log axis).
public struct ExceedanceCurve: Sendable {
    public struct Point: Sendable, Hashable {
        /// x, dollars of loss.
        public let loss: Double
        /// Trials with L > x.
        public let exceeding: Int
        /// P(L > x) with its binomial standard error.
        public let probability: Estimate
    }

    public let trials: Int
    /// Ascending in x (so descending in probability).
    public let points: [Point]

    /// Histogram edges used beyond the kept tail, at most this many.
    static let maxEdgePoints = 128

    public init(statistics: OrderStatistics, histogram: MarginHistogram) {
        let n = statistics.trials
        trials = n
        var byMargin: [(margin: Double, below: Int)] = []   // ascending margin
        let low = statistics.lowest
        // Order statistics: j = 2, 3, … (1-based ranks), growing geometrically, and the last kept one.
        var ranks: [Int] = []
        var j = 2.0
        while Int(j) <= low.count {
            if ranks.last != Int(j) { ranks.append(Int(j)) }
            j = max(j + 1, j * 1.06)
        }
        if low.count >= 2, ranks.last != low.count { ranks.append(low.count) }
        for r in ranks {
            let m = low[r - 1]
            byMargin.append((m, Exceedance.countBelow(m, in: low)))
        }
        // Beyond the kept tail: histogram edges above the last kept margin.
        if !statistics.isComplete, histogram.total == n, let lastKept = low.last {
            let occupied = histogram.occupied
            let step = max(1, occupied.count / Self.maxEdgePoints)
            for i in stride(from: occupied.lowerBound + 1, through: occupied.upperBound, by: step) {
                let edge = histogram.lowerEdge(i)
                if edge > lastKept { byMargin.append((edge, histogram.count(below: edge))) }
            }
        }
        var seen = Set<Double>()
        points = byMargin.filter { $0.below > 0 && seen.insert($0.margin).inserted }
            .sorted { $0.margin > $1.margin }
            .map { Point(loss: -$0.margin, exceeding: $0.below,
                         probability: Estimate.probability(events: $0.below, trials: n)) }
    }
}
