import APMEngine
import APMSupport

/// The shape of a run's margin for charts: the histogram of every margin, the exceedance curve of the loss and
/// the convergence trace (when the run recorded one).
public struct MarginDistribution: Sendable {
    /// Every margin, binned (dollars).
    public let histogram: MarginHistogram
    /// P(L > x), exact counts with binomial errors.
    public let exceedanceCurve: ExceedanceCurve
    /// E[M], P(loss) and TVaR at the highest level after 1, 2, 4, … blocks; nil when the run kept no checkpoints.
    public let convergence: ConvergenceTrace?

    /// The distribution of `outcome`; the convergence trace is of the TVaR at the highest of `levels`.
    public init(outcome: SimulationOutcome, levels: [Double]) {
        histogram = outcome.histogram
        exceedanceCurve = ExceedanceCurve(statistics: outcome.orderStatistics, histogram: outcome.histogram)
        if let level = levels.max(), !outcome.convergence.isEmpty {
            convergence = ConvergenceTrace(level: level, checkpoints: outcome.convergence)
        } else {
            convergence = nil
        }
    }
}
