import CGSL

/// A distribution of a whole number of events: episodes in a period, or claims of one member.
public enum CountDistribution: Sendable, Hashable {
    /// Always `n`.
    case fixed(Int)
    /// `gsl_ran_poisson(r, mu)`: mean and variance mu.
    case poisson(mean: Double)
    /// `gsl_ran_negative_binomial(r, p, n)`: mean n(1 − p)/p, variance n(1 − p)/p².
    case negativeBinomial(p: Double, n: Double)

    /// A negative binomial with mean μ and index of dispersion φ = variance/mean > 1: p = 1/φ, n = μ/(φ − 1).
    public static func negativeBinomial(mean: Double, dispersion: Double) -> Self {
        .negativeBinomial(p: 1 / dispersion, n: mean / (dispersion - 1))
    }

    /// A negative binomial with mean μ and cv c, which needs variance (cμ)² > μ: φ = c²μ.
    public static func negativeBinomial(mean: Double, cv: Double) -> Self {
        negativeBinomial(mean: mean, dispersion: cv * cv * mean)
    }

    /// E[K].
    public var mean: Double {
        switch self {
        case let .fixed(n): return Double(n)
        case let .poisson(mu): return mu
        case let .negativeBinomial(p, n): return n * (1 - p) / p
        }
    }

    /// Var[K].
    public var variance: Double {
        switch self {
        case .fixed: return 0
        case let .poisson(mu): return mu
        case let .negativeBinomial(p, n): return n * (1 - p) / (p * p)
        }
    }

    /// One count from `stream`.
    @inlinable
    public func sample(_ stream: RandomStream) -> Int { sample(stream.handle) }

    /// Fills `out` with consecutive counts, the family chosen once.
    public func fill(_ out: UnsafeMutableBufferPointer<Double>, _ stream: StreamHandle) {
        switch self {
        case let .fixed(n): for i in out.indices { out[i] = Double(n) }
        case let .poisson(mu): for i in out.indices { out[i] = Double(gsl_ran_poisson(stream.rng, mu)) }
        case let .negativeBinomial(p, n): for i in out.indices { out[i] = Double(gsl_ran_negative_binomial(stream.rng, p, n)) }
        }
    }

    /// One count from a stream handle.
    @inlinable
    public func sample(_ stream: StreamHandle) -> Int {
        switch self {
        case let .fixed(n): return n
        case let .poisson(mu): return Int(gsl_ran_poisson(stream.rng, mu))
        case let .negativeBinomial(p, n): return Int(gsl_ran_negative_binomial(stream.rng, p, n))
        }
    }
}
