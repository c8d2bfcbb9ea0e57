import CGSL
import Foundation

/// A continuous distribution in GSL's own parameterisation, one case per `gsl_ran_*` call.
///
/// Costs are in dollars. Constructors `…(mean:cv:)` convert the actuary's mean and coefficient of variation
/// (cv = sd / mean) into the native parameters, as documented per case. Each case's model-file key, parameter
/// names and rules are its `ContinuousFamily` entry (`native`).
public enum ContinuousDistribution: Sendable, Hashable {
    /// ln X ~ Normal(ζ, σ²), drawn as exp(ζ + σ·Z) with Z from `gsl_ran_gaussian_ziggurat(r, 1)`: the same
    /// distribution as `gsl_ran_lognormal(r, zeta, sigma)`, whose polar-method Gaussian is about half as fast.
    case lognormal(zeta: Double, sigma: Double)
    /// `gsl_ran_gamma(r, a, b)`: shape a, scale b; mean a·b.
    case gamma(shape: Double, scale: Double)
    /// `gsl_ran_weibull(r, a, b)`: scale a, shape b; mean a·Γ(1 + 1/b).
    case weibull(scale: Double, shape: Double)
    /// `gsl_ran_pareto(r, a, b)`: density a·bᵃ / xᵃ⁺¹ for x ≥ b; shape a, scale (minimum) b.
    case pareto(shape: Double, scale: Double)
    /// `gsl_ran_exponential(r, mu)`: mean mu.
    case exponential(mean: Double)
    /// `gsl_ran_gaussian(r, sd) + mean` (GSL's ziggurat Gaussian): for systematic factors near 1.
    case normal(mean: Double, sd: Double)
    /// Always `value`: no draw at all.
    case constant(Double)

    /// The family and the native parameter values, in the order of its `parameters`.
    public var native: (family: ContinuousFamily, values: [Double]) {
        switch self {
        case let .lognormal(z, s): return (.lognormal, [z, s])
        case let .gamma(a, b): return (.gamma, [a, b])
        case let .weibull(a, b): return (.weibull, [a, b])
        case let .pareto(a, b): return (.pareto, [a, b])
        case let .exponential(mu): return (.exponential, [mu])
        case let .normal(m, s): return (.normal, [m, s])
        case let .constant(v): return (.constant, [v])
        }
    }

    // MARK: From mean and cv

    /// σ² = ln(1 + cv²), ζ = ln(mean) − σ²/2.
    public static func lognormal(mean: Double, cv: Double) -> Self {
        let s2 = log1p(cv * cv)
        return .lognormal(zeta: log(mean) - s2 / 2, sigma: s2.squareRoot())
    }

    /// a = 1/cv², b = mean·cv².
    public static func gamma(mean: Double, cv: Double) -> Self {
        .gamma(shape: 1 / (cv * cv), scale: mean * cv * cv)
    }

    /// Shape b solves Γ(1 + 2/b)/Γ(1 + 1/b)² − 1 = cv² (bisection in ln b); scale a = mean/Γ(1 + 1/b).
    public static func weibull(mean: Double, cv: Double) -> Self {
        let shape = weibullShape(cv: cv)
        return .weibull(scale: mean / tgamma(1 + 1 / shape), shape: shape)
    }

    /// From c² = 1/(a(a − 2)): a = 1 + √(1 + 1/cv²) (always > 2); b = mean·(a − 1)/a.
    public static func pareto(mean: Double, cv: Double) -> Self {
        let a = 1 + (1 + 1 / (cv * cv)).squareRoot()
        return .pareto(shape: a, scale: mean * (a - 1) / a)
    }

    /// sd = mean·cv.
    public static func normal(mean: Double, cv: Double) -> Self {
        .normal(mean: mean, sd: mean * cv)
    }

    /// The squared cv of a Weibull with shape b: Γ(1 + 2/b)/Γ(1 + 1/b)² − 1, decreasing in b.
    package static func weibullSquaredCV(shape b: Double) -> Double {
        exp(lgamma(1 + 2 / b) - 2 * lgamma(1 + 1 / b)) - 1
    }

    package static func weibullShape(cv: Double) -> Double {
        let target = cv * cv
        var lo = log(0.02), hi = log(1.0e4)   // cv from about 1.3e8 down to 1.3e-4
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if weibullSquaredCV(shape: exp(mid)) > target { lo = mid } else { hi = mid }
        }
        return exp((lo + hi) / 2)
    }

    // MARK: Moments

    /// E[X] in dollars; `.infinity` when it does not exist (Pareto with shape ≤ 1).
    public var mean: Double {
        switch self {
        case let .lognormal(z, s): return exp(z + s * s / 2)
        case let .gamma(a, b): return a * b
        case let .weibull(a, b): return a * tgamma(1 + 1 / b)
        case let .pareto(a, b): return a > 1 ? a * b / (a - 1) : .infinity
        case let .exponential(mu): return mu
        case let .normal(m, _): return m
        case let .constant(v): return v
        }
    }

    /// E[X²]; `.infinity` when it does not exist (Pareto with shape ≤ 2).
    public var secondMoment: Double {
        switch self {
        case let .lognormal(z, s): return exp(2 * z + 2 * s * s)
        case let .gamma(a, b): return a * (a + 1) * b * b
        case let .weibull(a, b): return a * a * tgamma(1 + 2 / b)
        case let .pareto(a, b): return a > 2 ? a * b * b / (a - 2) : .infinity
        case let .exponential(mu): return 2 * mu * mu
        case let .normal(m, s): return m * m + s * s
        case let .constant(v): return v * v
        }
    }

    // MARK: Sampling

    /// One variate from `stream`.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sample(stream.handle) }

    /// One variate from a stream handle.
    @inlinable
    public func sample(_ stream: StreamHandle) -> Double {
        switch self {
        case let .lognormal(z, s): return exp(z + s * gsl_ran_gaussian_ziggurat(stream.rng, 1))
        case let .gamma(a, b): return gsl_ran_gamma(stream.rng, a, b)
        case let .weibull(a, b): return gsl_ran_weibull(stream.rng, a, b)
        case let .pareto(a, b): return gsl_ran_pareto(stream.rng, a, b)
        case let .exponential(mu): return gsl_ran_exponential(stream.rng, mu)
        case let .normal(m, s): return m + gsl_ran_gaussian_ziggurat(stream.rng, s)
        case let .constant(v): return v
        }
    }

    /// Fills `out` with `out.count` variates: exactly the draws of as many calls of `sample`, with the case
    /// chosen once, not per draw (each arm's `sample` is inlined and its switch folded to that case).
    @inlinable
    public func fill(_ out: UnsafeMutableBufferPointer<Double>, _ stream: StreamHandle) {
        switch self {
        case .lognormal: for i in out.indices { out[i] = sample(stream) }
        case .gamma: for i in out.indices { out[i] = sample(stream) }
        case .weibull: for i in out.indices { out[i] = sample(stream) }
        case .pareto: for i in out.indices { out[i] = sample(stream) }
        case .exponential: for i in out.indices { out[i] = sample(stream) }
        case .normal: for i in out.indices { out[i] = sample(stream) }
        case .constant: for i in out.indices { out[i] = sample(stream) }
        }
    }
}
