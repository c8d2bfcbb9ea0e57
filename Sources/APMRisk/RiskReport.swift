import APMEngine
import APMSampling

/// The provider's risk under one contract: every metric with its Monte Carlo error.
///
/// Sign conventions: margin M > 0 is a gain for the provider; loss L = −M. Money in dollars per period.
public struct RiskReport: Sendable {
    /// The percentiles of M reported by default (as fractions).
    public static let percentileLevels = RunSettings.defaultPercentiles

    /// n: trials simulated.
    public let trials: Int
    /// P(M < 0), with standard error √(p(1 − p)/n); with no loss seen, 0 and a 95% upper bound instead.
    public let lossProbability: Estimate
    /// E[M], with standard error SD/√n.
    public let expectedMargin: Estimate
    /// SD(M), with the large-sample standard error √((μ₄ − σ⁴)/(4σ²n)).
    public let marginStandardDeviation: Estimate
    /// The revenue fractions are measured against (bundle E[N]·b, capitation k·n·m, shared risk B).
    public let revenue: Double
    /// E[M] / revenue, with its standard error.
    public let expectedMarginRatio: Estimate
    /// VaR and TVaR of the loss at each requested level, in the order asked.
    public let tails: [TailRisk]
    /// Percentiles of M at the levels asked for (`percentileLevels` by default), in that order: exact where
    /// the run kept their ranks, else from the middle sample (`QuantileEstimate.sampleTrials` says which).
    public let percentiles: [(level: Double, estimate: QuantileEstimate)]
    /// P(L > x) at each loss x asked for, in that order, with its binomial standard error.
    public let exceedances: [Exceedance]
    /// The exact order statistics the quantiles came from.
    public let orderStatistics: OrderStatistics
    /// E[component] of each component of M, in chain order (`Contract.componentNames`), each with the
    /// standard error of its mean; the means add up to E[M] up to rounding. Empty when the outcome has none.
    public let breakdown: [(name: String, estimate: Estimate)]
    /// The probability of each event (a limit binds, a gate fails, a corridor band is reached), with its
    /// binomial standard error.
    public let eventProbabilities: [(name: String, estimate: Estimate)]
    /// At each level of `tails` (in that order), E[component | the (1 − α)·n worst trials] of each component of
    /// M, adding up to −TVaR (`TailBreakdown`). Empty when the outcome kept no trial records.
    public let tailBreakdowns: [TailBreakdown]
    /// The tilt, effective sample size and mean weight of an importance-sampled run (every figure above is then
    /// a weighted estimate, `RiskReport.init(weighted:…)`); nil for an untilted run.
    public internal(set) var importance: ImportanceSummary?

    /// Derives every metric from a finished run: VaR and TVaR at `levels`, the margin's `percentiles`
    /// (fractions) and P(L > x) at each loss x of `exceedances` (dollars).
    public init(outcome: SimulationOutcome, levels: [Double], revenue: Double,
                percentiles: [Double] = RiskReport.percentileLevels, exceedances: [Double] = []) {
        if let weighted = outcome.weighted, let tilt = outcome.tilt {
            self = RiskReport(weighted: weighted, tilt: tilt, outcome: outcome, levels: levels, revenue: revenue,
                              percentiles: percentiles, exceedances: exceedances)
            return
        }
        let n = outcome.trials
        let nd = Double(n)
        trials = n
        lossProbability = Estimate.probability(events: outcome.losses, trials: n)
        let m = outcome.moments
        expectedMargin = Estimate(value: m.mean, standardError: m.standardErrorOfMean)
        marginStandardDeviation = Estimate(value: m.standardDeviation, standardError: m.standardErrorOfStandardDeviation)
        self.revenue = revenue
        expectedMarginRatio = Estimate(value: m.mean / revenue, standardError: m.standardErrorOfMean / revenue)
        let statistics = outcome.orderStatistics
        orderStatistics = statistics
        tails = levels.map { TailRisk.estimate(level: $0, from: statistics) }
        let b = outcome.breakdown
        breakdown = b.map { b in
            zip(b.componentNames, b.components).map { ($0, Estimate(value: $1.mean, standardError: $1.standardErrorOfMean)) }
        } ?? []
        eventProbabilities = b.map { b in
            zip(b.eventNames, b.eventCounts).map { ($0, Estimate.probability(events: $1, trials: n)) }
        } ?? []
        tailBreakdowns = outcome.tailTrials.map { records in
            levels.compactMap { TailBreakdown.estimate(level: $0, trials: n, records: records) }
        } ?? []
        self.percentiles = percentiles.map { ($0, statistics.percentile($0)) }
        self.exceedances = exceedances.map { x in
            outcome.exceedanceCounts[x].map { Exceedance(loss: x, exceeding: $0, trials: n) } ?? Exceedance(loss: x, from: statistics)
        }
    }
}

extension OrderStatistics {
    /// The q-quantile of the margin with its order-statistic interval: exact where the run kept the ranks of the
    /// estimate and of both interval ends, else from the middle sample (the first trials of a huge run).
    public func percentile(_ q: Double) -> QuantileEstimate {
        let n = trials
        let r = QuantileRank.confidenceRanks(q, of: n)
        let c = QuantileRank.ceilingRank(q, of: n)
        if margin(rank: r.lower) != nil, margin(rank: r.upper) != nil, margin(rank: c) != nil {
            return QuantileRank.estimate(q, of: n) { margin(rank: $0)! }
        }
        let sample = middleSample
        return QuantileRank.estimate(q, of: sample.count) { sample[$0 - 1] }
    }
}

extension RiskReport {
    /// The tail breakdown at `level`, if the run kept the records for it.
    public func tailBreakdown(at level: Double) -> TailBreakdown? { tailBreakdowns.first { $0.level == level } }

    /// The tail measures at `level`, computed from this report's order statistics if it was not a report level.
    public func tail(at level: Double) -> TailRisk {
        if let t = tails.first(where: { $0.level == level }) { return t }
        return TailRisk.estimate(level: level, from: orderStatistics)
    }
}
