import Foundation
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// Reads `contract: {risk_adjusted_capitation: …}` (payment-designs.md §6):
///
///     risk_adjusted_capitation:
///       pmpm: 1050                    # k, dollars per member per month at payment score 1 (required)
///       members: 3000                 # n (required)
///       months: 12                    # default 12
///       risk_score: {lognormal: {mean: 1, cv: 0.9}}   # S (required): one positive distribution
///       r_squared: 0.12               # the risk model's individual R²: E lognormal, mean 1, cv from R² and cv_S
///       # residual: {gamma: {mean: 1, cv: 1.8}}      # … or E itself, mean 1 (exactly one of the two)
///       missed_cost_share: 0.04       # b ≥ 0 (default 0)
///       coding_intensity: 0.08        # κ ≥ 0 (default 0)
///       normalisation: 1.015          # NF > 0 (default 1)
///       coding_adjustment: 0.059      # a in [0, 1] (default 0)
///       retention: 0.9                # months attributed ~ Binomial(months, retention) (optional) …
///       # months_attributed: 10       # … or every member a fixed number of months (optional)
///       stop_loss: {attachment, coinsurance, premium_pmpm}   # specific stop-loss (optional)
///       aggregate_stop_loss: {attachment, coinsurance, premium} # after the cost (optional)
///       corridor: {gains: […], losses: […]}                      # on the result against the revenue (optional)
///
/// A member's cost is m·(1 + b)·S·E·e with m the mean of the model's `cost:` (see `RiskAdjustment`).
package struct RiskAdjustmentReader {
    package static let kind = "risk_adjusted_capitation"
    package static let keys = ["pmpm", "members", "months", "risk_score", "residual", "r_squared", "missed_cost_share",
                               "coding_intensity", "normalisation", "coding_adjustment", "retention",
                               "months_attributed", "stop_loss", "aggregate_stop_loss", "corridor"]
    /// The distributions a score or residual may be: one positive continuous variate.
    /// The families whose draws are never negative: a score is positive.
    package static let scoreKinds = ContinuousFamily.all.filter { !$0.canBeNegative }.map(\.name)

    package let distributions: DistributionReader

    /// The contract: the preset's chain (specific stop-loss on each member, payment, cost), then an aggregate
    /// stop-loss and a corridor on the result against the revenue when given, as for `capitation`.
    package func contract(_ field: Field) throws -> Contract {
        let c = try preset(field).contract
        let s = try field.mapping(allowed: Self.keys)
        let terms = TermReader(measures: [], unitTerms: c.unitTerms)
        var extra: [any AggregateTerm] = []
        if let f = s.optional("aggregate_stop_loss") { extra.append(try terms.aggregateStopLoss(f)) }
        if let f = s.optional("corridor") { extra.append(try terms.corridor(f)) }
        return c.appending(extra)
    }

    package func preset(_ field: Field) throws -> RiskAdjustedCapitation {
        let s = try field.mapping(allowed: Self.keys)
        let months = try s.optional("months")?.positive() ?? 12
        let scoreField = try s.required("risk_score", context: "the members' payment risk score S, e.g. {lognormal: {mean: 1, cv: 0.9}}")
        let score = try distribution(scoreField, what: "a risk score")
        guard score.mean > 0 else { throw scoreField.error("must have a mean greater than 0, got \(format(score.mean))") }
        let scoreCV = RiskAdjustment.cv(score)
        guard scoreCV.isFinite else {
            throw scoreField.error("must have a finite variance (a Pareto shape above 2)")
        }

        let residual: ContinuousDistribution
        var rSquared: Double?
        switch (s.optional("residual"), s.optional("r_squared")) {
        case (nil, nil):
            throw field.error("needs residual (the distribution of E, mean 1) or r_squared (the risk model's individual R²)")
        case (.some, let r?):
            throw r.error("give residual or r_squared, not both")
        case let (f?, nil):
            residual = try distribution(f, what: "a residual")
            guard abs(residual.mean - 1) <= 1e-9 else {
                throw f.error("must have mean 1 (E[E] = 1: the score carries the member's expected cost), got \(format(residual.mean))")
            }
            guard RiskAdjustment.cv(residual).isFinite else { throw f.error("must have a finite variance (a Pareto shape above 2)") }
        case let (nil, f?):
            let r = try f.number()
            guard r > 0 && r <= 1 else { throw f.error("must be greater than 0 and at most 1, got \(format(r))") }
            guard scoreCV > 0 else {
                throw f.error("needs a risk score that varies (cv > 0): a constant score explains none of the cost; give residual instead")
            }
            residual = RiskAdjustment.residual(scoreCV: scoreCV, rSquared: r)
            rSquared = r
        }

        var attribution = Attribution.full
        switch (s.optional("retention"), s.optional("months_attributed")) {
        case (nil, nil): break
        case (.some, let f?):
            throw f.error("give retention or months_attributed, not both")
        case let (f?, nil):
            let retention = try f.probability()
            guard months == months.rounded(), months <= Double(Attribution.maxBinomialMonths),
                  let whole = Int(checked: months) else {
                throw f.error("needs a whole number of months from 1 to \(Attribution.maxBinomialMonths.formatted()) "
                    + "(months attributed ~ Binomial(months, retention)), got months \(format(months))")
            }
            attribution = .binomial(months: whole, retention: retention)
        case let (nil, f?):
            let attributed = try f.positive()
            guard attributed <= months else { throw f.error("must be at most months (\(format(months))), got \(format(attributed))") }
            attribution = .fixed(monthsAttributed: attributed, months: months)
        }

        var stopLoss: SpecificStopLoss?
        if let f = s.optional("stop_loss") {
            let sl = try f.mapping(allowed: ["attachment", "coinsurance", "premium_pmpm"])
            stopLoss = .init(attachment: try sl.required("attachment").positive(),
                             coinsurance: try sl.optional("coinsurance")?.probability() ?? 1,
                             premiumPMPM: try sl.optional("premium_pmpm")?.nonNegative() ?? 0)
        }
        let risk = RiskAdjustment(score: score, residual: residual, rSquared: rSquared,
                                  missedCostShare: try s.optional("missed_cost_share")?.nonNegative() ?? 0,
                                  attribution: attribution)
        let payment = PaymentScore(codingIntensity: try s.optional("coding_intensity")?.nonNegative() ?? 0,
                                   normalisation: try s.optional("normalisation")?.positive() ?? 1,
                                   codingAdjustment: try s.optional("coding_adjustment")?.probability() ?? 0)
        return RiskAdjustedCapitation(pmpm: try s.required("pmpm").positive(),
                                      members: try s.required("members").positiveWhole(), months: months,
                                      riskAdjustment: risk, paymentScore: payment, stopLoss: stopLoss)
    }

    /// One positive continuous distribution (a score or a residual), in the cost distributions' syntax.
    private func distribution(_ field: Field, what: String) throws -> ContinuousDistribution {
        let kinds = Self.scoreKinds.joined(separator: ", ")
        if case let .mapping(m) = field.node,
           let signed = ContinuousFamily.all.first(where: { f in f.canBeNegative && m.keys.contains { $0.string == f.name } }) {
            throw field.error("must be positive, which a \(signed.name) is not: give one of \(kinds)")
        }
        let section = try field.mapping(allowed: Self.scoreKinds)
        guard section.keys.count == 1 else {
            throw field.error(section.keys.isEmpty ? "needs one distribution (\(kinds))"
                : "has \(section.keys.count) distributions (\(section.keys.joined(separator: ", "))); give exactly one")
        }
        var reader = distributions
        guard case let .continuous(d) = try reader.cost(field) else {
            throw field.error("must be \(what): one of \(Self.scoreKinds.joined(separator: ", "))")
        }
        return d
    }

    /// What a risk-adjusted capitation needs of the model's `cost:` (`cost`, read from `field`): a finite mean m,
    /// the cost of a member of risk score 1. Returns the warning for a cost that is not a constant, whose shape
    /// is not used.
    package static func memberCostWarnings(_ cost: CostDistribution, _ field: Field) throws -> [String] {
        let m = cost.mean
        guard m.isFinite else {
            throw field.error("a risk-adjusted capitation needs a cost with a finite mean (m, the expected cost of a member "
                + "of risk score 1), got an infinite one")
        }
        if case .continuous(.constant) = cost { return [] }
        return ["cost: a risk-adjusted capitation uses only the mean of cost (m = \(format(m)), the expected cost of a "
            + "member of risk score 1); the spread of members' costs comes from risk_score and residual"]
    }
}
