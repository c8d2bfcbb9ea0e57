import Foundation
import APMEngine
import APMSampling
import APMSupport

/// The trials of an importance-sampled run ranked for the weighted estimators: worst first (margin ascending,
/// ties by the lower trial index, as `TailRecords` ranks them), with the cumulative weight from the worst.
///
/// Every estimator is a mean over all n trials of weighted terms wᵢ·h(trialᵢ), so its standard error is the
/// sample s.d. of those terms over √n — the weighted influence function. For VaR and TVaR the terms are those
/// of the tail's estimating equations (below). Under the tilt, E[w] = 1 and the estimators are unbiased (VaR
/// and TVaR consistent, as without the tilt).
package struct WeightedSample {
    package let trials: WeightedTrials
    package let n: Int
    /// Trial positions (0-based in the run), worst first.
    package let order: [Int]
    /// cumulative[j]: Σ of the weights of the j + 1 worst trials.
    package let cumulative: [Double]

    package init(_ trials: WeightedTrials) {
        self.trials = trials
        n = trials.count
        let m = trials.margins
        order = Array(0..<n).sorted { m[$0] < m[$1] || (m[$0] == m[$1] && $0 < $1) }
        var running = 0.0
        cumulative = order.map { running += trials.weights[$0]; return running }
    }

    /// The mean of `term(i)` over the n trials with its stratified standard error (`WeightedTrials.mean`).
    package func mean(_ term: (Int) -> Double) -> (value: Double, standardError: Double, skewness: Double) {
        trials.mean(term)
    }

    /// The weighted mean of `value(i)`, Σ wᵢ·value(i) / n, as an estimate.
    package func estimate(_ value: (Int) -> Double) -> Estimate {
        let w = trials.weights
        let m = mean { w[$0] * value($0) }
        return Estimate(value: m.value, standardError: m.standardError)
    }

    /// The weighted probability of `happens(i)`; with no trial where it happens, 0 with the one-sided 95% upper
    /// bound 1 − 0.05^(1/m) of the m trials drawn untilted (`DefensiveMixture`), which alone are a plain sample.
    package func probability(_ happens: (Int) -> Bool) -> Estimate {
        guard (0..<n).contains(where: happens) else {
            let untilted = (0..<n).reduce(0) { $0 + (DefensiveMixture.drawsTilted(trials.firstTrial + $1) ? 0 : 1) }
            return Estimate(value: 0, noErrorBecause: "no event in \(n) importance-sampled trials",
                            upperBound95: untilted > 0 ? -expm1(log(0.05) / Double(untilted)) : 1)
        }
        return estimate { happens($0) ? 1 : 0 }
    }

    /// The rank j (0-based, worst first) of the first trial whose cumulative weight exceeds `mass` (or, with
    /// `inclusive`, reaches it); the last trial when none does.
    package func rank(atCumulative mass: Double, inclusive: Bool = false) -> Int {
        var lo = 0, hi = n - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            let past = inclusive ? cumulative[mid] >= mass : cumulative[mid] > mass
            if past { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Margin of the trial of rank j (0-based, worst first).
    package func margin(rank j: Int) -> Double { trials.margins[order[j]] }

    /// The q-quantile of the margin, the smallest m with F_w(m) = Σ_{Mᵢ ≤ m} wᵢ / n ≥ q, with a 95% interval
    /// from the standard error of F_w there (s.d. of wᵢ·1{Mᵢ ≤ m} over √n).
    package func marginQuantile(_ q: Double) -> QuantileEstimate {
        let nd = Double(n)
        let j = rank(atCumulative: q * nd, inclusive: true)
        let m = margin(rank: j)
        let w = trials.weights
        let s = mean { w[$0] * (trials.margins[$0] <= m ? 1 : 0) }.standardError
        let half = SkewedMeanInterval.z * s * nd
        let lower = margin(rank: rank(atCumulative: q * nd - half, inclusive: true))
        let upper = margin(rank: rank(atCumulative: q * nd + half, inclusive: true))
        return QuantileEstimate(value: m, lower: lower, upper: upper, sampleTrials: n)
    }
}
