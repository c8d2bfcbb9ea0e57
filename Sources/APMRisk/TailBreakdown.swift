import Foundation
import APMEngine
import APMSampling
import APMSupport

/// The tail taken apart: at level α, each component of the margin M (revenue, cost, recoveries, limits, …)
/// averaged over exactly the trials the TVaR averages — the (1 − α)·n worst trials, every trial beyond the VaR
/// rank with weight 1 and the VaR trial with the fractional weight ⌈α·n⌉ − α·n (`TailRisk`).
///
/// Sign convention: these are means of components of M (> 0 adds to the provider's margin), not of the loss,
/// so they add up to −TVaR_α(L) (up to rounding): E[M | tail] = −TVaR. Beside the breakdown of E[M] they show
/// what the bad years are made of — a stop-loss that pays, revenue that falls with volume, a cap that binds.
///
/// Which trials: the worst by margin, ties broken by the lower global trial index (`TailRecords`), so where
/// the VaR sits on an atom the tail holds exactly ⌈(1 − α)·n⌉ trials, as the TVaR does, never all the tied ones.
///
/// Standard error: the estimate θ̂ = Σ c·1{tail} / ((1 − α)·n) is the Euler (expected-shortfall) allocation of
/// the TVaR to component c. Its delta-method variance treats the tail as chosen by the same draws — the VaR is
/// estimated too — so it is not the plain s.e. of a mean over the tail trials, which would understate it:
///
///     Var(θ̂) ≈ Var[(c − c_q)·1{L ≥ VaR}] / (n·(1 − α)²) = (Var[c | tail] + α·(θ − c_q)²) / ((1 − α)·n)
///
/// with c_q = E[c | L = VaR], estimated by the mean of c over the 2⌊√((1 − α)·n)⌋ + 1 trials ranked around the
/// VaR trial. For c = M this is the TVaR's own delta-method variance (c_q = −VaR). The s.e. is widened for the
/// skewness of the terms and the few tail trials as the TVaR's is (`SkewedMeanInterval`, with |skewness|: a
/// component may be skewed either way), and it is reported only with at least `TailRisk.minimumTailTrials`
/// trials in the tail.
public struct TailBreakdown: Sendable {
    /// α.
    public let level: Double
    /// (1 − α)·n: the trials averaged, the last with a fractional weight.
    public let tailTrials: Double
    /// E[component | tail] of each component of M, in chain order, with its standard error.
    public let components: [(name: String, estimate: Estimate)]

    /// The means of the components add up to this: −TVaR (dollars).
    public var total: Double { components.reduce(0) { $0 + $1.estimate.value } }

    /// The breakdown at `alpha` of a run of `n` trials from the records of its worst trials, or nil when the
    /// records do not reach the VaR rank (a level beyond those the run kept records for).
    package static func estimate(level alpha: Double, trials n: Int, records: TailTrials) -> TailBreakdown? {
        let k = QuantileRank.ceilingRank(alpha, of: n)
        let beyond = n - k, varRank = n - k + 1
        guard varRank <= records.count else { return nil }
        let nd = Double(n)
        let weight = min(1, max(0, Double(k) - alpha * nd))
        let share = (1 - alpha) * nd
        let m = Double(beyond) + weight
        // Ranks around the VaR trial, for c_q = E[c | L = VaR].
        let h = max(1, Int((share).squareRoot()))
        let window = max(1, varRank - h)...min(records.count, varRank + h)
        let noError = share >= Double(TailRisk.minimumTailTrials) ? nil
            : "only \(String(format: "%.3g", share)) trials in the tail; a standard error needs at least \(TailRisk.minimumTailTrials)"
        var components: [(name: String, estimate: Estimate)] = []
        for (j, name) in records.componentNames.enumerated() {
            var sum = weight * records.component(j, rank: varRank)
            for r in stride(from: 1, through: beyond, by: 1) { sum += records.component(j, rank: r) }
            let mean = sum / m
            if let noError {
                components.append((name, Estimate(value: mean, noErrorBecause: noError)))
                continue
            }
            var atVaR = 0.0
            for r in window { atVaR += records.component(j, rank: r) }
            atVaR /= Double(window.count)
            // Influence terms u = (c − c_q)·1{tail} over all n trials (0 outside the tail).
            var s1 = 0.0, s2 = 0.0, s3 = 0.0
            func add(_ c: Double, _ w: Double) {
                let u = c - atVaR
                s1 += w * u
                s2 += w * u * u
                s3 += w * u * u * u
            }
            for r in stride(from: 1, through: beyond, by: 1) { add(records.component(j, rank: r), 1) }
            add(records.component(j, rank: varRank), weight)
            let mu = s1 / nd, m2 = s2 / nd, m3 = s3 / nd
            let raw = m2 - mu * mu
            let variance = raw.isFinite ? max(0, raw) : .nan
            let third = m3 - 3 * mu * m2 + 2 * mu * mu * mu
            let skewness = variance > 0 ? third / pow(variance, 1.5) : 0
            let widening = SkewedMeanInterval.widening(skewness: abs(skewness), terms: nd, tailTrials: share)
            let se = (variance / nd).squareRoot() / (1 - alpha) * widening
            components.append((name, Estimate(value: mean, standardError: se)))
        }
        return TailBreakdown(level: alpha, tailTrials: share, components: components)
    }
}
