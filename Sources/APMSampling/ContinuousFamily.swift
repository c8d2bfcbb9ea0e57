import Foundation
import APMSupport

/// One continuous distribution family as a model file writes it: its key, its native (GSL) parameters in the
/// order of its `ContinuousDistribution` case, whether and how it takes the actuary's mean and cv, the rules its
/// values obey, the warnings it raises, and the typical member `apmrisk bench` draws.
///
/// `all` is the one list of families: the model reader, the model description, the bench and the schema test
/// iterate it. Adding a family is one `ContinuousDistribution` case (its sample, moments and `native` arm, which
/// the compiler asks for) and one entry here.
public struct ContinuousFamily: Sendable {
    /// What a native parameter must be, beyond a finite number.
    public enum Rule: Sendable {
        /// Greater than 0.
        case positive
        /// Any finite number (a log-scale location, a normal mean).
        case anySign
        /// 0 or more (a constant cost).
        case nonNegative
    }

    /// A native parameter: its key in the model file and its rule.
    public struct Parameter: Sendable {
        public let name: String
        public let rule: Rule
    }

    /// A warning about a distribution the reader accepts: the text (nil when there is nothing to say), shown
    /// against `parameter` in native form and against `cv` in mean-and-cv form.
    public struct Warning: Sendable {
        public let parameter: String
        public let text: @Sendable (ContinuousDistribution) -> String?
    }

    /// How a family is built from the actuary's mean (> 0) and cv (> 0, and within `cvRange` when given).
    public struct MeanAndCV: Sendable {
        public let make: @Sendable (_ mean: Double, _ cv: Double) -> ContinuousDistribution
        public let cvRange: ClosedRange<Double>?
    }

    /// The key in the model file (`lognormal: {…}`).
    public let name: String
    /// The native parameters, in the order of the `ContinuousDistribution` case.
    public let parameters: [Parameter]
    /// Written as a bare number (`constant: 5000`) rather than a mapping of its one parameter.
    public let isScalar: Bool
    /// The distribution from native values, in `parameters` order (already checked against their rules).
    public let make: @Sendable ([Double]) -> ContinuousDistribution
    /// The mean-and-cv form; nil when the family takes only its native parameters.
    public let meanAndCV: MeanAndCV?
    /// Whether a draw can be negative (then it cannot stand for a positive quantity such as a risk score).
    public let canBeNegative: Bool
    public let warning: Warning?
    /// GSL's call with the parameter names in place of values, as the C reference writes it.
    public let call: String
    /// The member `apmrisk bench` draws (the C reference `Benchmarks/reference/gsl_loop.c` draws the same); nil
    /// for a family with no draw.
    public let benchmark: ContinuousDistribution?

    /// The names of the native parameters, in order.
    public var parameterNames: [String] { parameters.map(\.name) }

    /// The family whose model-file key is `name`.
    public static func named(_ name: String) -> ContinuousFamily? { all.first { $0.name == name } }

    /// `call` with the parameters' values in place of their names.
    public func call(with values: [Double]) -> String {
        var out = "", word = ""
        func flush() {
            out += parameters.firstIndex { $0.name == word }.map { format(values[$0]) } ?? word
            word = ""
        }
        for ch in call {
            if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }
}

extension ContinuousFamily {
    /// Every continuous family, in the order the model file documents them.
    public static let all: [ContinuousFamily] = [lognormal, gamma, weibull, pareto, exponential, normal, constant]

    public static let lognormal = ContinuousFamily(
        name: "lognormal", parameters: [.init(name: "zeta", rule: .anySign), .init(name: "sigma", rule: .positive)],
        isScalar: false, make: { .lognormal(zeta: $0[0], sigma: $0[1]) },
        meanAndCV: .init(make: ContinuousDistribution.lognormal(mean:cv:), cvRange: nil), canBeNegative: false,
        warning: nil, call: "exp(zeta + sigma * gsl_ran_gaussian_ziggurat(r, 1))",
        benchmark: .lognormal(zeta: 6.5, sigma: 0.8))

