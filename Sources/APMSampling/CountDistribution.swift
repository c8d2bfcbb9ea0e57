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

    /// One count loading on the systematic factor: the normal behind N is ρ·z + √(1 − ρ²)·ε, with z the normal
    /// score of the trial's Θ and ε one `gsl_ran_ugaussian` draw from `counts`, and N its quantile there (a
    /// Gaussian copula, as `QualityScore.sample(_:loading:on:)`: N keeps its own distribution).
    @inline(never)
    public func sample(_ counts: StreamHandle, loading rho: Double, on z: Double) -> Int {
        quantile(normalScore: rho * z + (1 - rho * rho).squareRoot() * gsl_ran_ugaussian(counts.rng))
    }

    /// The count at the normal score `x`: the smallest k with P(K ≤ k) ≥ Φ(x), by a walk from the normal
    /// approximation's guess on GSL's distribution function (its upper tail Q when x > 0, so that a count deep in
    /// the right tail is found as accurately as one in the left). A shocked count is Poisson(f·μ) or NB(f·n, p) in
    /// law (see `scaled`) and is inverted as such. Monotone in x: the copula draw of a count that loads on Θ.
    public func quantile(normalScore x: Double) -> Int {
        switch self {
        case let .fixed(n): return n
        case let .scaled(base, f):
            switch base {
            case let .poisson(mu): return CountDistribution.poisson(mean: f * mu).quantile(normalScore: x)
            case let .negativeBinomial(p, n): return CountDistribution.negativeBinomial(p: p, n: f * n).quantile(normalScore: x)
            default: return base.quantile(normalScore: x)
            }
        case .poisson, .negativeBinomial:
            // F(k) ≥ Φ(x), read as Q(k) ≤ Φ(−x) on the right, where 1 − Φ(x) would lose every digit.
            let upper = x > 0
            let target = upper ? gsl_cdf_ugaussian_Q(x) : gsl_cdf_ugaussian_P(x)
            func reaches(_ k: Int) -> Bool {
                let kk = UInt32(clamping: k)
                switch self {
                case let .poisson(mu):
                    return upper ? gsl_cdf_poisson_Q(kk, mu) <= target : gsl_cdf_poisson_P(kk, mu) >= target
                case let .negativeBinomial(p, n):
                    return upper ? gsl_cdf_negative_binomial_Q(kk, p, n) <= target
                        : gsl_cdf_negative_binomial_P(kk, p, n) >= target
                default: return true
                }
            }
            // Gallop from the guess to a bracket lo < k ≤ hi (reaches(hi), not reaches(lo)), then bisect.
            let guess = mean + variance.squareRoot() * x
            let start = guess.isFinite ? Int(max(0, min(guess.rounded(), 4e9))) : 0
            var lo = -1, hi = start, step = 1
            if reaches(start) {
                while hi > 0 {
                    let next = max(-1, hi - step)
                    if next < 0 || !reaches(next) { lo = next; break }
                    hi = next
                    step *= 2
                }
            } else {
                lo = start
                hi = start + 1
                while !reaches(hi) && hi < Int(UInt32.max) {
                    lo = hi
                    hi = min(Int(UInt32.max), hi + step)
                    step *= 2
                }
            }
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if reaches(mid) { hi = mid } else { lo = mid }
            }
            return hi
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
