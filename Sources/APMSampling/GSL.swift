import CGSL

/// Process-wide facts about the GSL library apmrisk samples with.
///
/// GSL's default error handler calls `abort()`. apmrisk validates every parameter before it reaches GSL,
/// and a library must never be the one that answers a user, so the handler is switched off before the first
/// GSL call: every entry point of the sampling layer calls `GSL.prepare()`.
public enum GSL {
    private static let handlerOff: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// Switches GSL's abort-on-error handler off (idempotent, thread-safe).
    public static func prepare() {
        _ = handlerOff
    }

    /// The version of the GSL library linked at run time, e.g. "2.7.1".
    public static var version: String {
        prepare()
        return String(cString: apm_gsl_version())
    }

    /// Names of every generator type this GSL registers (`gsl_rng_types_setup`).
    public static var generatorNames: [String] {
        prepare()
        var names: [String] = []
        var i: Int32 = 0
        while let name = apm_rng_type_name_at(i) {
            names.append(String(cString: name))
            i += 1
        }
        return names
    }

    /// Φ(x), the standard normal distribution function (`gsl_cdf_ugaussian_P`).
    public static func normalCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// Φ⁻¹(p), the standard normal quantile (`gsl_cdf_ugaussian_Pinv`), 0 < p < 1.
    public static func normalQuantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The p-quantile of Student's t with `dof` degrees of freedom (`gsl_cdf_tdist_Pinv`), dof > 0.
    public static func studentTQuantile(_ p: Double, dof: Double) -> Double { gsl_cdf_tdist_Pinv(p, dof) }
}
