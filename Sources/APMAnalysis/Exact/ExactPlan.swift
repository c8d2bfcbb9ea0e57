import Foundation
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// What `apmrisk exact` computes for a model, or the one field that prevents it.
///
/// Treated: a fixed, Poisson or negative binomial number N of independent units (episodes, members, volume);
/// a unit cost of continuous families (lognormal, gamma, Weibull, Pareto, exponential, constant), mixtures, a
/// probability of zero, claim totals (compound) and add-ons; the unit terms (outlier cap, truncation, specific
/// stop-loss); the contract's whole chain of aggregate terms; Θ as a single continuous distribution, with the
/// cost multiplier and a catastrophe; quality scores that are fixed or discrete (independent of Θ). Pooled claims
/// have the law of independent compound units, so they are treated as such.
package struct ExactPlan: Sendable {
    /// N's support kept: (n, P(N = n)).
    package var units: [(n: Int, probability: Double)]
    /// P(N outside the kept support).
    package var unitsLeftOff: Double
    /// Every combination of the contract's quality scores with its probability (one, all 1, when no term reads one).
    package var scores: [(scores: QualityScores, probability: Double)]
    package var unitCost: CostDistribution
    package var unitTerms: UnitCostFunction
    package var contract: Contract

    /// The model's plan, or a `ModelError` naming the field exact cannot treat.
    package init(_ model: RiskModel) throws {
        let c = model.contract
        let place = "contract.\(c.kind)"
        if c.riskAdjustment != nil {
            throw ModelError(field: place, rule: "a risk-adjusted capitation's members (risk scores, residuals, attribution) "
                + "are not identically distributed units; exact cannot treat it (use simulate)")
        }
        if model.parameterUncertainty != nil {
            throw ModelError(field: "cost.parameter_uncertainty", rule: "draws the cost's parameters afresh each trial; "
                + "exact treats known parameters only (use simulate)")
        }
        if c.unitsSystematicCorrelation != 0 {
            throw ModelError(field: "\(place).\(c.unitName).systematic_correlation",
                             rule: "ties the unit count to Θ; exact treats a count independent of Θ only (use simulate)")
        }
        contract = c
        unitCost = model.unitCost
        unitTerms = UnitCostFunction(c.unitTerms)
        try Self.check(model.unitCost, field: "cost")
        guard model.unitCost.mean.isFinite else {
            throw ModelError(field: "cost", rule: "has no finite mean; exact sizes its lattice from the mean and cannot treat it")
        }
        // N
        var support: [(Int, Double)] = []
        var cumulative = 0.0
        switch c.units {
        case let .fixed(n): support = [(n, 1)]; cumulative = 1
        case .poisson, .negativeBinomial:
            var k = 0
            // Summed probabilities may stall short of 1 − 10⁻¹³ by rounding: stop 40 sd beyond the mean too.
            let limit = Int(saturating: c.units.mean + 40 * c.units.variance.squareRoot() + 100)
            while cumulative < 1 - 1e-13 && k <= limit {
                let p = c.units.probability(k) ?? 0
                cumulative += p
                if p >= 1e-16 { support.append((k, p)) }
                k += 1
            }
            let kept = support.reduce(0) { $0 + $1.1 }
            cumulative = kept
        case .scaled:
            throw ModelError(field: "\(place).\(c.unitName)", rule: "is a shocked count; exact treats the model's own counts only")
        }
        units = support.map { (n: $0.0, probability: $0.1) }
        unitsLeftOff = max(0, 1 - cumulative)
        // Quality
        var combos: [(QualityScores, Double)] = [(QualityScores(), 1)]
        if c.readsQuality {
            for (i, m) in c.quality.enumerated() {
                let field = "\(place).quality.\(m.name)"
                let values: [(Double, Double)]
                switch m.score {
                case let .fixed(q): values = [(q, 1)]
                case let .discrete(v, p):
                    let total = p.reduce(0, +)
                    values = zip(v, p).map { ($0, $1 / total) }
                case .beta:
                    throw ModelError(field: field, rule: "is a beta score; exact treats fixed and discrete quality scores only (use simulate)")
                case .observedRate:
                    throw ModelError(field: field, rule: "is an observed rate; exact treats fixed and discrete quality scores only (use simulate)")
                @unknown default:
                    throw ModelError(field: field, rule: "exact treats fixed and discrete quality scores only (use simulate)")
                }
                if m.systematicCorrelation != 0 && values.count > 1 {
                    throw ModelError(field: field + ".systematic_correlation",
                                     rule: "ties the score to Θ; exact treats scores independent of Θ only (use simulate)")
                }
                combos = combos.flatMap { base in values.map { v in
                    var s = base.0
                    s[i] = v.0
                    return (s, base.1 * v.1)
                } }
            }
        }
        scores = combos.map { (scores: $0.0, probability: $0.1) }
    }

    /// Refuses a cost node exact has no distribution function for.
    private static func check(_ d: CostDistribution, field: String) throws {
        switch d {
        case let .continuous(c):
            if case .normal = c {
                throw ModelError(field: field, rule: "is a normal cost, which can be negative; exact puts costs on a lattice from 0")
            }
            guard c.cdf(1) != nil else { throw ModelError(field: field, rule: "has no distribution function exact can use") }
        case .empirical: break
        case let .mixture(m): for c in m.components { try check(c, field: field + ".mixture") }
        case let .zeroInflated(_, base): try check(base, field: field)
        case let .compound(k, z):
            if case .scaled = k { throw ModelError(field: field + ".compound.frequency", rule: "is a shocked count") }
            try check(z, field: field + ".compound.severity")
        case let .withAddOns(base, addOns):
            try check(base, field: field)
            for a in addOns { try check(a.cost, field: field + ".add_ons.cost") }
        }
    }

    /// M of a trial with n units, retained cost r (dollars), Θ and quality scores.
    package func margin(units n: Int, retained r: Double, theta: Double, scores: QualityScores) -> Double {
        contract.margin(TrialTotals(units: n, costs: UnitSums(gross: r, capped: r, retained: r), theta: theta, scores: scores))
    }
}
