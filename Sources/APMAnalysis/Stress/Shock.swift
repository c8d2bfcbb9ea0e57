import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// One change to a model, for a stress scenario. Sizes are stated per case; `apply(to:)` checks the result.
public enum Shock: Sendable, Hashable, CustomStringConvertible {
    /// Cost trend t: every cost × (1 + t). t > −1.
    case trend(Double)
    /// Every cost amount (claim severity) × m, counts unchanged. m > 0.
    case severity(Double)
    /// Every claim-count mean (utilisation) × m. m > 0; the cost model must have a claim count.
    case frequency(Double)
    /// Episode volume or membership × (1 + v). v > −1.
    case volume(Double)
    /// Every add-on (complication, readmission) probability × m. m ≥ 0; results must stay ≤ 1.
    case addOnProbability(Double)
    /// With probability p, every cost in the trial × m.
    case catastrophe(probability: Double, multiplier: Double)
    /// Every lognormal cost's cv × f at the same mean (tail thickening for f > 1). f > 0.
    case lognormalCV(Double)
    /// Every Pareto shape × f at the same scale (tail thickening for f < 1). f > 0.
    case paretoShape(Double)
    /// A contract term set to a value.
    case term(ContractTerm, Double)
    /// E[Q], the mean of the contract's quality score — its first quality measure, the one terms read unless they
    /// name another — set to m, the distribution's shape kept (`QualityScore.withMean`: a beta keeps a + b, an
    /// observed rate its cases, a discrete score shifts its values). The contract must have a quality measure
    /// that a term reads.
    case qualityMean(Double)

    /// The names shocks go by in model files and on the command line (contract terms by their own names).
    public static let names = ["trend", "severity", "frequency", "volume", "add_on_probability", "catastrophe",
                               "lognormal_cv", "pareto_shape", "quality_mean"] + ContractTerm.known

    public var name: String {
        switch self {
        case .trend: return "trend"
        case .severity: return "severity"
        case .frequency: return "frequency"
        case .volume: return "volume"
        case .addOnProbability: return "add_on_probability"
        case .catastrophe: return "catastrophe"
        case .lognormalCV: return "lognormal_cv"
        case .paretoShape: return "pareto_shape"
        case .qualityMean: return "quality_mean"
        case let .term(t, _): return t.rawValue
        }
    }

    public var description: String {
        switch self {
        case let .trend(x), let .severity(x), let .frequency(x), let .volume(x), let .addOnProbability(x),
             let .lognormalCV(x), let .paretoShape(x), let .qualityMean(x), let .term(_, x):
            return "\(name)=\(Figure.plain(x))"
        case let .catastrophe(p, m): return "catastrophe=\(Figure.plain(p)):\(Figure.plain(m))"
        }
    }

    /// The one-number shock called `name` with size `size` (a catastrophe takes two numbers: build it directly).
    public static func named(_ name: String, size: Double) -> Shock? {
        switch name {
        case "trend": return .trend(size)
        case "severity": return .severity(size)
        case "frequency": return .frequency(size)
        case "volume": return .volume(size)
        case "add_on_probability": return .addOnProbability(size)
        case "lognormal_cv": return .lognormalCV(size)
        case "pareto_shape": return .paretoShape(size)
        case "quality_mean": return .qualityMean(size)
        default: return ContractTerm.known.contains(name) ? .term(ContractTerm(rawValue: name), size) : nil
        }
    }

