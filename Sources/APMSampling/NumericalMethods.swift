import CGSL
import Foundation

/// GSL's root finders and special functions, for the layers above that fit distributions to data
/// (`apmrisk fit`): they see Swift closures and numbers, never a `gsl_function`.
public enum NumericalMethods {
    /// The root of `f` in [lo, hi] by GSL's Brent–Dekker solver (`gsl_root_fsolver_brent`), to a relative
    /// tolerance `tolerance`; nil when f(lo) and f(hi) do not differ in sign, f is not finite there, or the
    /// solver does not converge in 200 iterations.
    public static func root(in lo: Double, _ hi: Double, tolerance: Double = 1e-12,
                            _ f: @escaping (Double) -> Double) -> Double? {
        GSL.prepare()
        let flo = f(lo), fhi = f(hi)
        guard flo.isFinite, fhi.isFinite else { return nil }
        if flo == 0 { return lo }
        if fhi == 0 { return hi }
        guard (flo < 0) != (fhi < 0) else { return nil }
        final class Box { let f: (Double) -> Double; init(_ f: @escaping (Double) -> Double) { self.f = f } }
        let box = Box(f)
        guard let solver = gsl_root_fsolver_alloc(apm_root_fsolver_brent()) else { return nil }
        defer { gsl_root_fsolver_free(solver) }
        return withExtendedLifetime(box) {
            var function = gsl_function(function: { x, params in
                Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().f(x)
            }, params: Unmanaged.passUnretained(box).toOpaque())
            guard gsl_root_fsolver_set(solver, &function, lo, hi) == GSL_SUCCESS else { return nil }
            for _ in 0..<200 {
                guard gsl_root_fsolver_iterate(solver) == GSL_SUCCESS else { return nil }
                let a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(a, b, 0, tolerance) == GSL_SUCCESS { return gsl_root_fsolver_root(solver) }
            }
            return nil
        }
    }

    /// ψ(x) = Γ′(x)/Γ(x), the digamma function (`gsl_sf_psi`), x > 0.
    public static func digamma(_ x: Double) -> Double { GSL.prepare(); return gsl_sf_psi(x) }

    /// ψ′(x), the trigamma function (`gsl_sf_psi_1`), x > 0.
    public static func trigamma(_ x: Double) -> Double { GSL.prepare(); return gsl_sf_psi_1(x) }

    /// P(χ²ₖ > x), the upper tail of a chi-squared distribution with `dof` degrees of freedom (`gsl_cdf_chisq_Q`).
    public static func chiSquaredUpperTail(_ x: Double, dof: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_chisq_Q(x, dof)
    }

    /// ln P(K = k) of a negative binomial (`gsl_ran_negative_binomial_pdf` would underflow for large k: this is
    /// lnΓ(k + n) − lnΓ(n) − lnΓ(k + 1) + n ln p + k ln(1 − p), with GSL's `gsl_sf_lngamma`).
    public static func negativeBinomialLogProbability(_ k: Int, p: Double, n: Double) -> Double {
        GSL.prepare()
        let x = Double(k)
        return gsl_sf_lngamma(x + n) - gsl_sf_lngamma(n) - gsl_sf_lngamma(x + 1) + n * log(p) + x * log1p(-p)
    }

    /// ln Γ(x) (`gsl_sf_lngamma`).
    public static func logGamma(_ x: Double) -> Double { GSL.prepare(); return gsl_sf_lngamma(x) }
}
