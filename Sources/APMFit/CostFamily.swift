import Foundation
import APMSampling

/// A cost family `apmrisk fit` can fit by maximum likelihood, named as in a model file.
///
/// Closed forms where they exist (lognormal, exponential, Pareto's shape); GSL's Brent root finder on the
/// profile score otherwise (gamma's shape from ln a − ψ(a) = ln x̄ − mean ln x; Weibull's shape from
/// Σxᵏ ln x / Σxᵏ − 1/k = mean ln x). Standard errors come from the inverse of the observed information
/// −∂²ℓ/∂θ∂θ′ at the estimate, written out per family below.
public enum CostFamily: String, CaseIterable, Sendable {
    case lognormal, gamma, weibull, pareto, exponential

    /// Fits the family to the positive values summarised in `s`. A Pareto is fitted to the values ≥ `threshold`
    /// with its scale fixed there (the minimum carries no Fisher information); nil threshold: the sample minimum.
    /// nil when the estimate does not exist (a root finder finds no sign change).
    public func fit(_ s: SampleSummary, threshold: Double? = nil) -> CostFit? {
        let n = s.count
        switch self {
        case .lognormal:
            let zeta = s.meanLog
            let sigma2 = s.sorted.reduce(0) { $0 + (log($1) - zeta) * (log($1) - zeta) } / n
            let sigma = sigma2.squareRoot()
            guard sigma > 0 else { return nil }
            // ℓ = −Σ ln x − n ln σ − (n/2) ln 2π − n/2; information n·diag(1/σ², 2/σ²).
            let ll = -n * s.meanLog - n * log(sigma) - n / 2 * log(2 * Double.pi) - n / 2
            return CostFit(family: self, names: ["zeta", "sigma"], values: [zeta, sigma],
                           information: [[n / sigma2, 0], [0, 2 * n / sigma2]], logLikelihood: ll, sorted: s.sorted)

        case .exponential:
            let mu = s.mean
            return CostFit(family: self, names: ["mean"], values: [mu], information: [[n / (mu * mu)]],
                           logLikelihood: -n * log(mu) - n, sorted: s.sorted)

        case .gamma:
            let target = log(s.mean) - s.meanLog
            guard target > 0, let u = NumericalMethods.root(in: log(1e-6), log(1e9), { u in
                let a = exp(u)
                return log(a) - NumericalMethods.digamma(a) - target
            }) else { return nil }
            let a = exp(u), b = s.mean / a
            // ℓ = (a − 1)Σ ln x − Σx/b − n a ln b − n ln Γ(a); at the estimate (Σx = n a b) the information is
            // n·[[ψ′(a), 1/b], [1/b, a/b²]].
            let ll = (a - 1) * n * s.meanLog - n * s.mean / b - n * a * log(b) - n * NumericalMethods.logGamma(a)
            return CostFit(family: self, names: ["shape", "scale"], values: [a, b],
                           information: [[n * NumericalMethods.trigamma(a), n / b], [n / b, n * a / (b * b)]],
                           logLikelihood: ll, sorted: s.sorted)

        case .weibull:
            let logs = s.sorted.map(log), top = logs.last!, meanLog = s.meanLog
            // Σ xᵏ ln x / Σ xᵏ − 1/k − mean ln x, with xᵏ scaled by the largest value's so nothing overflows.
            func score(_ k: Double) -> Double {
                var w = 0.0, wy = 0.0
                for y in logs { let t = exp(k * (y - top)); w += t; wy += t * y }
                return wy / w - 1 / k - meanLog
            }
            guard let v = NumericalMethods.root(in: log(1e-3), log(1e3), { score(exp($0)) }) else { return nil }
            let k = exp(v)
            let w = logs.reduce(0) { $0 + exp(k * ($1 - top)) }
            let lambda = exp(top + log(w / n) / k)
            // t = (x/λ)ᵏ, L = ln(x/λ): ℓ = n ln k − n k ln λ + (k − 1) Σ ln x − Σ t; at the estimate (Σt = n)
            // −ℓ_λλ = n k²/λ², −ℓ_kk = n/k² + Σ t L², −ℓ_λk = −(k/λ) Σ t L.
            var tl = 0.0, tl2 = 0.0, sumT = 0.0
            for y in logs {
                let l = y - log(lambda), t = exp(k * l)
                sumT += t; tl += t * l; tl2 += t * l * l
            }
            let ll = n * log(k) - n * k * log(lambda) + (k - 1) * n * meanLog - sumT
            return CostFit(family: self, names: ["scale", "shape"], values: [lambda, k],
                           information: [[n * k * k / (lambda * lambda), -(k / lambda) * tl],
                                         [-(k / lambda) * tl, n / (k * k) + tl2]],
                           logLikelihood: ll, sorted: s.sorted)

        case .pareto:
            let u = threshold ?? s.minimum
            let tail = s.sorted.filter { $0 >= u }
            let m = Double(tail.count)
            let sumLog = tail.reduce(0) { $0 + log($1 / u) }
            guard tail.count >= 2, sumLog > 0 else { return nil }
            let alpha = m / sumLog
            // ℓ = m ln α + m α ln u − (α + 1) Σ ln x over the m values ≥ u; information m/α².
            let ll = m * log(alpha) + m * alpha * log(u) - (alpha + 1) * tail.reduce(0) { $0 + log($1) }
            return CostFit(family: self, names: ["shape"], values: [alpha], information: [[m / (alpha * alpha)]],
                           logLikelihood: ll, sorted: tail, fixed: [FittedParameter(name: "scale", value: u, standardError: nil)])
        }
    }

    /// The distribution with native parameters `v` (estimated ones in `names` order, then a Pareto's fixed scale).
    func distribution(_ v: [Double]) -> ContinuousDistribution {
        switch self {
        case .lognormal: return .lognormal(zeta: v[0], sigma: v[1])
        case .gamma: return .gamma(shape: v[0], scale: v[1])
        case .weibull: return .weibull(scale: v[0], shape: v[1])
        case .pareto: return .pareto(shape: v[0], scale: v[1])
        case .exponential: return .exponential(mean: v[0])
        }
    }
}
