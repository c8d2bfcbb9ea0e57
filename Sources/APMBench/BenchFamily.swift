import APMEngine
import APMModel
import APMSampling

/// The distribution families `apmrisk bench` measures, in GSL's native parameters. The reference C loop
/// (`Benchmarks/reference/gsl_loop.c`) makes the same `gsl_ran_*` calls with the same parameters.
public enum BenchFamily: String, Sendable, CaseIterable {
    case lognormal, gamma, weibull, pareto, exponential, normal, poisson
    case negativeBinomial = "negative_binomial"

    /// The cost distribution drawn, for the continuous families.
    package var cost: CostDistribution? {
        switch self {
        case .lognormal: return .continuous(.lognormal(zeta: 6.5, sigma: 0.8))
        case .gamma: return .continuous(.gamma(shape: 4, scale: 250))
        case .weibull: return .continuous(.weibull(scale: 1_000, shape: 1.5))
        case .pareto: return .continuous(.pareto(shape: 3, scale: 600))
        case .exponential: return .continuous(.exponential(mean: 1_000))
        case .normal: return .continuous(.normal(mean: 1, sd: 0.05))
        case .poisson, .negativeBinomial: return nil
        }
    }

    /// The count distribution drawn, for the count families.
    package var count: CountDistribution? {
        switch self {
        case .poisson: return .poisson(mean: 4)
        case .negativeBinomial: return .negativeBinomial(p: 0.5, n: 4)
        default: return nil
        }
    }

    /// The GSL call and parameters, as the C reference makes it.
    public var call: String {
        switch self {
        case .lognormal: return "exp(6.5 + 0.8 * gsl_ran_gaussian_ziggurat(r, 1))"
        case .gamma: return "gsl_ran_gamma(r, 4, 250)"
        case .weibull: return "gsl_ran_weibull(r, 1000, 1.5)"
        case .pareto: return "gsl_ran_pareto(r, 3, 600)"
        case .exponential: return "gsl_ran_exponential(r, 1000)"
        case .normal: return "1 + gsl_ran_gaussian_ziggurat(r, 0.05)"
        case .poisson: return "gsl_ran_poisson(r, 4)"
        case .negativeBinomial: return "gsl_ran_negative_binomial(r, 0.5, 4)"
        }
    }
}
