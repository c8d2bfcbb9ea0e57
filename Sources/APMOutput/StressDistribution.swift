import APMAnalysis
import APMRisk

extension StressOutput {
    /// The run whose margin distribution a stress document shows: the base run (scenarios, sensitivity), or the
    /// run at the breaking size (reverse stress).
    public var distribution: MarginDistribution {
        switch self {
        case let .comparison(c): return c.base.distribution
        case let .sensitivity(s): return s.base.distribution
        case let .reverse(r): return MarginDistribution(outcome: r.outcome, levels: r.report.tails.map(\.level))
        }
    }
}
