import Foundation
import APMEngine
import APMSampling
import APMSupport

/// VaR, TVaR and the tail breakdown at level α from an importance-sampled run (`WeightedSample`).
///
/// - VaR_α(L): the smallest loss v with F_w(v) ≥ α, i.e. the loss of the first trial, ranked worst first, whose
///   cumulative weight exceeds n·(1 − α) (with every weight 1, the ⌈α·n⌉-th smallest loss, as `TailRisk`). Its
///   95% interval: the losses where the cumulative weight reaches n·((1 − α) ∓ 1.96·s), s the standard error of
///   the weighted exceedance probability at the VaR.
/// - TVaR_α(L) = (Σ over the trials before the VaR trial of wᵢ·Lᵢ + (n(1 − α) − their Σw)·L_VaR) / (n(1 − α)):
///   the VaR trial counted fractionally, so exactly n(1 − α) of weight is averaged. Standard error from the
///   weighted influence function: TVaR = VaR + Σ wᵢ·(Lᵢ − VaR)⁺ / (n(1 − α)), whose sensitivity to the VaR
///   vanishes at the VaR, so s.e. = s.d.(wᵢ·(Lᵢ − VaR)⁺) / (√n·(1 − α)), widened for the terms' skewness and
///   the tail trials as `TailRisk` does (`SkewedMeanInterval`); none below `TailRisk.minimumTailTrials` tail trials.
/// - the tail breakdown: E[c | tail] = Σ_tail wᵢ·cᵢ / (n(1 − α)) (the VaR trial fractionally), s.e. from the terms
///   wᵢ·(cᵢ − c_q)·1{tail} / (1 − α), c_q the mean of c over the 2⌊√m⌋ + 1 trials ranked around the VaR trial.
extension WeightedSample {
    package func tail(level alpha: Double) -> (risk: TailRisk, breakdown: TailBreakdown) {
        let nd = Double(n), mass = (1 - alpha) * nd
        let j = rank(atCumulative: mass)
        let vaR = -margin(rank: j)
        let before = j > 0 ? cumulative[j - 1] : 0
        let fraction = max(0, mass - before)
        let w = trials.weights
        // Tail weights: full before the VaR trial, the remainder of n(1 − α) on it.
        func tailWeight(_ rank: Int) -> Double { rank < j ? w[order[rank]] : rank == j ? fraction : 0 }
        var sum = 0.0
        for r in 0...j { sum += tailWeight(r) * -margin(rank: r) }
        let tvar = sum / mass
        let exceed = mean { i in w[i] * max(0, -trials.margins[i] - vaR) }
        let tailCount = j + 1
        let noError = tailCount >= TailRisk.minimumTailTrials ? nil
            : "only \(tailCount) importance-sampled trials in the tail; a standard error needs at least \(TailRisk.minimumTailTrials)"
        let widening = SkewedMeanInterval.widening(skewness: exceed.skewness, terms: nd, tailTrials: Double(tailCount))
        let tvarEstimate = noError.map { Estimate(value: tvar, noErrorBecause: $0) }
            ?? Estimate(value: tvar, standardError: exceed.standardError / (1 - alpha) * widening)
        // VaR's interval from the s.e. of the weighted exceedance probability at it.
        let p = mean { i in -trials.margins[i] > vaR ? w[i] : 0 }.standardError
        let half = SkewedMeanInterval.z * p * nd
        let lowerLoss = -margin(rank: rank(atCumulative: mass + half))
        let upperLoss = -margin(rank: rank(atCumulative: max(0, mass - half)))
        let valueAtRisk = QuantileEstimate(value: vaR, lower: min(lowerLoss, upperLoss), upper: max(lowerLoss, upperLoss),
                                           sampleTrials: n)
        let risk = TailRisk(level: alpha, valueAtRisk: valueAtRisk, tailValueAtRisk: tvarEstimate, tailTrials: tailCount)
        return (risk, breakdown(level: alpha, varRank: j, mass: mass, tailWeight: tailWeight, noError: noError))
    }

    private func breakdown(level alpha: Double, varRank j: Int, mass: Double, tailWeight: (Int) -> Double,
                           noError: String?) -> TailBreakdown {
        let nd = Double(n)
        let h = max(1, Int(Double(j + 1).squareRoot()))
        let window = max(0, j - h)...min(n - 1, j + h)
        var inTail = [Double](repeating: 0, count: n)   // each trial's tail weight, by position
        for r in 0...j { inTail[order[r]] = tailWeight(r) }
        var components: [(name: String, estimate: Estimate)] = []
        for (k, name) in trials.componentNames.enumerated() {
            var sum = 0.0
            for r in 0...j { sum += tailWeight(r) * trials.component(k, trial: order[r]) }
            let value = sum / mass
            if let noError {
                components.append((name, Estimate(value: value, noErrorBecause: noError)))
                continue
            }
            var atVaR = 0.0
            for r in window { atVaR += trials.component(k, trial: order[r]) }
            atVaR /= Double(window.count)
            let terms = mean { i in inTail[i] * (trials.component(k, trial: i) - atVaR) }
            let widening = SkewedMeanInterval.widening(skewness: abs(terms.skewness), terms: nd, tailTrials: Double(j + 1))
            components.append((name, Estimate(value: value, standardError: terms.standardError / (1 - alpha) * widening)))
        }
        return TailBreakdown(level: alpha, tailTrials: mass, components: components)
    }
}
