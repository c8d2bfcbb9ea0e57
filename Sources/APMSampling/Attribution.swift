import CGSL

/// How much of the period a member of a risk-adjusted capitation is attributed to the provider (attribution
/// churn, payment-designs.md §6): the member's **exposure**, months attributed ÷ months in the period.
/// Payment is PMPM × months attributed, and the member's cost scales with the exposure.
public enum Attribution: Sendable, Hashable {
    /// Every member the whole period: exposure 1, no draw.
    case full
    /// Every member `monthsAttributed` of the period's `months`: exposure monthsAttributed/months, no draw.
    case fixed(monthsAttributed: Double, months: Double)
    /// Each member's months attributed ~ Binomial(months, retention) (`gsl_ran_binomial`, one draw a member
    /// from the trial's attribution stream, `StreamPurpose.attribution`); exposure = that count ÷ months.
    case binomial(months: Int, retention: Double)

    /// The largest `months` a binomial attribution may have (GSL takes the count as a 32-bit unsigned integer).
    public static let maxBinomialMonths = 1_000_000

    /// E[exposure].
    public var meanExposure: Double {
        switch self {
        case .full: return 1
        case let .fixed(a, m): return a / m
        case let .binomial(_, r): return r
        }
    }

    /// Var[exposure].
    public var exposureVariance: Double {
        switch self {
        case .full, .fixed: return 0
        case let .binomial(m, r): return r * (1 - r) / Double(m)
        }
    }

    /// Whether a member's exposure takes a draw.
    public var draws: Bool {
        if case .binomial = self { return true }
        return false
    }

    /// One member's exposure; a binomial draws once from `stream`.
    @inlinable @inline(__always)
    public func exposure(_ stream: StreamHandle) -> Double {
        switch self {
        case .full: return 1
        case let .fixed(a, m): return a / m
        case let .binomial(m, r): return Double(gsl_ran_binomial(stream.rng, r, UInt32(truncatingIfNeeded: m))) / Double(m)
        }
    }
}
