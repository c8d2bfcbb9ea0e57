import Foundation
import APMContracts
import APMSampling
import APMSupport

/// The limits that keep every model apmrisk accepts cheap to read and every trial finite in time and memory.
/// They are checked when a model is read, after every stress shock, and once more before any run
/// (`Simulation.run`), so neither a scenario, a command-line shock nor a reverse-stress search can get past
/// them. README, "Reliability", lists them.
public enum ModelLimits {
    /// YAML nodes in a model file with its aliases expanded (each use of an alias counts its whole node):
    /// refuses "billion laughs" files before they are composed (`YAMLExpansion`).
    public static let maxYAMLNodes = 1_000_000
    /// Cost-distribution nodes (every distribution, mixture component, compound severity and add-on cost).
    public static let maxDistributionNodes = 10_000
    /// Named stress scenarios in a model file.
    public static let maxScenarios = 100
    /// VaR/TVaR levels (in a model file or `--levels`).
    public static let maxLevels = 100
    /// The mean and the standard deviation of every count: episodes, members, claims per unit.
    public static let maxCount: Double = 100_000_000
    /// Expected work in one trial: GSL draws (`SimulationJob.expectedDrawsPerTrial`), and sampler steps that draw
    /// nothing (a constant claim, a step of a mixture's component scan).
    public static let maxDrawsPerTrial: Double = 100_000_000
    /// Worker threads (`--threads`, and any `Simulation.run`).
    public static let maxThreads = 1024

    /// A limit a model breaks: the field it concerns and the rule, in words with the figures.
    public struct Violation: Error, Equatable, CustomStringConvertible {
        public let field: String
        public let rule: String
        public var description: String { "\(field): \(rule)" }
    }

    /// The first limit `model` breaks, or nil. Costs one walk of its distributions.
    public static func violation(of model: RiskModel) -> Violation? {
        let unitsField = "contract.\(model.contract.kind).\(model.contract.unitName)"
        let units = model.contract.units
        if let rule = countRule(units) { return Violation(field: unitsField, rule: rule) }
        for (field, cost) in [("cost", model.unitCost), ("systematic_factor", model.systematicFactor)] {
            if let rule = cost?.counts.lazy.compactMap(countRule).first {
                return Violation(field: field, rule: "a claim count's " + rule)
            }
        }
        let job = SimulationJob.job(for: model, threads: 1)
        // A risk-adjusted capitation's members draw their score, residual and attribution, not the cost model.
        let perUnit = model.contract.riskAdjustment.map { max(1, $0.expectedDrawsPerMember) }
            ?? max(model.unitCost.expectedDraws, model.unitCost.expectedSteps)
        let work = max(job.expectedDrawsPerTrial, units.mean * perUnit + (model.systematicFactor?.expectedSteps ?? 0))
        guard work <= maxDrawsPerTrial else {
            // Name the larger factor: the unit count, or the cost of one unit.
            return Violation(field: units.mean >= perUnit ? unitsField : "cost", rule: "one trial needs about \(scientific(work)) GSL draws on average "
                + "(\(scientific(units.mean)) \(model.contract.unitName) × "
                + "\(scientific(perUnit)) a unit), above the limit of \(scientific(maxDrawsPerTrial)) a trial")
        }
        return nil
    }

    /// Why a count is too large, or nil.
    package static func countRule(_ count: CountDistribution) -> String? {
        let sd = count.variance.squareRoot()
        if !(count.mean <= maxCount) {
            return "mean \(scientific(count.mean)) is above the limit of \(scientific(maxCount)) for any count"
        }
        if !(sd <= maxCount) {
            return "standard deviation \(scientific(sd)) is above the limit of \(scientific(maxCount)) for any count"
        }
        return nil
    }

    /// A figure for messages: whole numbers up to 10⁹ as written, others in exponent form.
    package static func scientific(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? Int(saturating: x).formatted() : String(format: "%.3g", x)
    }
}

extension CostDistribution {
    /// Expected sampler steps for one unit, counting what `expectedDraws` does not: a constant (a claim with a
    /// fixed cost still takes a step) and the linear scan of a mixture's components.
    package var expectedSteps: Double {
        switch self {
        case .continuous, .empirical: return 1
        case let .mixture(m):
            return Double(m.components.count) + zip(m.weights, m.components).reduce(0) { $0 + $1.0 * $1.1.expectedSteps }
        case let .zeroInflated(p, base): return 1 + (1 - p) * base.expectedSteps
        case let .compound(k, z): return 1 + k.mean * z.expectedSteps
        case let .withAddOns(base, addOns):
            return addOns.reduce(base.expectedSteps) { $0 + 1 + $1.probability * $1.cost.expectedSteps }
        }
    }
}
