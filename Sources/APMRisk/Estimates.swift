import Foundation
import APMEngine
import APMSampling
import APMSupport

/// A Monte Carlo estimate and its standard error, in the metric's own units.
///
/// Where no honest standard error exists (too few tail trials; a probability with no event seen), the
/// estimate carries the reason in `errorNote` instead, its `standardError` is +∞ (so no precision target
/// counts it as met and no interval claims coverage), and outputs print the note, never the infinity.
public struct Estimate: Sendable, Hashable {
    public let value: Double
    public let standardError: Double
    /// Why there is no standard error, or nil when there is one.
    public let errorNote: String?
    /// A one-sided 95% upper confidence bound, where it replaces the standard error (a probability of an event
    /// never seen in n trials: 1 − 0.05^(1/n), about 3/n).
    public let upperBound95: Double?

    /// An estimate with its standard error; a standard error that is NaN or infinite (its computation overflowed
    /// a double: figures beyond about 1e77 dollars have a fourth moment beyond 1e308) becomes no error, with that
    /// reason, never a number.
    public init(value: Double, standardError: Double) {
        self.value = value
        upperBound95 = nil
        if standardError.isFinite && standardError >= 0 {
            self.standardError = standardError
            errorNote = nil
        } else {
            self.standardError = .infinity
            errorNote = "the standard error overflows a double (figures this large are beyond its range)"
        }
    }

    /// An estimate without an honest standard error, and why; optionally a 95% upper bound instead.
    public init(value: Double, noErrorBecause note: String, upperBound95: Double? = nil) {
        self.value = value
        standardError = .infinity
        errorNote = note
        self.upperBound95 = upperBound95
    }

    /// Whether a standard error is reported.
    public var hasStandardError: Bool { errorNote == nil }

    /// A probability estimated from `events` of `trials` trials: p̂ with √(p̂(1 − p̂)/n), or, with no event
    /// seen, 0 with the one-sided 95% upper bound 1 − 0.05^(1/n) (with every trial an event, 1 and the
    /// matching lower bound is 0.05^(1/n), reported as a note).
    public static func probability(events: Int, trials: Int) -> Estimate {
        let n = Double(trials)
        if events == 0 {
            let bound = -expm1(log(0.05) / n)
            return Estimate(value: 0, noErrorBecause: "no event in \(trials) trials", upperBound95: bound)
        }
        if events == trials {
            return Estimate(value: 1, noErrorBecause: "an event in every one of \(trials) trials (95% lower bound \(exp(log(0.05) / n)))")
        }
        let p = Double(events) / n
        return Estimate(value: p, standardError: (p * (1 - p) / n).squareRoot())
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
        min(n, max(1, wholeCount(q * Double(n))))
    }

    /// x rounded up to a whole count, with x within rounding of a whole number taken as that number
    /// ((1 − 0.995)·2,000 is 10, not 11).
    public static func wholeCount(_ x: Double) -> Int {
        let nearest = x.rounded()
        return Int(saturating: abs(x - nearest) <= 1e-9 * max(1, abs(x)) ? nearest : x.rounded(.up))
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
    package static func estimate(_ q: Double, of n: Int, _ value: (Int) -> Double) -> QuantileEstimate {
        let ranks = confidenceRanks(q, of: n)
        return QuantileEstimate(value: value(ceilingRank(q, of: n)), lower: value(ranks.lower),
                                upper: value(ranks.upper), sampleTrials: n)
    }
}
