import APMEngine
import APMSupport

/// How E[M], P(loss) and TVaR settled as trials were added: each figure, with its standard error, after
/// 1, 2, 4, 8, … blocks and after the last block (`ConvergenceCheckpoint`), merged in block order, so the trace
/// is the same on any number of threads. E[M] and P(loss) come from the moments merged so far, TVaR from the
/// exact tail merged so far, each by the same estimator as the final figures: the last point equals them.
public struct ConvergenceTrace: Sendable {
    /// One checkpoint's figures.
    public struct Point: Sendable {
        public let blocks: Int
        public let trials: Int
        /// E[M], dollars, with SD/√n.
        public let expectedMargin: Estimate
        /// P(M < 0), with √(p(1 − p)/n) (or an upper bound while no loss is seen).
        public let lossProbability: Estimate
        /// TVaR of the loss at `level`, dollars, with its skew-corrected standard error (none below
        /// `TailRisk.minimumTailTrials` tail trials).
        public let tailValueAtRisk: Estimate
    }

    /// The TVaR level α traced: the highest VaR/TVaR level of the run.
    public let level: Double
    public let points: [Point]

    public init(level: Double, checkpoints: [ConvergenceCheckpoint]) {
        self.level = level
        points = checkpoints.map { c in
            Point(blocks: c.blocks, trials: c.trials,
                  expectedMargin: Estimate(value: c.moments.mean, standardError: c.moments.standardErrorOfMean),
                  lossProbability: Estimate.probability(events: c.losses, trials: c.trials),
                  tailValueAtRisk: TailRisk.estimate(level: level, from: c.orderStatistics).tailValueAtRisk)
        }
    }
}
