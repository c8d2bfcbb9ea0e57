import CGSL
import Foundation

/// Distribution functions and quantiles of the cost and count families, from GSL's `gsl_cdf_*` and
/// `gsl_ran_*_pdf`, for `apmrisk exact`, which discretises them onto a lattice instead of sampling them.
/// Every function returns nil for a family it does not know, so a new family is refused by `exact` rather than
/// mistreated.
extension ContinuousDistribution {
    /// P(X ≤ x).
    package func cdf(_ x: Double) -> Double? {
        GSL.prepare()
        switch self {
        case let .lognormal(z, s): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, z, s)
        case let .gamma(a, b): return x <= 0 ? 0 : gsl_cdf_gamma_P(x, a, b)
        case let .weibull(a, b): return x <= 0 ? 0 : gsl_cdf_weibull_P(x, a, b)
        case let .pareto(a, b): return x < b ? 0 : gsl_cdf_pareto_P(x, a, b)
        case let .exponential(mu): return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mu)
        case let .normal(m, s): return gsl_cdf_gaussian_P(x - m, s)
        case let .constant(v): return x >= v ? 1 : 0
        }
    }

    /// P(X < x): equal to `cdf` except at an atom (a constant).
    package func cdfBelow(_ x: Double) -> Double? {
        if case let .constant(v) = self { return x > v ? 1 : 0 }
        return cdf(x)
    }

    /// x with P(X > x) = q, 0 < q < 1, from the upper tail (accurate for tiny q).
    package func upperQuantile(_ q: Double) -> Double? {
        GSL.prepare()
        switch self {
        case let .lognormal(z, s): return gsl_cdf_lognormal_Qinv(q, z, s)
        case let .gamma(a, b): return gsl_cdf_gamma_Qinv(q, a, b)
        case let .weibull(a, b): return gsl_cdf_weibull_Qinv(q, a, b)
        case let .pareto(a, b): return gsl_cdf_pareto_Qinv(q, a, b)
        case let .exponential(mu): return gsl_cdf_exponential_Qinv(q, mu)
        case let .normal(m, s): return m + gsl_cdf_gaussian_Qinv(q, s)
        case let .constant(v): return v
        }
    }

    /// x with P(X ≤ x) = p, 0 < p < 1, from the lower tail (accurate for tiny p).
    package func lowerQuantile(_ p: Double) -> Double? {
        GSL.prepare()
        switch self {
        case let .lognormal(z, s): return gsl_cdf_lognormal_Pinv(p, z, s)
        case let .gamma(a, b): return gsl_cdf_gamma_Pinv(p, a, b)
        case let .weibull(a, b): return gsl_cdf_weibull_Pinv(p, a, b)
        case let .pareto(a, b): return gsl_cdf_pareto_Pinv(p, a, b)
        case let .exponential(mu): return gsl_cdf_exponential_Pinv(p, mu)
        case let .normal(m, s): return m + gsl_cdf_gaussian_Pinv(p, s)
        case let .constant(v): return v
        }
    }
}

extension CountDistribution {
    /// P(K = k) (`gsl_ran_poisson_pdf`, `gsl_ran_negative_binomial_pdf`); nil for a shocked (`scaled`) count.
    package func probability(_ k: Int) -> Double? {
        GSL.prepare()
        guard k >= 0 else { return 0 }
        switch self {
        case let .fixed(n): return k == n ? 1 : 0
        case let .poisson(mu): return gsl_ran_poisson_pdf(UInt32(clamping: k), mu)
        case let .negativeBinomial(p, n): return gsl_ran_negative_binomial_pdf(UInt32(clamping: k), p, n)
        case .scaled: return nil
        }
    }
}

extension GSL {
    /// P(X ≤ x) for X ~ Gamma(shape a, scale b) (`gsl_cdf_gamma_P`).
    public static func gammaCDF(_ x: Double, shape a: Double, scale b: Double) -> Double {
        prepare()
        return gsl_cdf_gamma_P(x, a, b)
    }
}
