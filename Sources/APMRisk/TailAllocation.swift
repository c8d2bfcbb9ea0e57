import Foundation
import APMEngine
import APMSupport

/// The Euler (co-TVaR) allocation of a portfolio's TVaR at level α to its lines and to their components
/// (payment-designs.md §7):
///
///     allocᵢ = E[Lᵢ | the total's worst (1 − α)·n trials],   Σᵢ allocᵢ = TVaR_α(L)
///
/// averaged over exactly the trials the total's TVaR averages (the same ranks, the VaR trial with its fractional
/// weight: `TailBreakdown`), so the lines' allocations add up to the total's TVaR (up to rounding), and each
/// line's components' allocations add up to that line's. Sign convention: **losses** (L = −M), unlike the tail
/// breakdown of one model, whose components are of M. A line that gains in the total's bad years gets a
/// negative allocation. Standard errors: `TailBreakdown`'s delta method for an expected-shortfall allocation.
public struct TailAllocation: Sendable {
    /// α.
    public let level: Double
    /// The total's TVaR at α (dollars of loss), as the allocations add it up.
    public let total: Double
    /// E[Lᵢ | tail] of each line, in line order, with its standard error.
    public let lines: [(name: String, estimate: Estimate)]
    /// E[component of Lᵢ | tail] of each line's components (named `line: component`, −E[component of Mᵢ | tail]).
    public let components: [(name: String, estimate: Estimate)]

    /// The allocation at `alpha` from the total's tail records (`PortfolioOutcome.total`), whose first `lines`
    /// components are the lines' margins; nil when the records do not reach the VaR rank.
    public static func estimate(level alpha: Double, trials n: Int, records: TailTrials, lines: Int) -> TailAllocation? {
        guard let b = TailBreakdown.estimate(level: alpha, trials: n, records: records) else { return nil }
        let losses = b.components.map { c in
            (name: c.name, estimate: c.estimate.errorNote.map { Estimate(value: -c.estimate.value, noErrorBecause: $0) }
                ?? Estimate(value: -c.estimate.value, standardError: c.estimate.standardError))
        }
        let shares = Array(losses.prefix(lines))
        return TailAllocation(level: alpha, total: shares.reduce(0) { $0 + $1.estimate.value }, lines: shares,
                              components: Array(losses.dropFirst(lines)))
    }
}

/// The diversification benefit of a portfolio at level α: Σᵢ TVaR_α(Lᵢ) − TVaR_α(L) ≥ 0 (TVaR is subadditive),
/// dollars. 0 for comonotone lines.
///
/// Standard error by the delta method on the same trials: to first order each TVaR is the mean of one term a
/// trial, VaR + (L − VaR)⁺/(1 − α) (`PairedError`), so the benefit is the mean of
/// Σᵢ (Lᵢ − VaRᵢ)⁺/(1 − α) − (L − VaR)⁺/(1 − α) (+ constants), and its s.e. is their s.d./√n, widened for the
/// terms' skewness and the few trials in the tails as a TVaR's is (`SkewedMeanInterval`). None where any of the
/// TVaRs has none (too few tail trials).
public struct Diversification: Sendable {
    public let level: Double
    /// Σᵢ TVaR_α(Lᵢ) (dollars).
    public let sumOfLines: Double
    /// TVaR_α(L) of the total (dollars).
    public let total: Double
    /// Σᵢ TVaR_α(Lᵢ) − TVaR_α(L), with its standard error.
    public let benefit: Estimate

    /// The benefit at `alpha` from the reports of the total and the lines and every trial's line margins
    /// (`lineMargins[i][t]`, in trial order; the total's margin is their sum in line order, as the engine's).
    public static func estimate(level alpha: Double, total: RiskReport, lines: [RiskReport],
                                lineMargins: [[Double]]) -> Diversification {
        let t = total.tail(at: alpha)
        let tails = lines.map { $0.tail(at: alpha) }
        let sum = tails.reduce(0) { $0 + $1.tailValueAtRisk.value }
        let value = sum - t.tailValueAtRisk.value
        if let note = ([t] + tails).lazy.compactMap(\.tailValueAtRisk.errorNote).first {
            return Diversification(level: alpha, sumOfLines: sum, total: t.tailValueAtRisk.value,
                                   benefit: Estimate(value: value, noErrorBecause: note))
        }
        let n = lineMargins.first?.count ?? 0
        let v = t.valueAtRisk.value, vs = tails.map(\.valueAtRisk.value)
        var terms = [Double](repeating: 0, count: n)
        for trial in 0..<n {
            var m = 0.0, lineTerms = 0.0
            for (i, margins) in lineMargins.enumerated() {
                m += margins[trial]
                lineTerms += max(0, -margins[trial] - vs[i])
            }
            terms[trial] = (lineTerms - max(0, -m - v)) / (1 - alpha)
        }
        let moments = Moments(of: terms)
        let nd = Double(n)
        let skewness = moments.m2 > 0 ? (moments.m3 / nd) / pow(moments.m2 / nd, 1.5) : 0
        let widening = SkewedMeanInterval.widening(skewness: abs(skewness), terms: nd, tailTrials: (1 - alpha) * nd)
        return Diversification(level: alpha, sumOfLines: sum, total: t.tailValueAtRisk.value,
                               benefit: Estimate(value: value, standardError: moments.standardErrorOfMean * widening))
    }
}
