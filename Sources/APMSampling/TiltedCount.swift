import CGSL
import Foundation

/// A count drawn under an exponential tilt t, with the log likelihood ratio of the draw (`Tilt`):
/// Poisson(λ) drawn as Poisson(λeᵗ), log LR −t·k + λ(eᵗ − 1); negative binomial (p, n) drawn at
/// p′ = 1 − (1 − p)eᵗ, log LR n·log(p/p′) − t·k. A fixed count, a shocked count and t = 0 draw exactly as
/// `CountDraw` does, with log LR 0.
public struct TiltedCount: Sendable {
    private let base: CountDraw
    /// 0 untilted (drawn by `base`), 1 Poisson, 2 negative binomial.
    private let family: UInt8
    /// The tilted parameter (Poisson mean; negative binomial p′), the untilted one, the size n, t, and the log LR's constant.
    private let tilted: Double, untilted: Double, size: Double, t: Double, constant: Double

    /// `count` tilted by `t`; a negative binomial needs (1 − p)eᵗ < 1 (`violation`).
    public init(_ count: CountDistribution, tilt t: Double) {
        base = count.draw
        self.t = t
        switch count {
        case let .poisson(mu) where t != 0:
            (family, tilted, untilted, size) = (1, mu * exp(t), mu, 0)
            constant = mu * expm1(t)
        case let .negativeBinomial(p, n) where t != 0:
            let q = 1 - (1 - p) * exp(t)
            (family, tilted, untilted, size) = (2, q, p, n)
            constant = n * log(p / q)
        default:
            (family, tilted, untilted, size, constant) = (0, 0, 0, 0, 0)
        }
    }

    /// Why `count` cannot be tilted by `t`, or nil.
    public static func violation(_ count: CountDistribution, tilt t: Double) -> String? {
        guard t.isFinite else { return "a count's tilt must be finite, got \(t)" }
        if case let .negativeBinomial(p, _) = count, (1 - p) * exp(t) >= 1 {
            return "a negative binomial count (p = \(p)) can be tilted only by t < −ln(1 − p) = \(-log1p(-p)), got \(t)"
        }
        return nil
    }

    /// The mean of the tilted count.
    public static func tiltedMean(_ count: CountDistribution, tilt t: Double) -> Double {
        switch count {
        case let .poisson(mu): return mu * exp(t)
        case let .negativeBinomial(p, n):
            let q = 1 - (1 - p) * exp(t)
            return q > 0 ? n * (1 - q) / q : .infinity
        default: return count.mean
        }
    }

    /// One count, from the tilted law (`tilted`) or the untilted one; the log likelihood ratio log(f/g) of the
    /// count drawn, f untilted and g tilted, is added to `logWeight` either way (a defensive mixture needs it).
    @inline(__always)
    public func sample(_ counts: StreamHandle, _ extra: StreamHandle, tilted isTilted: Bool, _ logWeight: inout Double) -> Int {
        let k: Int
        let parameter = isTilted ? tilted : untilted
        switch family {
        case 0: return base.sample(counts.rng, extra.rng)
        case 1: k = Int(gsl_ran_poisson(counts.rng, parameter))
        default: k = Int(gsl_ran_negative_binomial(counts.rng, parameter, size))
        }
        logWeight += constant - t * Double(k)
        return k
    }
}

/// The systematic factor Θ drawn under a shift μ of its underlying standard normal (lognormal or normal Θ),
/// with log LR −μ·Z + μ²/2; any other Θ draws untilted (log LR 0).
public struct TiltedFactor: Sendable {
    /// 1 lognormal exp(a + b·Z), 2 normal a + b·Z, 0 other (drawn by `other`).
    private let family: UInt8
    private let a: Double, b: Double, shift: Double
    private let other: CostDistribution?

    public init(_ factor: CostDistribution, shift mu: Double) {
        shift = mu
        switch factor {
        case let .continuous(.lognormal(z, s)): (family, a, b, other) = (1, z, s, nil)
        case let .continuous(.normal(m, s)): (family, a, b, other) = (2, m, s, nil)
        default: (family, a, b, other) = (0, 0, 0, factor)
        }
    }

    /// Whether the shift applies (Θ is lognormal or normal).
    public static func isTiltable(_ factor: CostDistribution) -> Bool {
        switch factor {
        case .continuous(.lognormal), .continuous(.normal): return true
        default: return false
        }
    }

    /// Θ's mean under a shift μ of its Gaussian (its own mean when untiltable).
    public static func tiltedMean(_ factor: CostDistribution, shift mu: Double) -> Double {
        switch factor {
        case let .continuous(.lognormal(z, s)): return exp(z + s * mu + s * s / 2)
        case let .continuous(.normal(m, s)): return m + s * mu
        default: return factor.mean
        }
    }

    /// One Θ from `stream`, tilted or not; the log likelihood ratio of the Θ drawn is added to `logWeight`.
    @inline(__always)
    public func sample(_ stream: StreamHandle, tilted: Bool, _ logWeight: inout Double) -> Double {
        if family == 0 { return other!.sample(DrawStreams(single: stream)) }
        let z = (tilted ? shift : 0) + gsl_ran_gaussian_ziggurat(stream.rng, 1)
        logWeight += shift * (shift / 2 - z)
        return family == 1 ? exp(a + b * z) : a + b * z
    }
}
