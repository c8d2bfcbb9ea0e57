import APMSampling
import APMSupport

/// The member model of a risk-adjusted capitation (payment-designs.md §6): what each member of a trial draws
/// in the engine's unit loop, in place of a draw of the model's `cost:`.
///
/// Per member j: a payment risk score Sⱼ, a residual Eⱼ with E[E] = 1 independent of S (both from the trial's
/// risk-score stream, `StreamPurpose.riskScore`, Sⱼ then Eⱼ, member by member), and an exposure eⱼ, months
/// attributed ÷ months (`Attribution`, from the trial's attribution stream). The member's cost over the
/// period is
///
///     Yⱼ·eⱼ,   Yⱼ = Θ·m·(1 + b)·Sⱼ·Eⱼ
///
/// where m is the **mean of the model's `cost:`** — the expected cost of a member with risk score 1 — and b
/// the share of cost the risk model misses for this panel. Only the mean of `cost:` is used: its shape comes
/// from S and E, so that the §6 identities hold exactly (a model whose `cost:` is not a constant is warned).
/// The unit terms (specific stop-loss) apply to Yⱼ·eⱼ. The trial's totals carry Σ eⱼ (`TrialTotals.exposure`)
/// and Σ Sⱼ·eⱼ (`TrialTotals.scoredExposure`); the payment term turns the latter into the payment
/// (`UnitPayment.score`).
public struct RiskAdjustment: Sendable, Hashable {
    /// S: the payment risk score of a member, positive, mean near 1 (above 1 for a sicker panel).
    public var score: ContinuousDistribution
    /// E: the residual, mean 1, independent of S.
    public var residual: ContinuousDistribution
    /// The risk model's individual-level R² the residual was derived from (`residual(scoreCV:rSquared:)`), or nil
    /// when the residual was given directly.
    public var rSquared: Double?
    /// b: the share of cost the risk model misses for this panel (omitted social risk), ≥ 0.
    public var missedCostShare: Double
    /// Each member's months attributed (churn).
    public var attribution: Attribution

    public init(score: ContinuousDistribution, residual: ContinuousDistribution, rSquared: Double? = nil,
                missedCostShare: Double = 0, attribution: Attribution = .full) {
        self.score = score
        self.residual = residual
        self.rSquared = rSquared
        self.missedCostShare = missedCostShare
        self.attribution = attribution
    }

    /// The residual implied by a score with cv `scoreCV` and the risk model's individual-level R²: a lognormal
    /// with mean 1 and
    ///
    ///     cv_E² = (cv_S²/R² + 1)/(1 + cv_S²) − 1
    ///
    /// (from R² = cv_S² / ((1 + cv_S²)(1 + cv_E²) − 1), S and E independent with mean 1). A residual of cv 0
    /// (R² = 1) is the constant 1.
    public static func residual(scoreCV: Double, rSquared: Double) -> ContinuousDistribution {
        let cv = residualCV(scoreCV: scoreCV, rSquared: rSquared)
        return cv > 0 ? .lognormal(mean: 1, cv: cv) : .constant(1)
    }

    /// cv_E from cv_S and R² (see `residual(scoreCV:rSquared:)`).
    public static func residualCV(scoreCV: Double, rSquared: Double) -> Double {
        let s2 = scoreCV * scoreCV
        return max(0, (s2 / rSquared + 1) / (1 + s2) - 1).squareRoot()
    }

    /// The cv of a continuous distribution (0 for a constant).
    public static func cv(_ d: ContinuousDistribution) -> Double {
        let m = d.mean, second = d.secondMoment
        return second.isFinite ? max(0, second - m * m).squareRoot() / m : .infinity
    }

    /// E[S·e] = E[S]·E[e]: the expected scored exposure of one member (S and e independent).
    public var meanScoredExposure: Double { score.mean * attribution.meanExposure }

    /// GSL draws a member takes: its score and residual (none for a constant) and its attribution.
    public var expectedDrawsPerMember: Double {
        func draws(_ d: ContinuousDistribution) -> Double { if case .constant = d { return 0 } else { return 1 } }
        return draws(score) + draws(residual) + (attribution.draws ? 1 : 0)
    }

    /// The numeric terms a stress shock may set: `missed_cost_share`, and `retention` for a binomial attribution.
    public var parameters: [TermParameter] {
        var p = [TermParameter("missed_cost_share", missedCostShare, .nonNegative)]
        if case let .binomial(_, r) = attribution { p.append(.init("retention", r, .fraction)) }
        return p
    }

