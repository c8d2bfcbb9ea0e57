import APMSupport

extension QuantileRank {
    /// Whether n trials give the q-quantile an honest order-statistic interval: both ranks n·q ∓ 1.96·√(n·q·(1 − q))
    /// fall within 1 … n, so neither end is clipped to the sample's minimum or maximum.
    public static func hasInterval(_ q: Double, of n: Int) -> Bool {
        let nd = Double(n)
        let half = 1.959963984540054 * (nd * q * (1 - q)).squareRoot()
        return nd * q - half >= 1 && nd * q + half <= nd
    }

    /// The fewest trials that give the q-quantile an honest order-statistic interval (`hasInterval`); nil beyond
    /// 10¹⁵ trials.
    public static func trialsForInterval(_ q: Double) -> Int? {
        var high = 1
        while !hasInterval(q, of: high) {
            if high > 1 << 50 { return nil }
            high *= 2
        }
        var low = high / 2
        while high - low > 1 {
            let mid = (low + high) / 2
            if hasInterval(q, of: mid) { high = mid } else { low = mid }
        }
        return high
    }
}
