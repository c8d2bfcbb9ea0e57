import APMEngine
import APMSampling
import APMSupport

/// A target standard error: the run adds blocks, in block order, until the metric's standard error is at most
/// `absolute`, or at most `relative` × |metric|.
///
/// It is checked at checkpoints that depend only on the number of blocks done — every 16 blocks for P(loss)
/// and E[M], and whenever the block count has grown by a quarter for VaR and TVaR (whose check sorts the kept
/// tail) — so the stopping point, and every figure, is the same on any number of threads.
public struct PrecisionTarget: StoppingRule, Hashable, CustomStringConvertible {
    public let metric: RiskMetric
    public let absolute: Double?
    public let relative: Double?

    public init(metric: RiskMetric, absolute: Double? = nil, relative: Double? = nil) {
        self.metric = metric
        self.absolute = absolute
        self.relative = relative
    }

    /// Whether `estimate` is precise enough.
    public func isMet(by estimate: Estimate) -> Bool {
        if let absolute { return estimate.standardError <= absolute }
        if let relative { return estimate.standardError <= relative * abs(estimate.value) }
        return false
    }

    /// The metric's estimate so far: from the moments for P(loss) and E[M], from a sorted copy of the kept
    /// tail for VaR and TVaR.
    package func estimate(_ accumulator: MarginAccumulator, blocks: Int, blockTrials: Int, revenue: Double) -> Estimate {
        switch metric {
        case .lossProbability:
            return Estimate.probability(events: accumulator.losses, trials: accumulator.moments.count)
        case .expectedMargin:
            return Estimate(value: accumulator.moments.mean, standardError: accumulator.moments.standardErrorOfMean)
        default:
            let report = RiskReport(outcome: accumulator.snapshot(blocks: blocks, blockTrials: blockTrials),
                                    levels: [metric.level!], revenue: revenue)
            return metric.estimate(in: report)
        }
    }

    package var tailLevel: Double? { metric.level }

    package func isMet(_ accumulator: MarginAccumulator, blocks: Int, blockTrials: Int, revenue: Double) -> Bool {
        isMet(by: estimate(accumulator, blocks: blocks, blockTrials: blockTrials, revenue: revenue))
    }

    /// Under importance sampling: the weighted estimate's standard error (`RiskReport.init(weighted:…)`).
    package func isMet(_ weighted: WeightedTrials, revenue: Double) -> Bool {
        var outcome = SimulationOutcome(trials: weighted.count, moments: Moments(), losses: 0,
                                        orderStatistics: OrderStatistics(trials: weighted.count, lowest: [], highest: [], middleSample: []),
                                        blockTrials: 1, blocks: 1, threads: 1, elapsedSeconds: 0)
        outcome.weighted = weighted
        outcome.tilt = Tilt.none
        let report = RiskReport(outcome: outcome, levels: metric.level.map { [$0] } ?? [], revenue: revenue, percentiles: [])
        return isMet(by: metric.estimate(in: report))
    }

    /// The next block count to check at, after a check at `blocks`.
    package func nextCheckpoint(after blocks: Int) -> Int {
        let step = 16
        guard metric.level != nil else { return blocks + step }
        let grown = Int(saturating: Double(blocks) * 1.25, rounding: .up)
        return max(blocks + step, (grown + step - 1) / step * step)
    }

    public var description: String {
        if let absolute { return "s.e. of \(metric) ≤ \(absolute)" }
        return "s.e. of \(metric) ≤ \((relative ?? 0) * 100)% of its value"
    }
}
