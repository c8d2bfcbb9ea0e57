import APMEngine
import APMSupport

/// P(L > x): the probability that the loss L = −M exceeds x dollars (a negative x is a gain of |x|), with its
/// binomial standard error √(p(1 − p)/n), or, with no trial beyond x, 0 and the one-sided 95% upper bound
/// (`Estimate.probability`).
///
/// Counted exactly, #{M < −x} / n: by the engine while it merged the blocks when the run was asked for x (`simulate`,
/// `stress`), else wherever the run kept the margins that decide the count: every margin (runs up to
/// `MarginTails.storeAllLimit`), −x within the kept lowest margins, or −x above the kept highest margins.
/// Otherwise (a re-settled price on a huge run, an x in the body) it is counted in the middle sample, the first
/// `MarginTails.middleSampleSize` trials, and `sampleTrials` says so; the standard error is then that sample's.
public struct Exceedance: Sendable, Hashable {
    /// x, dollars of loss.
    public let loss: Double
    /// P(L > x), a fraction.
    public let probability: Estimate
    /// The trials counted: all of them, or the middle sample's.
    public let sampleTrials: Int

    /// `exceeding` of `trials` trials beyond x, counted exactly.
    public init(loss x: Double, exceeding: Int, trials: Int) {
        loss = x
        probability = Estimate.probability(events: exceeding, trials: trials)
        sampleTrials = trials
    }

    public init(loss x: Double, from statistics: OrderStatistics) {
        loss = x
        let threshold = -x
        let n = statistics.trials
        let low = statistics.lowest, high = statistics.highest
        if statistics.isComplete || (!low.isEmpty && threshold <= low[low.count - 1]) {
            probability = Estimate.probability(events: Self.countBelow(threshold, in: low), trials: n)
            sampleTrials = n
        } else if !high.isEmpty && threshold > high[0] {
            let atOrAbove = high.count - Self.countBelow(threshold, in: high)
            probability = Estimate.probability(events: n - atOrAbove, trials: n)
            sampleTrials = n
        } else {
            let sample = statistics.middleSample
            probability = Estimate.probability(events: Self.countBelow(threshold, in: sample), trials: sample.count)
            sampleTrials = sample.count
        }
    }

    /// Values of the ascending `sorted` strictly below `threshold` (binary search).
    package static func countBelow(_ threshold: Double, in sorted: [Double]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < threshold { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