    public static let gamma = ContinuousFamily(
        name: "gamma", parameters: [.init(name: "shape", rule: .positive), .init(name: "scale", rule: .positive)],
        isScalar: false, make: { .gamma(shape: $0[0], scale: $0[1]) },
        meanAndCV: .init(make: ContinuousDistribution.gamma(mean:cv:), cvRange: nil), canBeNegative: false,
        warning: nil, call: "gsl_ran_gamma(r, shape, scale)", benchmark: .gamma(shape: 4, scale: 250))

    /// The shape from a cv is found by bisection, which covers cv 0.001 … 100.
    public static let weibull = ContinuousFamily(
        name: "weibull", parameters: [.init(name: "scale", rule: .positive), .init(name: "shape", rule: .positive)],
        isScalar: false, make: { .weibull(scale: $0[0], shape: $0[1]) },
        meanAndCV: .init(make: ContinuousDistribution.weibull(mean:cv:), cvRange: 0.001...100), canBeNegative: false,
        warning: nil, call: "gsl_ran_weibull(r, scale, shape)", benchmark: .weibull(scale: 1_000, shape: 1.5))

    public static let pareto = ContinuousFamily(
        name: "pareto", parameters: [.init(name: "shape", rule: .positive), .init(name: "scale", rule: .positive)],
        isScalar: false, make: { .pareto(shape: $0[0], scale: $0[1]) },
        meanAndCV: .init(make: ContinuousDistribution.pareto(mean:cv:), cvRange: nil), canBeNegative: false,
        warning: .init(parameter: "shape") { d in
            guard case let .pareto(shape, _) = d else { return nil }
            return paretoShapeWarning(shape)
        },
        call: "gsl_ran_pareto(r, shape, scale)", benchmark: .pareto(shape: 3, scale: 600))

    public static let exponential = ContinuousFamily(
        name: "exponential", parameters: [.init(name: "mean", rule: .positive)],
        isScalar: false, make: { .exponential(mean: $0[0]) }, meanAndCV: nil, canBeNegative: false,
        warning: nil, call: "gsl_ran_exponential(r, mean)", benchmark: .exponential(mean: 1_000))

    /// Meant for systematic factors near 1: its mean may have either sign, its draws too.
    public static let normal = ContinuousFamily(
        name: "normal", parameters: [.init(name: "mean", rule: .anySign), .init(name: "sd", rule: .positive)],
        isScalar: false, make: { .normal(mean: $0[0], sd: $0[1]) },
        meanAndCV: .init(make: ContinuousDistribution.normal(mean:cv:), cvRange: nil), canBeNegative: true,
        warning: nil, call: "mean + gsl_ran_gaussian_ziggurat(r, sd)", benchmark: .normal(mean: 1, sd: 0.05))

    public static let constant = ContinuousFamily(
        name: "constant", parameters: [.init(name: "value", rule: .nonNegative)],
        isScalar: true, make: { .constant($0[0]) }, meanAndCV: nil, canBeNegative: false,
        warning: nil, call: "value", benchmark: nil)

    /// A Pareto tail's moments exist only below its shape: ≤ 1, no mean; ≤ 2, no variance; < 4, no fourth
    /// moment, which the standard error of a standard deviation (and of every variance-based figure) needs.
    static func paretoShapeWarning(_ shape: Double) -> String? {
        if shape <= 1 {
            return "Pareto shape \(format(shape)) ≤ 1 has an infinite mean; "
                + "expected margin, TVaR and their errors will not converge"
        } else if shape <= 2 {
            return "Pareto shape \(format(shape)) ≤ 2 has an infinite variance; "
                + "standard errors are unreliable and estimates converge slowly"
        } else if shape < 4 {
            return "Pareto shape \(Figure.plain(shape)) < 4 has an infinite fourth moment; "
                + "the standard errors of the margin SD and other variance-based figures are unreliable"
        }
        return nil
    }
}
