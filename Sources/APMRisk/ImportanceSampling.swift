import Foundation
import APMEngine
import APMSampling
import APMSupport

/// What a report says about its importance sampling: the tilt the trials were drawn under, the effective
/// sample size and the mean weight (an estimate of E_tilted[w] = 1, a check on the tilt's likelihood ratios).
public struct ImportanceSummary: Sendable, Hashable {
    public let tilt: Tilt
    /// (Σw)²/Σw²: how many untilted trials the weighted sample is worth for a figure spread over the whole
    /// distribution (E[M]); the tail figures gain where the weights in the tail are small and even.
    public let effectiveSampleSize: Double
    /// Σw/n with its standard error: 1 within error when the tilt's likelihood ratios are right.
    public let meanWeight: Estimate
}

extension RiskReport {
    /// The report of an importance-sampled run (`SimulationOutcome.weighted`): every figure a weighted estimate
    /// over the tilted trials (`WeightedSample`, `WeightedSample.tail`), with its standard error.
    init(weighted trials: WeightedTrials, tilt: Tilt, outcome: SimulationOutcome, levels: [Double], revenue: Double,
         percentiles: [Double], exceedances: [Double]) {
        let s = WeightedSample(trials)
        let w = trials.weights, m = trials.margins
        self.trials = s.n
        lossProbability = s.probability { m[$0] < 0 }
        expectedMargin = s.estimate { m[$0] }
        // SD² = E_w[M²] − E_w[M]²; its s.e. from the influence terms (w·M² − 2·E[M]·w·M) / (2·SD).
        let mean = expectedMargin.value
        let second = s.mean { w[$0] * m[$0] * m[$0] }.value
        let sd = max(0, second - mean * mean).squareRoot()
        let sdError = sd > 0 ? s.mean { w[$0] * (m[$0] * m[$0] - 2 * mean * m[$0]) / (2 * sd) }.standardError : 0
        marginStandardDeviation = Estimate(value: sd, standardError: sdError)
        self.revenue = revenue
        expectedMarginRatio = Estimate(value: mean / revenue, standardError: expectedMargin.standardError / revenue)
        orderStatistics = outcome.orderStatistics
        let tails = levels.map { s.tail(level: $0) }
        self.tails = tails.map(\.risk)
        tailBreakdowns = tails.map(\.breakdown)
        breakdown = trials.componentNames.enumerated().map { k, name in
            (name, s.estimate { trials.component(k, trial: $0) })
        }
        eventProbabilities = trials.eventNames.enumerated().map { e, name in
            (name, s.probability { trials.event(e, trial: $0) })
        }
        self.percentiles = percentiles.map { ($0, s.marginQuantile($0)) }
        self.exceedances = exceedances.map { x in Exceedance(loss: x, probability: s.probability { m[$0] < -x }, sampleTrials: s.n) }
        let meanWeight = trials.meanWeight
        importance = ImportanceSummary(tilt: tilt, effectiveSampleSize: trials.effectiveSampleSize,
                                       meanWeight: Estimate(value: meanWeight.value, standardError: meanWeight.standardError))
    }
}

extension Exceedance {
    init(loss: Double, probability: Estimate, sampleTrials: Int) {
        self.loss = loss
        self.probability = probability
        self.sampleTrials = sampleTrials
    }
}
