import Foundation
import APMSampling

/// Claim counts per member: Poisson against negative binomial, with two tests of overdispersion.
///
/// Poisson: λ̂ = x̄, s.e. √(λ̂/n). Negative binomial (GSL's NB(p, r): mean r(1 − p)/p): for fixed r the
/// estimate of p is r/(r + x̄), and r solves the profile score Σ ψ(xᵢ + r) − n ψ(r) + n ln(r/(r + x̄)) = 0 (GSL's
/// Brent solver in ln r); its standard errors from the observed information
/// −[[Σψ′(xᵢ + r) − nψ′(r), n/p], [n/p, −n r/p² − Σx/(1 − p)²]]. When the sample variance does not exceed the
/// mean the likelihood rises all the way to the Poisson limit (r → ∞) and the negative binomial is reported as
/// not estimable.
///
/// Overdispersion: the likelihood-ratio statistic 2(ℓ_NB − ℓ_P), whose null distribution on the boundary r = ∞ is
/// ½χ²₀ + ½χ²₁ (p = ½ P(χ²₁ > LR)); and the dispersion index Σ(xᵢ − x̄)²/x̄ against χ²ₙ₋₁.
public struct CountFit: Sendable {
    public let sampleSize: Int
    public let mean: Double
    /// The sample variance (divisor n − 1).
    public let variance: Double
    public let poisson: FittedParameter
    public let poissonLogLikelihood: Double
    /// NB parameters `n` (r) and `p` with standard errors, and the implied dispersion (variance/mean = 1/p); nil
    /// when not estimable (why: `negativeBinomialNote`).
    public let negativeBinomial: (r: FittedParameter, p: FittedParameter)?
    public let negativeBinomialLogLikelihood: Double?
    public let negativeBinomialNote: String?
    public let likelihoodRatio: Double?
    public let likelihoodRatioPValue: Double?
    public let dispersionIndex: Double
    public let dispersionPValue: Double

    public var aicPoisson: Double { 2 - 2 * poissonLogLikelihood }
    public var aicNegativeBinomial: Double? { negativeBinomialLogLikelihood.map { 4 - 2 * $0 } }

    public init(_ counts: [Double]) {
        let n = Double(counts.count)
        sampleSize = counts.count
        let mean = counts.reduce(0, +) / n
        self.mean = mean
        let ss = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        variance = counts.count > 1 ? ss / (n - 1) : 0
        poisson = FittedParameter(name: "mean", value: mean, standardError: (mean / n).squareRoot())
        let sumLogFactorial = counts.reduce(0) { $0 + NumericalMethods.logGamma($1 + 1) }
        poissonLogLikelihood = mean > 0 ? n * mean * log(mean) - n * mean - sumLogFactorial : 0
        dispersionIndex = mean > 0 ? ss / mean : 0
        dispersionPValue = counts.count > 1 && mean > 0 ? NumericalMethods.chiSquaredUpperTail(ss / mean, dof: n - 1) : 1

        func score(_ r: Double) -> Double {
            counts.reduce(0) { $0 + NumericalMethods.digamma($1 + r) } - n * NumericalMethods.digamma(r) + n * log(r / (r + mean))
        }
        // The score is positive below the estimate and tends to 0 from below above it; the upper end of the
        // bracket starts at ten times the moment estimate x̄²/(s² − x̄) and grows until the score is clearly negative
        // (far out, the score's terms cancel to rounding).
        var hi = 10 * mean * mean / max(ss / n - mean, 1e-300)
        while hi < 1e7 && score(hi) >= 0 { hi *= 10 }
        if mean > 0, ss / n > mean, score(hi) < 0, let u = NumericalMethods.root(in: log(1e-8), log(hi), { score(exp($0)) }) {
            let r = exp(u), p = r / (r + mean)
            let ll = counts.reduce(0) { $0 + NumericalMethods.negativeBinomialLogProbability(Int($1), p: p, n: r) }
            let sumX = n * mean
            let info = [[-(counts.reduce(0) { $0 + NumericalMethods.trigamma($1 + r) } - n * NumericalMethods.trigamma(r)), -n / p],
                        [-n / p, n * r / (p * p) + sumX / ((1 - p) * (1 - p))]]
            let cov = Matrix.inverse(info)
            negativeBinomial = (FittedParameter(name: "n", value: r, standardError: cov[0][0] >= 0 ? cov[0][0].squareRoot() : nil),
                                FittedParameter(name: "p", value: p, standardError: cov[1][1] >= 0 ? cov[1][1].squareRoot() : nil))
            negativeBinomialLogLikelihood = ll
            negativeBinomialNote = nil
            let lr = max(0, 2 * (ll - poissonLogLikelihood))
            likelihoodRatio = lr
            likelihoodRatioPValue = 0.5 * NumericalMethods.chiSquaredUpperTail(lr, dof: 1)
        } else {
            negativeBinomial = nil
            negativeBinomialLogLikelihood = nil
            negativeBinomialNote = mean == 0 ? "every count is 0"
                : "the sample variance does not exceed the mean: the negative binomial's estimate is the Poisson limit"
            likelihoodRatio = nil
            likelihoodRatioPValue = nil
        }
    }
}
