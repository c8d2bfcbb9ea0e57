import Foundation
import CGSL
import APMSupport

/// The distribution of a trial's quality score Q, drawn once per trial from its own stream
/// (`StreamPurpose.quality`), so adding quality to a model reshuffles no cost draw.
public enum QualityScore: Sendable, Hashable {
    /// Always q.
    case fixed(Double)
    /// Beta by mean m and sd: a = m·k, b = (1 − m)·k with k = m(1 − m)/sd² − 1 (`gsl_ran_beta`).
    case beta(mean: Double, sd: Double)
    /// An observed rate: k ~ Binomial(n, p) events among n cases (`gsl_ran_binomial`); Q = k/n, or 1 − k/n
    /// when `complement` (a measure where fewer events is better), divided by `expected` when given (HRRP's
    /// excess readmission ratio ERR = (k/n)/p_expected).
    case observedRate(cases: Int, probability: Double, complement: Bool, expected: Double?)
    /// One of `values` with the given probabilities (`gsl_ran_discrete`).
    case discrete(values: [Double], probabilities: [Double])

    /// E[Q].
    public var mean: Double {
        switch self {
        case let .fixed(q): return q
        case let .beta(m, _): return m
        case let .observedRate(_, p, complement, expected):
            let rate = complement ? 1 - p : p
            return expected.map { rate / $0 } ?? rate
        case let .discrete(values, probabilities):
            let total = probabilities.reduce(0, +)
            return zip(values, probabilities).reduce(0) { $0 + $1.0 * $1.1 } / total
        }
    }

    /// Beta parameters (a, b) for mean m and sd s.
    public static func betaParameters(mean m: Double, sd s: Double) -> (a: Double, b: Double) {
        let k = m * (1 - m) / (s * s) - 1
        return (m * k, (1 - m) * k)
    }

    /// The rule mean and sd break for a beta, or nil: 0 < m < 1 and 0 < sd² < m(1 − m).
    public static func betaViolation(mean m: Double, sd s: Double) -> String? {
        guard m > 0 && m < 1 else { return "a beta quality score needs a mean strictly between 0 and 1, got \(format(m))" }
        guard s > 0 && s * s < m * (1 - m) else {
            return "a beta quality score with mean \(format(m)) needs 0 < sd < \(format((m * (1 - m)).squareRoot())), got \(format(s))"
        }
        let (a, b) = betaParameters(mean: m, sd: s)
        guard a <= 1e9 && b <= 1e9 else {
            return "a beta quality score this narrow (mean \(format(m)), sd \(format(s))) has parameters above 1e9; use fixed: \(format(m))"
        }
        return nil
    }
}

/// A quality score compiled for drawing: the discrete table preprocessed once per worker.
package final class QualitySampler {
    private let score: QualityScore
    private let table: UnsafeMutablePointer<gsl_ran_discrete_t>?
    private let beta: (a: Double, b: Double)

    package init(_ score: QualityScore) {
        self.score = score
        if case let .discrete(_, probabilities) = score {
            table = probabilities.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
        } else {
            table = nil
        }
        if case let .beta(m, s) = score { beta = QualityScore.betaParameters(mean: m, sd: s) } else { beta = (1, 1) }
    }

    deinit { if let table { gsl_ran_discrete_free(table) } }

    /// One draw of Q loading on the systematic factor: the normal behind Q is ρ·z + √(1 − ρ²)·ε with z the
    /// normal score of the trial's Θ and ε one `gsl_ran_ugaussian` draw, and Q the score's quantile at Φ of it
    /// (a Gaussian copula: Q keeps its own distribution, and corr(z, normal of Q) = ρ).
    package func sample(_ stream: StreamHandle, loading rho: Double, on z: Double) -> Double {
        let e = gsl_ran_ugaussian(stream.rng)
        let u = min(max(gsl_cdf_ugaussian_P(rho * z + (1 - rho * rho).squareRoot() * e), 1e-300), 1 - 1e-16)
        switch score {
        case let .fixed(q): return q
        case .beta: return gsl_cdf_beta_Pinv(u, beta.a, beta.b)
        case let .observedRate(n, p, complement, expected):
            // The smallest k with F(k) ≥ u, by bisection on GSL's binomial distribution function.
            var lo = -1, hi = n
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if gsl_cdf_binomial_P(UInt32(mid), p, UInt32(n)) >= u { hi = mid } else { lo = mid }
            }
            let k = Double(hi)
            let rate = complement ? (Double(n) - k) / Double(n) : k / Double(n)
            return expected.map { rate / $0 } ?? rate
        case let .discrete(values, probabilities):
            let total = probabilities.reduce(0, +)
            var cumulative = 0.0
            for (v, w) in zip(values, probabilities) {
                cumulative += w / total
                if cumulative >= u { return v }
            }
            return values[values.count - 1]
        }
    }

    /// One draw of Q from `stream` (no draw for a fixed score).
    package func sample(_ stream: StreamHandle) -> Double {
        switch score {
        case let .fixed(q): return q
        case .beta: return gsl_ran_beta(stream.rng, beta.a, beta.b)
        case let .observedRate(n, p, complement, expected):
            let k = Double(gsl_ran_binomial(stream.rng, p, UInt32(n)))
            let rate = complement ? (Double(n) - k) / Double(n) : k / Double(n)
            return expected.map { rate / $0 } ?? rate
        case let .discrete(values, _):
            return values[gsl_ran_discrete(stream.rng, table)]
        }
    }
}

extension ContinuousDistribution {
    /// Φ⁻¹(F(x)), the standard normal score of `x` under this distribution (exact for a lognormal or normal; by
    /// GSL's distribution functions for the others); nil for a constant, which has none.
    public func normalScore(_ x: Double) -> Double? {
        func score(_ u: Double) -> Double { gsl_cdf_ugaussian_Pinv(min(max(u, 1e-300), 1 - 1e-16)) }
        switch self {
        case let .lognormal(zeta, sigma): return (log(x) - zeta) / sigma
        case let .normal(mean, sd): return (x - mean) / sd
        case let .gamma(shape, scale): return score(gsl_cdf_gamma_P(x, shape, scale))
        case let .weibull(scale, shape): return score(gsl_cdf_weibull_P(x, scale, shape))
        case let .pareto(shape, scale): return score(gsl_cdf_pareto_P(x, shape, scale))
        case let .exponential(mean): return score(gsl_cdf_exponential_P(x, mean))
        case .constant: return nil
        }
    }
}
