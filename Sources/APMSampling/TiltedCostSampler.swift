import CGSL
import Foundation

/// A unit cost drawn under a tilt (`Tilt`: claim counts by `claims`, severities by `severity`), with the log
/// likelihood ratio of its draws added to the trial's log weight. It draws from the same streams, in the same
/// order of purposes, as `CostSampler` (leaf variates, mixture choices and probabilities of zero from the cost
/// stream, claim counts from the claim stream, add-ons from theirs); with no tilt its law is the untilted one.
/// Each worker builds its own, so nothing reference-counted is shared between threads.
public final class TiltedCostSampler {
    private indirect enum Node {
        /// exp(ζ + σ·Z), Z ~ N(μ, 1).
        case lognormal(zeta: Double, sigma: Double, shift: Double)
        /// Gamma(a, b/(1 − θ)), θ = s·b; exponential is a = 1 drawn by `gsl_ran_exponential`.
        case gamma(shape: Double, scale: Double, theta: Double, rate: Double)
        case exponential(mean: Double, theta: Double, rate: Double)
        /// Untilted.
        case plain(ContinuousDistribution)
        /// Untilted: the observed values, each equally likely.
        case empirical(EmpiricalCosts)
        case mixture(cumulative: [Double], components: [Node])
        case zeroInflated(Double, Node)
        case compound(TiltedCount, Node)
        case withAddOns(Node, probabilities: [Double], costs: [Node])
    }

    private let root: Node
    /// The claims' Poisson rate λ and tilt t when the whole unit cost is a compound Poisson (pooled draws).
    private let pooled: (rate: Double, tilt: Double)?

    public init(_ distribution: CostDistribution, tilt: Tilt) {
        root = Self.compile(distribution, tilt)
        if case let .compound(.poisson(mu), _) = distribution { pooled = (mu, tilt.claims) } else { pooled = nil }
    }

    private static func compile(_ d: CostDistribution, _ tilt: Tilt) -> Node {
        let s = tilt.severity
        switch d {
        case let .continuous(c):
            switch c {
            case let .lognormal(z, sigma) where s != 0:
                return .lognormal(zeta: z, sigma: sigma, shift: lognormalShift(c, rate: s))
            case let .gamma(a, b) where s != 0: return .gamma(shape: a, scale: b, theta: s * b, rate: s)
            case let .exponential(mu) where s != 0: return .exponential(mean: mu, theta: s * mu, rate: s)
            default: return .plain(c)
            }
        case let .empirical(e): return .empirical(e)
        case let .mixture(m): return .mixture(cumulative: m.cumulative, components: m.components.map { compile($0, tilt) })
        case let .zeroInflated(p, base): return .zeroInflated(p, compile(base, tilt))
        case let .compound(k, z): return .compound(TiltedCount(k, tilt: tilt.claims), compile(z, tilt))
        case let .withAddOns(base, addOns):
            return .withAddOns(compile(base, tilt), probabilities: addOns.map(\.probability),
                               costs: addOns.map { compile($0.cost, tilt) })
        }
    }

    /// The shift μ = ln(1 + s·m·c²)/σ of a lognormal's Gaussian that stands for an exponential tilt by s.
    public static func lognormalShift(_ c: ContinuousDistribution, rate s: Double) -> Double {
        guard case let .lognormal(_, sigma) = c, sigma > 0 else { return 0 }
        return log1p(s * c.mean * expm1(sigma * sigma)) / sigma
    }

    /// Why `distribution` cannot be tilted by `tilt` (a gamma or exponential severity with s·b ≥ 1, a negative
    /// binomial claim count with (1 − p)eᵗ ≥ 1, a lognormal with 1 + s·m·c² ≤ 0), or nil.
    public static func violation(_ distribution: CostDistribution, tilt: Tilt) -> String? {
        let s = tilt.severity
        switch distribution {
        case let .continuous(c):
            switch c {
            case let .gamma(_, b) where s * b >= 1:
                return "a gamma severity (scale \(b)) can be tilted only by severity < 1/scale = \(1 / b), got \(s)"
            case let .exponential(mu) where s * mu >= 1:
                return "an exponential severity (mean \(mu)) can be tilted only by severity < 1/mean = \(1 / mu), got \(s)"
            case .lognormal where !(lognormalShift(c, rate: s).isFinite):
                return "a lognormal severity (mean \(c.mean)) can be tilted only by severity > −1/(m·c²), got \(s)"
            default: return nil
            }
        case .empirical: return nil
        case let .mixture(m): return m.components.lazy.compactMap { violation($0, tilt: tilt) }.first
        case let .zeroInflated(_, base): return violation(base, tilt: tilt)
        case let .compound(k, z): return TiltedCount.violation(k, tilt: tilt.claims) ?? violation(z, tilt: tilt)
        case let .withAddOns(base, addOns):
            return violation(base, tilt: tilt) ?? addOns.lazy.compactMap { violation($0.cost, tilt: tilt) }.first
        }
    }

