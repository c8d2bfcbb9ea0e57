import Foundation
import APMSampling

/// A two-component lognormal mixture fitted by EM on ln x (a Gaussian mixture there), for costs with a routine
/// body and a complicated minority (e.g. episodes with and without a readmission).
///
/// EM starts from the sample split at its median and stops when ln L improves by less than 1e-9 relative or after
/// 2,000 iterations. Components are ordered by ζ so that replicates compare like with like. Standard errors come
/// from a parametric bootstrap (the mixture's information matrix is awkward near a degenerate component): each
/// replicate draws a sample of the same size from the fit with GSL (stream (seed, b, `fitBootstrap`)), refits,
/// and the s.e. is the replicates' standard deviation.
public struct LognormalMixture: Sendable {
    /// weight, ζ, σ of each component, ordered by ζ; each with its bootstrap s.e.
    public let components: [(weight: FittedParameter, zeta: FittedParameter, sigma: FittedParameter)]
    public let logLikelihood: Double
    public let sampleSize: Int
    public let iterations: Int
    public let replicates: Int
    /// AIC with 5 parameters.
    public var aic: Double { 10 - 2 * logLikelihood }

    struct Estimate { var w: [Double], m: [Double], s: [Double], ll: Double, iterations: Int }

    static func em(_ logs: [Double]) -> Estimate? {
        let n = Double(logs.count)
        let sorted = logs.sorted()
        let half = sorted.count / 2
        guard half >= 2 else { return nil }
        func moments(_ xs: ArraySlice<Double>) -> (Double, Double) {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (m, max((xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot(), 1e-3))
        }
        let (m0, s0) = moments(sorted[..<half]), (m1, s1) = moments(sorted[half...])
        var e = Estimate(w: [0.5, 0.5], m: [m0, m1], s: [s0, s1], ll: -.infinity, iterations: 0)
        for it in 1...2_000 {
            // E and M steps in one pass: responsibilities of component 0, and the weighted sums they give.
            var ll = 0.0, r0 = 0.0, s0 = 0.0, q0 = 0.0, s1 = 0.0, q1 = 0.0
            for y in logs {
                let a = e.w[0] * density(y, e.m[0], e.s[0]), b = e.w[1] * density(y, e.m[1], e.s[1])
                let t = a + b
                guard t > 0 else { return nil }
                let r = a / t
                ll += log(t)
                r0 += r; s0 += r * y; q0 += r * y * y
                s1 += (1 - r) * y; q1 += (1 - r) * y * y
            }
            let r1 = n - r0
            guard r0 > 1, r1 > 1 else { return nil }
            let mu0 = s0 / r0, mu1 = s1 / r1
            let v0 = q0 / r0 - mu0 * mu0, v1 = q1 / r1 - mu1 * mu1
            guard v0 > 1e-12, v1 > 1e-12 else { return nil }
            let improved = ll - e.ll
            e = Estimate(w: [r0 / n, r1 / n], m: [mu0, mu1], s: [v0.squareRoot(), v1.squareRoot()], ll: ll, iterations: it)
            if improved.isFinite && abs(improved) <= 1e-9 * abs(ll) { break }
        }
        // ln L of the data x (not ln x): subtract Σ ln x.
        e.ll -= logs.reduce(0, +)
        if e.m[0] > e.m[1] { e = Estimate(w: e.w.reversed(), m: e.m.reversed(), s: e.s.reversed(), ll: e.ll, iterations: e.iterations) }
        return e
    }

    static func density(_ y: Double, _ m: Double, _ s: Double) -> Double {
        let z = (y - m) / s
        return exp(-0.5 * z * z) / (s * (2 * Double.pi).squareRoot())
    }

    /// Fits the mixture to positive `values`; nil when EM collapses (a component with fewer than one value's
    /// weight, or zero variance).
    public static func fit(_ values: [Double], replicates: Int, seed: UInt64, threads: Int) -> LognormalMixture? {
        guard let e = em(values.map(log)) else { return nil }
        let n = values.count
        let draws = (0..<2).map { ContinuousDistribution.lognormal(zeta: e.m[$0], sigma: e.s[$0]) }
        let reps = Bootstrap.replicates(replicates, seed: seed, threads: threads) { stream, _ in
            em((0..<n).map { _ in log(draws[stream.uniform() < e.w[0] ? 0 : 1].sample(stream)) })
        }
        let ok = reps.compactMap { $0 }
        func se(_ f: (Estimate) -> Double) -> Double? {
            guard ok.count >= 2 else { return nil }
            let xs = ok.map(f), m = xs.reduce(0, +) / Double(xs.count)
            return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
        }
        let comps = (0..<2).map { k in
            (weight: FittedParameter(name: "weight", value: e.w[k], standardError: se { $0.w[k] }),
             zeta: FittedParameter(name: "zeta", value: e.m[k], standardError: se { $0.m[k] }),
             sigma: FittedParameter(name: "sigma", value: e.s[k], standardError: se { $0.s[k] }))
        }
        return LognormalMixture(components: comps, logLikelihood: e.ll, sampleSize: n, iterations: e.iterations,
                                replicates: ok.count)
    }
}
