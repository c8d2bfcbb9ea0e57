import APMEngine
import APMModel
import APMSampling

/// A distribution family `apmrisk bench` measures, in GSL's native parameters: every continuous family's
/// `ContinuousFamily.benchmark`, then the two count families. The reference C loop
/// (`Benchmarks/reference/gsl_loop.c`) makes the same `gsl_ran_*` calls with the same parameters.
public struct BenchFamily: Sendable {
    /// The family's model-file key.
    public let name: String
    /// The cost distribution drawn, for a continuous family.
    package let cost: CostDistribution?
    /// The count distribution drawn, for a count family.
    package let count: CountDistribution?
    /// The GSL call and parameters, as the C reference makes it.
    public let call: String

    /// Every family measured, in the order reported.
    public static let all: [BenchFamily] = ContinuousFamily.all.compactMap { family in
        family.benchmark.map { BenchFamily(name: family.name, cost: .continuous($0), count: nil, call: family.call(with: $0.native.values)) }
    } + [
        BenchFamily(name: "poisson", cost: nil, count: .poisson(mean: 4), call: "gsl_ran_poisson(r, 4)"),
        BenchFamily(name: "negative_binomial", cost: nil, count: .negativeBinomial(p: 0.5, n: 4),
                    call: "gsl_ran_negative_binomial(r, 0.5, 4)"),
    ]
}
