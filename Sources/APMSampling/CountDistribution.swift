import CGSL
import APMSupport

/// A distribution of a whole number of events: episodes in a period, or claims of one member.
public enum CountDistribution: Sendable, Hashable {
    /// Always `n`.
    case fixed(Int)
    /// `gsl_ran_poisson(r, mu)`: mean and variance mu.
    case poisson(mean: Double)
    /// `gsl_ran_negative_binomial(r, p, n)`: mean n(1 − p)/p, variance n(1 − p)/p².
    case negativeBinomial(p: Double, n: Double)
    /// A random count with its mean × `factor` (a volume or frequency shock), drawn so that it shares its
    /// draws with the unshocked count: K from the base, then, from a separate stream, for factor > 1 extra
    /// events superposed (Poisson((f − 1)μ), or NB((f − 1)n, p) at the same p), for factor < 1 a thinning of K
    /// (Binomial(K, f) for a Poisson; for a negative binomial Binomial(K, B) with B ~ Beta(f·n, (1 − f)·n),
    /// which splits NB(n, p) into NB(f·n, p) and NB((1 − f)·n, p)). Exactly Poisson(fμ) and NB(f·n, p) in
    /// law; the base is never itself scaled or fixed (`scaled(by:)` makes these).
    indirect case scaled(CountDistribution, by: Double)

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
        case let .scaled(base, f): return f * base.mean
        }
    }

    /// Var[K].
    public var variance: Double {
        switch self {
        case .fixed: return 0
        case let .poisson(mu): return mu
        case let .negativeBinomial(p, n): return n * (1 - p) / (p * p)
        case let .scaled(base, f): return f * base.variance
        }
    }

    /// The compiled form the hot loops draw with.
    package var draw: CountDraw { CountDraw(self) }

    /// One count, the base draw from `counts` and a shock's draws from `extra` (see `scaled`).
    @inline(__always)
    public func sample(_ counts: StreamHandle, extra: StreamHandle) -> Int {
        draw.sample(counts.rng, extra.rng)
    }

    /// Fills `out` with consecutive counts from one stream, the family chosen once (`apmrisk bench`).
    public func fill(_ out: UnsafeMutableBufferPointer<Double>, _ stream: StreamHandle) {
        switch self {
        case let .fixed(n): for i in out.indices { out[i] = Double(n) }
        case let .poisson(mu): for i in out.indices { out[i] = Double(gsl_ran_poisson(stream.rng, mu)) }
        case let .negativeBinomial(p, n): for i in out.indices { out[i] = Double(gsl_ran_negative_binomial(stream.rng, p, n)) }
        case .scaled: let d = draw; for i in out.indices { out[i] = Double(d.sample(stream.rng, stream.rng)) }
        }
    }

    /// One count with every draw from one stream (tests and single-stream samplers).
    public func sample(_ stream: RandomStream) -> Int { sample(stream.handle, extra: stream.handle) }
}

/// A count distribution as plain numbers, for the hot loop: the family, its GSL parameters and the shock.
package struct CountDraw: Sendable {
    /// The count's family, as a one-byte tag the hot loop switches on.
    package enum Family: UInt8, Sendable {
        case fixed, poisson, negativeBinomial
    }

    package let family: Family
    /// Fixed: n. Poisson: μ. Negative binomial: p, n.
    package let a: Double, b: Double
    /// The shock's factor f (1: none), and its parameters: f > 1, the extra events' Poisson mean or NB n;
    /// f < 1, the thinning probability (Poisson) or the Beta split's parameters (negative binomial).
    package let factor: Double, extraA: Double, extraB: Double
    /// A fixed count as an Int, converted once.
    package let fixed: Int

    package init(_ d: CountDistribution) {
        var base = d, f = 1.0
        if case let .scaled(inner, by) = d { base = inner; f = by }
        switch base {
        case let .fixed(n): (family, a, b) = (.fixed, Double(n), 0)
        case let .poisson(mu): (family, a, b) = (.poisson, mu, 0)
        case let .negativeBinomial(p, n): (family, a, b) = (.negativeBinomial, p, n)
        case .scaled: preconditionFailure("a scaled count's base is never scaled")
        }
        factor = f
        fixed = Int(saturating: a)
        switch (family, f > 1) {
        case (.poisson, true): (extraA, extraB) = ((f - 1) * a, 0)
        case (.poisson, false): (extraA, extraB) = (f, 0)
        case (.negativeBinomial, true): (extraA, extraB) = ((f - 1) * b, 0)
        case (.negativeBinomial, false): (extraA, extraB) = (f * b, (1 - f) * b)
        case (.fixed, _): (extraA, extraB) = (0, 0)   // a fixed count is never shocked by draws
        }
    }

    /// A Poisson(μ) count with no shock.
    package init(poisson mu: Double, factor: Double = 1) {
        self.init(factor == 1 ? .poisson(mean: mu) : .scaled(.poisson(mean: mu), by: factor))
    }

    /// One count: the base from `counts`, a shock's draws from `extra`.
    @inline(__always)
    package func sample(_ counts: UnsafeMutablePointer<gsl_rng>, _ extra: UnsafeMutablePointer<gsl_rng>) -> Int {
        var k: Int
        switch family {
        case .fixed: return fixed
        case .poisson: k = Int(gsl_ran_poisson(counts, a))
        case .negativeBinomial: k = Int(gsl_ran_negative_binomial(counts, a, b))
        }
        if factor == 1 { return k }
        if factor > 1 {
            switch family {
            case .fixed: break
            case .poisson: k += Int(gsl_ran_poisson(extra, extraA))
            case .negativeBinomial: k += Int(gsl_ran_negative_binomial(extra, a, extraA))
            }
        } else if k > 0 {
            let keep: Double
            switch family {
            case .fixed: return k
            case .poisson: keep = extraA
            case .negativeBinomial: keep = gsl_ran_beta(extra, extraA, extraB)
            }
            k = Int(gsl_ran_binomial(extra, keep, UInt32(clamping: k)))
        }
        return k
    }
}