    /// `model` with this shock applied, or the rule the shock breaks for this model.
    ///
    /// The shocked model keeps the base model's run layout — its block size and claim pool
    /// (`RunSettings.blockTrials`, `claimPool`, fixed here from the base if they were not yet) — so base and
    /// variant are merged in the same blocks; and since every stream is keyed per trial and purpose
    /// (`StreamKey`), they share every draw the shock does not change.
    public func apply(to model: RiskModel) -> Result<RiskModel, ShockError> {
        var m = model
        let baseJob = SimulationJob.job(for: model, threads: 1)
        m.run.blockTrials = baseJob.blockTrials
        m.run.claimPool = baseJob.claimPool
        func fail(_ rule: String) -> Result<RiskModel, ShockError> { .failure(ShockError(shock: name, rule: rule)) }
        switch self {
        case let .trend(t):
            guard t > -1 else { return fail("must be greater than −1 (costs cannot fall below zero), got \(t)") }
            m.costMultiplier *= 1 + t
        case let .severity(x):
            guard x > 0 else { return fail("must be a multiplier greater than 0, got \(x)") }
            m.unitCost = m.unitCost.scalingSeverity(by: x)
        case let .frequency(x):
            guard x > 0 else { return fail("must be a multiplier greater than 0, got \(x)") }
            guard let d = m.unitCost.scalingFrequency(by: x) else {
                return fail("the cost model has no claim count (a compound distribution) to shock")
            }
            m.unitCost = d
        case let .volume(v):
            guard v > -1 else { return fail("must be greater than −1, got \(v)") }
            let units = m.contract.units.mean * (1 + v)
            guard units <= ModelLimits.maxCount else {
                return fail("makes \(ModelLimits.scientific(units)) \(m.contract.unitName), above the limit of "
                    + "\(ModelLimits.scientific(ModelLimits.maxCount)) for any count")
            }
            // A fixed membership is rounded to whole members; a random count is scaled in law, sharing its draws.
            if case let .fixed(n) = m.contract.units {
                m.contract.units = .fixed(max(1, Int(saturating: Double(n) * (1 + v), rounding: .toNearestOrAwayFromZero)))
            } else {
                m.contract.units = m.contract.units.scaled(by: 1 + v)
            }
        case let .addOnProbability(x):
            guard x >= 0 else { return fail("must be a multiplier of 0 or more, got \(x)") }
            guard let d = m.unitCost.scalingAddOnProbability(by: x) else { return fail("the cost model has no add-ons to shock") }
            if let p = d.addOnProbabilities.first(where: { $0 > 1 }) {
                return fail("makes an add-on probability \(p), above 1")
            }
            m.unitCost = d
        case let .catastrophe(p, x):
            guard p >= 0 && p <= 1 else { return fail("probability must be between 0 and 1, got \(p)") }
            guard x > 0 else { return fail("multiplier must be greater than 0, got \(x)") }
            m.catastrophe = Catastrophe(probability: p, multiplier: x)
        case let .lognormalCV(f):
            guard f > 0 else { return fail("must be a multiplier greater than 0, got \(f)") }
            guard m.contract.riskAdjustment == nil else {
                return fail("a risk-adjusted capitation uses only the mean of its cost, which this shock keeps")
            }
            guard let d = m.unitCost.scalingLognormalCV(by: f) else { return fail("the cost model has no lognormal to shock") }
            m.unitCost = d
        case let .paretoShape(f):
            guard f > 0 else { return fail("must be a multiplier greater than 0, got \(f)") }
            guard let d = m.unitCost.scalingParetoShape(by: f) else { return fail("the cost model has no Pareto to shock") }
            if let a = d.leaves.compactMap({ if case let .pareto(a, _) = $0 { return a } else { return nil } }).first(where: { $0 <= 1 }) {
                return fail("makes a Pareto shape \(a) ≤ 1: an infinite mean, whose margins do not converge")
            }
            m.unitCost = d
        case let .qualityMean(x):
            guard m.contract.readsQuality, let measure = m.contract.quality.first else {
                return fail("the contract has no quality measure that a term reads")
            }
            if let rule = measure.score.meanViolation(x) { return fail(rule) }
            m.contract.quality[0].score = measure.score.withMean(x)
        case let .term(t, x):
            guard ContractTerm.terms(of: m.contract).contains(t) else {
                let allowed = ContractTerm.terms(of: m.contract).map(\.rawValue).joined(separator: ", ")
                return fail("is not a term of this \(m.contract.kind) contract (its terms: \(allowed))")
            }
            if let rule = t.violation(x, in: m.contract) { return fail(rule) }
            m.contract = t.setting(x, in: m.contract)
        }
        if let v = ModelLimits.violation(of: m) { return fail("is too large for this model: \(v.description)") }
        return .success(m)
    }
}

/// A shock that cannot apply to a model.
public struct ShockError: Error, Equatable, CustomStringConvertible {
    public let shock: String
    public let rule: String
    public var description: String { "\(shock): \(rule)" }
}

/// A named set of shocks applied together.
public struct Scenario: Sendable, Hashable {
    public let name: String
    public let shocks: [Shock]

    public init(name: String, shocks: [Shock]) {
        self.name = name
        self.shocks = shocks
    }

    /// `model` with every shock applied in order.
    public func apply(to model: RiskModel) -> Result<RiskModel, ShockError> {
        shocks.reduce(.success(model)) { result, shock in result.flatMap { shock.apply(to: $0) } }
    }
}
