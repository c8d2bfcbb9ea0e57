/// A Monte Carlo estimate and its standard error, in the metric's own units.
public struct Estimate: Sendable, Hashable {
    public let value: Double
    public let standardError: Double

    public init(value: Double, standardError: Double) {
        self.value = value
        self.standardError = standardError
    }
}

/// An empirical quantile with a 95% confidence interval from order statistics.
public struct QuantileEstimate: Sendable, Hashable {
    /// The quantile (dollars).
    public let value: Double
    /// 95% confidence interval: the order statistics at ranks n·q ∓ 1.96·√(n·q·(1 − q)).
    public let lower: Double
    public let upper: Double
    /// The trials it was estimated from (all of them, or the first ones for middle percentiles of a huge run).
    public let sampleTrials: Int

    /// A standard error implied by the interval: its half-width over 1.96.
    public var standardError: Double { (upper - lower) / (2 * 1.959963984540054) }
}

/// Rank arithmetic for empirical quantiles.
public enum QuantileRank {
    /// ⌈q·n⌉, with q·n that is within rounding of a whole number taken as that number (0.99·100 is 99).
    public static func ceilingRank(_ q: Double, of n: Int) -> Int {
        let x = q * Double(n)
        let nearest = x.rounded()
        let r = abs(x - nearest) <= 1e-9 * max(1, x) ? nearest : x.rounded(.up)
        return min(n, max(1, Int(saturating: r, nan: 1)))
    }

    /// The ranks bounding a 95% confidence interval for the q-quantile of n (normal approximation to the
    /// binomial count of observations below the quantile).
    public static func confidenceRanks(_ q: Double, of n: Int) -> (lower: Int, upper: Int) {
        let nd = Double(n)
        let half = 1.959963984540054 * (nd * q * (1 - q)).squareRoot()
        let lower = Int(saturating: nd * q - half, rounding: .down, nan: 1)
        let upper = Int(saturating: nd * q + half, rounding: .up, nan: n)
        return (min(n, max(1, lower)), min(n, max(1, upper)))
    }

    /// The q-quantile of n ordered values with its confidence interval; `value(r)` gives the rank-r value.
    static func estimate(_ q: Double, of n: Int, _ value: (Int) -> Double) -> QuantileEstimate {
        let ranks = confidenceRanks(q, of: n)
        return QuantileEstimate(value: value(ceilingRank(q, of: n)), lower: value(ranks.lower),
                                upper: value(ranks.upper), sampleTrials: n)
    }
}
