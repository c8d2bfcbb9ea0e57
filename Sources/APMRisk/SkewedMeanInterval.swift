import Foundation
import APMSampling
import APMSupport

/// A 95% interval for a mean of right-skewed terms that stays honest in small samples, as a widening of the
/// plain standard error.
///
/// The expected shortfall is a mean of (L − VaR)⁺ terms, which are heavily right-skewed: with few tail trials the
/// estimate errs low more often than high, and the plain ±1.96 s.e. interval covers 88–91% instead of 95%
/// (measured over 1,000 seeds at 10–20 tail trials). Two corrections, both from the data:
/// - skewness: the Edgeworth expansion of the studentised mean (Hall 1992, §3.5) puts the centre of the 95%
///   interval δ = (2·1.96² + 1)·γ/(6√n) standard errors above the estimate, γ the skewness of the terms; the
///   symmetric interval with 95% coverage under that shift has half-width h(δ), solving Φ(h − δ) − Φ(−h − δ) = 0.95;
/// - few tail trials: h is scaled by t₀.₉₇₅(m − 1)/1.96, m the number of tail trials.
/// The reported standard error is the plain one × h(δ)·t/1.96², so that ±1.96 of it is the corrected interval.
/// Coverage, measured: 93–97% at 20, 100 and 1,000 tail trials for gamma and lognormal costs up to cv 1
/// (see the coverage tests); for lognormal cv 2, 91% at 20 tail trials and 94% from 40.
package enum SkewedMeanInterval {
    package static let z = 1.959963984540054

    /// The factor that widens a plain standard error: γ the skewness of the n terms, m the tail trials.
    package static func widening(skewness gamma: Double, terms n: Double, tailTrials m: Double) -> Double {
        let delta = (2 * z * z + 1) * max(0, gamma) / (6 * n.squareRoot())
        let t = GSL.studentTQuantile(0.975, dof: max(1, m - 1))
        return halfWidth(shift: delta) / z * t / z
    }

    /// h with Φ(h − δ) − Φ(−h − δ) = 0.95, by bisection (h ≥ 1.96; h − δ → 1.645 as δ grows).
    package static func halfWidth(shift delta: Double) -> Double {
        var lo = z, hi = z + delta + 1
        for _ in 0..<60 {
            let h = (lo + hi) / 2
            if GSL.normalCDF(h - delta) - GSL.normalCDF(-h - delta) < 0.95 { lo = h } else { hi = h }
        }
        return (lo + hi) / 2
    }
}