    /// This member model with `name` set to `value`, or nil if `name` is not one of `parameters`.
    public func setting(_ name: String, to value: Double) -> RiskAdjustment? {
        var c = self
        switch (name, attribution) {
        case ("missed_cost_share", _): c.missedCostShare = value
        case let ("retention", .binomial(m, _)): c.attribution = .binomial(months: m, retention: value)
        default: return nil
        }
        return c
    }
}

/// The payment score of a risk-adjusted capitation: a member's payment is PMPM × months attributed × Pⱼ with
///
///     Pⱼ = Sⱼ·(1 + κ)/NF·(1 − a)
///
/// κ the provider's coding intensity, NF the normalisation factor, a the coding-pattern adjustment
/// (payment-designs.md §6). These act on the trial's totals only (`TrialTotals.scoredExposure`), so pricing
/// and stress may change them on the same trials.
public struct PaymentScore: Sendable, Hashable {
    /// κ: coding intensity, the provider's scores above those the risk model was calibrated on, ≥ 0.
    public var codingIntensity: Double
    /// NF: the normalisation factor, > 0.
    public var normalisation: Double
    /// a: the coding-pattern adjustment, in [0, 1].
    public var codingAdjustment: Double

    public init(codingIntensity: Double = 0, normalisation: Double = 1, codingAdjustment: Double = 0) {
        self.codingIntensity = codingIntensity
        self.normalisation = normalisation
        self.codingAdjustment = codingAdjustment
    }

    /// (1 + κ)/NF·(1 − a): the payment score per unit of raw score S.
    @inlinable
    public var factor: Double { (1 + codingIntensity) / normalisation * (1 - codingAdjustment) }

    public var parameters: [TermParameter] {
        [.init("coding_intensity", codingIntensity, .nonNegative), .init("normalisation", normalisation, .positive),
         .init("coding_adjustment", codingAdjustment, .fraction)]
    }

    /// This payment score with `name` set to `value`, or nil if `name` is not one of `parameters`.
    public func setting(_ name: String, to value: Double) -> PaymentScore? {
        var c = self
        switch name {
        case "coding_intensity": c.codingIntensity = value
        case "normalisation": c.normalisation = value
        case "coding_adjustment": c.codingAdjustment = value
        default: return nil
        }
        return c
    }
}

/// Risk-adjusted capitation (payment-designs.md §6): each member's PMPM k scaled by the member's payment risk
/// score and months attributed, against the member's cost, which follows the member's true risk:
///
///     M = Σⱼ [k·m·Pⱼ·eⱼ − Yⱼ·eⱼ + c·max(0, Yⱼ·eⱼ − A)] − q·m·Σⱼ eⱼ
///
/// (m here the months in the period; see `RiskAdjustment` for Yⱼ, eⱼ and `PaymentScore` for Pⱼ). The chain is
/// the capitation's: specific stop-loss on each member's cost, payment, cost.
public struct RiskAdjustedCapitation: ContractPreset {
    /// k: dollars per member per month at payment score 1.
    public var pmpm: Double
    /// n: members.
    public var members: Int
    /// Months in the period (default 12).
    public var months: Double
    /// The member model: S, E, b, attribution.
    public var riskAdjustment: RiskAdjustment
    /// κ, NF, a.
    public var paymentScore: PaymentScore
    /// Specific stop-loss, if bought.
    public var stopLoss: SpecificStopLoss?

    public init(pmpm: Double, members: Int, months: Double = 12, riskAdjustment: RiskAdjustment,
                paymentScore: PaymentScore = PaymentScore(), stopLoss: SpecificStopLoss? = nil) {
        self.pmpm = pmpm
        self.members = members
        self.months = months
        self.riskAdjustment = riskAdjustment
        self.paymentScore = paymentScore
        self.stopLoss = stopLoss
    }

    /// The chain: specific stop-loss on each member; payment k·m·Σ Pⱼeⱼ less the premium q·m·Σ eⱼ; cost.
    public var contract: Contract {
        let unit = UnitTerms(stopLoss: stopLoss)
        return Contract(kind: "risk_adjusted_capitation", units: .fixed(members), unitName: "members", unitTerms: unit,
                        terms: [UnitPayment(rateName: "pmpm", rate: pmpm, months: months,
                                            premium: stopLoss?.premiumPMPM ?? 0, score: paymentScore),
                                CostTerm(for: unit)],
                        riskAdjustment: riskAdjustment)
    }
}
