/// Value at risk and tail value at risk of the loss L = −M at one confidence level α.
public struct TailRisk: Sendable, Hashable {
    /// α, e.g. 0.99.
    public let level: Double
    /// VaR_α(L): the ⌈α·n⌉-th smallest loss, dollars. Negative means a gain even in the bad tail.
    public let valueAtRisk: QuantileEstimate
    /// TVaR_α(L) = E[L | L ≥ VaR_α]: the mean of the losses of rank ⌈α·n⌉ … n, dollars, with the asymptotic
    /// standard error √((Var[L | L ≥ VaR] + α·(TVaR − VaR)²) / m), m the number of trials averaged.
    public let tailValueAtRisk: Estimate
    /// m: how many trials the TVaR averages.
    public let tailTrials: Int

    /// Computes both measures at `level` from a run's exact lowest margins.
    static func estimate(level alpha: Double, from statistics: OrderStatistics) -> TailRisk {
        let n = statistics.trials
        // Loss rank r (ascending L) is margin rank n − r + 1 (ascending M).
        func loss(rank r: Int) -> Double { -statistics.margin(rank: n - r + 1)! }
        let lossQuantile = QuantileRank.estimate(alpha, of: n, loss)
        // The loss CI's upper end is the lower margin rank; swap so lower ≤ upper holds for L.
        let valueAtRisk = QuantileEstimate(value: lossQuantile.value, lower: min(lossQuantile.lower, lossQuantile.upper),
                                           upper: max(lossQuantile.lower, lossQuantile.upper), sampleTrials: n)
        let m = n - QuantileRank.ceilingRank(alpha, of: n) + 1
        let firstPass = statistics.lowestSum(count: m, centre: 0)
        let tailMean = -firstPass.sum / Double(m)                    // TVaR of L
        let spread = statistics.lowestSum(count: m, centre: -tailMean).squares
        let tailVariance = m > 1 ? spread / Double(m - 1) : 0
        let gap = tailMean - valueAtRisk.value
        let se = ((tailVariance + alpha * gap * gap) / Double(m)).squareRoot()
        return TailRisk(level: alpha, valueAtRisk: valueAtRisk,
                        tailValueAtRisk: Estimate(value: tailMean, standardError: se), tailTrials: m)
    }
}
