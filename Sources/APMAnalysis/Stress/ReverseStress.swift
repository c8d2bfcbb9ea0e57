import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Reverse stress test: the size of one shock at which a metric reaches a breaking value.
///
/// Every evaluation reruns the model with the base's seed and blocks, so the metric is a deterministic
/// function of the shock size. The range is scanned in 16 equal steps from its first end; the first step
/// where the metric crosses the target is bisected to 1e-6 of the range. The standard error of the breaking
/// size is the delta-method s.e.(metric) / |slope|, the slope taken over that scan step.
public struct ReverseStress: Sendable {
    public let shock: String
    public let metric: RiskMetric
    public let target: Double
    /// The shock size where the metric reaches the target.
    public let size: Double
    public let standardError: Double
    /// Every metric at that size.
    public let report: RiskReport
    /// The run at that size (for the run record).
    public let outcome: SimulationOutcome
    /// The metric at every size evaluated on the way (the 16-step scan and the bisection), ascending in size:
    /// the reverse-stress curve.
    public let curve: [(size: Double, estimate: Estimate)]

    package static let scanSteps = 16

    /// The default range a shock is searched over, from neutral towards the adverse side for the provider.
    public static func defaultRange(_ shock: String, model: RiskModel) -> (Double, Double)? {
        switch shock {
        case "trend": return (0, 2)
        case "volume": return (0, 3)
        case "severity", "frequency", "add_on_probability", "lognormal_cv": return (1, 5)
        case "pareto_shape": return (1, 0.2)
        default: return nil
        }
    }

    public static func run(_ model: RiskModel, shock name: String, metric: RiskMetric, target: Double,
                           range: (Double, Double), threads: Int, progress: RunProgress? = nil) throws -> ReverseStress {
        let extra = metric.level.map { [$0] } ?? []
        var runs = 0
        func evaluate(_ x: Double) throws -> Simulation {
            guard let shock = Shock.named(name, size: x) else { throw ShockError(shock: name, rule: "cannot be searched") }
            runs += 1
            return try Simulation.run(try shock.apply(to: model).get(), threads: threads, extraTailLevels: extra,
                                      control: progress.control(run: runs, of: nil, "\(shock)"))
        }
        var evaluated: [(size: Double, estimate: Estimate)] = []
        func gap(_ x: Double) throws -> Double {
            let e = metric.estimate(in: try evaluate(x).report)
            evaluated.append((x, e))
            return e.value - target
        }

        let (from, to) = range
        var previousX = from
        var previousGap = try gap(from)
        if previousGap == 0 { return try finish(from, (from, previousGap), (to, try gap(to))) }
        var seen: [Double] = [previousGap]
        for step in 1...scanSteps {
            let x = from + (to - from) * Double(step) / Double(scanSteps)
            let g = try gap(x)
            seen.append(g)
            if g == 0 || (g > 0) != (previousGap > 0) {
                // Bisect [previousX, x].
                var a = previousX, ga = previousGap, b = x
                while abs(b - a) > 1e-6 * abs(to - from) {
                    let mid = (a + b) / 2
                    let gm = try gap(mid)
                    if gm == 0 { a = mid; b = mid; break }
                    if (gm > 0) == (ga > 0) { a = mid; ga = gm } else { b = mid }
                }
                return try finish((a + b) / 2, (previousX, previousGap), (x, g))
            }
            previousX = x
            previousGap = g
        }
        let low = seen.map { $0 + target }.min()!, high = seen.map { $0 + target }.max()!
        throw ShockError(shock: name, rule: "no size from \(from) to \(to) makes \(metric) reach \(metric.format(target)): "
            + "over that range it stays between \(metric.format(low)) and \(metric.format(high))")

        /// The result at `size`; the slope comes from the scan step's two ends, already evaluated.
        func finish(_ size: Double, _ lo: (x: Double, gap: Double), _ hi: (x: Double, gap: Double)) throws -> ReverseStress {
            let run = try evaluate(size)
            let slope = (hi.gap - lo.gap) / (hi.x - lo.x)
            let atSize = metric.estimate(in: run.report)
            let se = slope != 0 ? atSize.standardError / abs(slope) : .infinity
            var curve = evaluated
            curve.append((size, atSize))
            curve.sort { $0.size < $1.size }
            return ReverseStress(shock: name, metric: metric, target: target, size: size, standardError: se,
                                 report: run.report, outcome: run.outcome, curve: curve)
        }
    }
}
