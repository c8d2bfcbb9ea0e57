import Foundation

/// An importance-sampling tilt: how far each random quantity that drives the loss tail is drawn away from its
/// own law, towards higher costs. Every tilted draw adds its log likelihood ratio log(f/g) to the trial's log
/// weight (`TiltedCostSampler`, `TiltedCount`, `TiltedFactor`), so that a weighted mean over tilted trials
/// estimates the untilted expectation. All zero (`none`) draws exactly the untilted law.
///
/// What is tilted, and how (log LR of one draw in brackets):
/// - Θ, when it is lognormal or normal: its underlying standard normal Z is drawn from N(μ, 1)
///   [−μ·Z + μ²/2]. Other Θ families stay untilted.
/// - the catastrophe's probability q becomes q′ [log(q/q′) if it happens, else log((1 − q)/(1 − q′))].
/// - Poisson and negative binomial counts (the unit count N; a compound's claim counts K), by exponential
///   tilting with parameter t: Poisson mean λeᵗ [−t·k + λ(eᵗ − 1)]; negative binomial p′ = 1 − (1 − p)eᵗ,
///   valid while (1 − p)eᵗ < 1 [n·log(p/p′) − t·k]. Fixed counts, and counts shocked by a scenario, stay
///   untilted.
/// - severities (every leaf of the unit cost, add-ons' costs included), with one rate s per dollar: gamma
///   (shape a, scale b) and exponential (a = 1) by exponential tilting, scale b/(1 − s·b), valid while
///   s·b < 1 [−a·log(1 − s·b) − s·x]; lognormal (ζ, σ, mean m, cv c), which has no moment generating
///   function, by a shift μ = ln(1 + s·m·c²)/σ of its Gaussian, which raises the mean by s·Var[X] as an
///   exponential tilt by s would to first order [−μ·Z + μ²/2]. Weibull, Pareto (no moment generating
///   function), normal and constant severities stay untilted, as do mixture choices, probabilities of zero,
///   add-on occurrences, quality scores and a count that loads on Θ through its copula (it moves with Θ).
public struct Tilt: Sendable, Hashable, CustomStringConvertible {
    /// μ: the shift of Θ's underlying standard normal, in standard deviations.
    public var theta: Double
    /// q′: the catastrophe's probability under the tilt; nil keeps q.
    public var catastrophe: Double?
    /// t: the exponential tilt of a Poisson or negative binomial unit count N.
    public var units: Double
    /// t: the exponential tilt of a compound unit cost's Poisson or negative binomial claim counts.
    public var claims: Double
    /// s: the tilt of every severity, per dollar (see the type's documentation).
    public var severity: Double

    public init(theta: Double = 0, catastrophe: Double? = nil, units: Double = 0, claims: Double = 0, severity: Double = 0) {
        self.theta = theta
        self.catastrophe = catastrophe
        self.units = units
        self.claims = claims
        self.severity = severity
    }

    /// No tilt at all: the untilted law, every weight 1.
    public static let none = Tilt()

    /// The tilt written as the `--tilt` option takes it: `theta=…,units=…,claims=…,severity=…[,catastrophe=…]`.
    public var description: String {
        var parts = ["theta=\(Self.format(theta))", "units=\(Self.format(units))", "claims=\(Self.format(claims))",
                     "severity=\(Self.format(severity))"]
        if let catastrophe { parts.append("catastrophe=\(Self.format(catastrophe))") }
        return parts.joined(separator: ",")
    }

    private static func format(_ x: Double) -> String { String(format: "%.6g", x) }
}
