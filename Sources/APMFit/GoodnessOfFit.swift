import Foundation
import APMSampling

/// Kolmogorov–Smirnov and Anderson–Darling statistics of a fit, with p-values by parametric bootstrap.
///
/// The usual tables assume the distribution was known in advance; here it was fitted to the same data, which
/// makes both statistics smaller than the tables expect. So each p-value comes from `replicates` samples of the
/// same size drawn with GSL from the fitted distribution, each fitted again by the same procedure (a Pareto's
/// threshold chosen the same way), p = (1 + #{statistic ≥ observed}) / (1 + replicates). Replicate b draws from
/// the stream keyed (seed, b, `fitBootstrap`), so the p-values are the same on any number of threads.
public struct GoodnessOfFit: Sendable, Hashable {
    /// D = sup |Fₙ − F|.
    public let ks: Double
    /// A² = −n − (1/n) Σ (2i − 1)[ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎))].
    public let ad: Double
    public let ksPValue: Double
    public let adPValue: Double
    public let replicates: Int
    /// Replicates whose refit failed (counted as not exceeding); 0 normally.
    public let failedReplicates: Int

    /// KS and AD of `sorted` (ascending, the values the fit covers) against `d`.
    public static func statistics(_ sorted: [Double], _ d: ContinuousDistribution) -> (ks: Double, ad: Double) {
        let n = Double(sorted.count)
        var ks = 0.0, ad = 0.0
        let f = sorted.map { min(max(d.cdf($0) ?? .nan, 1e-300), 1 - 1e-16) }
        for (i, fi) in f.enumerated() {
            ks = max(ks, Double(i + 1) / n - fi, fi - Double(i) / n)
            ad += Double(2 * i + 1) * (log(fi) + log1p(-f[f.count - 1 - i]))
        }
        return (ks, -n - ad / n)
    }

    /// Tests `fit` on the `sorted` values it covers; `threshold` as the fit was given it (nil: the minimum).
    public static func test(_ fit: CostFit, sorted: [Double], threshold: Double?, replicates: Int, seed: UInt64,
                            threads: Int) -> GoodnessOfFit {
        let observed = statistics(sorted, fit.distribution)
        let n = sorted.count
        // Per replicate: (KS ≥ observed, AD ≥ observed), or nil when the refit failed.
        let hits = Bootstrap.replicates(replicates, seed: seed, threads: threads) { stream, _ -> (Bool, Bool)? in
            let sample = (0..<n).map { _ in fit.distribution.sample(stream) }
            let s = SampleSummary(sample)
            // A Pareto's threshold: the same value again when given, else the new minimum.
            guard let refit = fit.family.fit(s, threshold: threshold) else { return nil }
            let st = statistics(refit.sorted, refit.distribution)
            return (st.ks >= observed.ks, st.ad >= observed.ad)
        }
        let ksAtLeast = hits.map { $0?.0 ?? false }, adAtLeast = hits.map { $0?.1 ?? false }
        func p(_ hits: [Bool]) -> Double { Double(1 + hits.filter { $0 }.count) / Double(1 + replicates) }
        return GoodnessOfFit(ks: observed.ks, ad: observed.ad, ksPValue: p(ksAtLeast), adPValue: p(adAtLeast),
                             replicates: replicates, failedReplicates: hits.filter { $0 == nil }.count)
    }
}