    /// E[cost] under the tilt, dollars (`.infinity` where a part has no finite mean).
    public static func tiltedMean(_ d: CostDistribution, tilt: Tilt) -> Double {
        let s = tilt.severity
        switch d {
        case let .continuous(c):
            switch c {
            case .lognormal: return c.mean * exp(c.sigmaOfLognormal * lognormalShift(c, rate: s))
            case let .gamma(a, b): return s * b < 1 ? a * b / (1 - s * b) : .infinity
            case let .exponential(mu): return s * mu < 1 ? mu / (1 - s * mu) : .infinity
            default: return c.mean
            }
        case let .empirical(e): return e.mean
        case let .mixture(m): return zip(m.weights, m.components).reduce(0) { $0 + $1.0 * tiltedMean($1.1, tilt: tilt) }
        case let .zeroInflated(p, base): return (1 - p) * tiltedMean(base, tilt: tilt)
        case let .compound(k, z): return TiltedCount.tiltedMean(k, tilt: tilt.claims) * tiltedMean(z, tilt: tilt)
        case let .withAddOns(base, addOns):
            return addOns.reduce(tiltedMean(base, tilt: tilt)) { $0 + $1.probability * tiltedMean($1.cost, tilt: tilt) }
        }
    }

    /// One unit's cost, dollars, from the tilted law (`tilted`) or the untilted one; the log likelihood ratio
    /// log(f/g) of its draws, f untilted and g tilted, is added to `logWeight` either way.
    public func sample(_ s: DrawStreams, tilted: Bool, _ logWeight: inout Double) -> Double {
        sample(root, s, false, tilted, &logWeight)
    }

    private func sample(_ node: Node, _ s: DrawStreams, _ inAddOn: Bool, _ tilted: Bool, _ w: inout Double) -> Double {
        let r = inAddOn ? s.addOnCost.rng : s.cost.rng
        switch node {
        case let .lognormal(zeta, sigma, mu):
            let z = (tilted ? mu : 0) + gsl_ran_gaussian_ziggurat(r, 1)
            w += mu * (mu / 2 - z)
            return exp(zeta + sigma * z)
        case let .gamma(a, b, theta, rate):
            let x = gsl_ran_gamma(r, a, tilted ? b / (1 - theta) : b)
            w += -a * log1p(-theta) - rate * x
            return x
        case let .exponential(mu, theta, rate):
            let x = gsl_ran_exponential(r, tilted ? mu / (1 - theta) : mu)
            w += -log1p(-theta) - rate * x
            return x
        case let .plain(c):
            return c.sample(StreamHandle(rng: r))
        case let .empirical(e):
            return e.sample(StreamHandle(rng: r))
        case let .mixture(cumulative, components):
            let u = gsl_rng_uniform(r)
            var k = 0
            while k < cumulative.count - 1 && u >= cumulative[k] { k += 1 }
            return sample(components[k], s, inAddOn, tilted, &w)
        case let .zeroInflated(p, base):
            return gsl_rng_uniform(r) < p ? 0 : sample(base, s, inAddOn, tilted, &w)
        case let .compound(count, severity):
            var total = 0.0
            for _ in 0..<count.sample(s.claims, s.claimsExtra, tilted: tilted, &w) { total += sample(severity, s, inAddOn, tilted, &w) }
            return total
        case let .withAddOns(base, probabilities, costs):
            var total = sample(base, s, inAddOn, tilted, &w)
            for k in probabilities.indices where gsl_rng_uniform(s.addOns.rng) < probabilities[k] {
                total += sample(costs[k], s, true, tilted, &w)
            }
            return total
        }
    }

    /// Whether the unit cost is a compound Poisson whose claims can be drawn pooled (`fillPooled`).
    public var drawsPooled: Bool { pooled != nil }

    /// Per-unit totals of identical compound Poisson(λ) units drawn pooled in pools of `pool` units, as
    /// `CostSampler.fillPooled` draws them, with each pool's claim count K ~ Poisson(pool·λ) tilted by the claims'
    /// t (log LR −t·K + pool·λ(eᵗ − 1)) and each severity tilted; the claims' members are drawn untilted.
    public func fillPooled(_ totals: UnsafeMutableBufferPointer<Double>, pool: Int, _ s: DrawStreams, tilted: Bool,
                           _ logWeight: inout Double) {
        guard let pooled, case let .compound(_, severity) = root else { preconditionFailure("not a compound Poisson") }
        for j in totals.indices { totals[j] = 0 }
        let poolClaims = TiltedCount(.poisson(mean: pooled.rate * Double(pool)), tilt: pooled.tilt)
        let allocation = s.allocation.rng, poolSize = UInt(pool)
        var first = 0
        while first < totals.count {
            let kept = min(pool, totals.count - first)
            let claims = poolClaims.sample(s.claims, s.claimsExtra, tilted: tilted, &logWeight)
            for _ in 0..<claims {
                let j = Int(gsl_rng_uniform_int(allocation, poolSize))
                let y = sample(severity, s, false, tilted, &logWeight)
                if j < kept { totals[first + j] += y }
            }
            first += pool
        }
    }
}

extension ContinuousDistribution {
    /// σ of a lognormal; 0 for any other family.
    package var sigmaOfLognormal: Double {
        if case let .lognormal(_, s) = self { return s }
        return 0
    }
}
