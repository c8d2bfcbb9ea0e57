import APMSupport

/// A payment per unit: a bundle's price per episode, a capitation's PMPM, a retrospective bundle's discounted
/// target price. Sets the base B and the revenue:
///
///     revenue = rate·(1 − d)·(1 + λ(Θ − 1)) · N·months          d: discount, λ: trend pass-through
///     M += (rate·(1 − d) − q) · N·months                         q: stop-loss premium per member-month
///
/// `months` is 1 for a payment per episode. N is the trial's exposure Σ eⱼ (`TrialTotals.exposure`: the unit
/// count, or a risk-adjusted capitation's members weighted by months attributed). A risk-adjusted payment
/// (`score`) pays on the scored exposure instead, the premium still on the exposure:
///
///     revenue = rate·(1 − d)·(1 + λ(Θ − 1)) · (1 + κ)/NF·(1 − a) · Σ Sⱼeⱼ·months
///     M += revenue − q · Σ eⱼ·months
public struct UnitPayment: AggregateTerm {
    public static let kind = "payment"
    /// The name of the rate in model files and on the command line (`price`, `pmpm`, `target_price`).
    public var rateName: String
    /// Dollars per unit (per unit per month when `months` ≠ 1).
    public var rate: Double {
        get { settlement.rate }
        set { settlement.rate = newValue }
    }
    /// Months in the period (a capitation's m); 1 for a payment per episode.
    public var months: Double {
        get { settlement.months }
        set { settlement.months = newValue }
    }
    /// d: the discount on the rate, a fraction.
    public var discount: Double {
        get { settlement.discount }
        set { settlement.discount = newValue }
    }
    /// λ: the share of Θ − 1 that moves the rate (0: a prospective rate).
    public var trendPassThrough: Double {
        get { settlement.trendPassThrough }
        set { settlement.trendPassThrough = newValue }
    }
    /// q: a stop-loss premium, dollars per unit per month (a capitation's specific stop-loss).
    public var premium: Double {
        get { settlement.premium }
        set { settlement.premium = newValue }
    }
    /// A risk-adjusted payment's score terms (κ, NF, a), or nil for a payment on the exposure alone.
    public var score: PaymentScore? {
        get { settlement.score }
        set { settlement.score = newValue }
    }
    /// What settling a trial reads of the payment — every field but its name, as plain numbers, so that a compiled
    /// chain (`SettlementChain`) copies it without reference counting.
    @usableFromInline private(set) var settlement: Settlement

    public init(rateName: String, rate: Double, months: Double = 1, discount: Double = 0,
                trendPassThrough: Double = 0, premium: Double = 0, score: PaymentScore? = nil) {
        self.rateName = rateName
        settlement = Settlement(rate: rate, months: months, discount: discount, trendPassThrough: trendPassThrough,
                                premium: premium, score: score)
    }

    public var isPayment: Bool { true }
    public var componentNames: [String] { premium > 0 ? ["revenue", "stop-loss premium"] : ["revenue"] }

    public var parameters: [TermParameter] {
        var p = [TermParameter(rateName, rate, .positive)]
        if months != 1 || rateName == "pmpm" { p.append(.init("months", months, .positive)) }
        if discount != 0 { p.append(.init("discount", discount, .fraction)) }
        if trendPassThrough != 0 { p.append(.init("trend_pass_through", trendPassThrough, .fraction)) }
        if premium != 0 { p.append(.init("premium_pmpm", premium, .nonNegative)) }
        if let score { p += score.parameters }
        return p
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        if let s = score?.setting(name, to: value) {
            c.score = s
            return c
        }
        switch name {
        case rateName: c.rate = value
        case "months": c.months = value
        case "discount": c.discount = value
        case "trend_pass_through": c.trendPassThrough = value
        default: c.premium = value
        }
        return c
    }

    /// rate·(1 − d), dollars.
    @inlinable var effectiveRate: Double { settlement.effectiveRate }

    @inlinable
    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) { settlement.apply(t, &s, row) }

    /// The payment's settlement: the formulas of `UnitPayment`.
    @usableFromInline
    struct Settlement: Sendable, Hashable {
        @usableFromInline var rate: Double, months: Double, discount: Double, trendPassThrough: Double, premium: Double
        @usableFromInline var score: PaymentScore?

        /// rate·(1 − d), dollars.
        @inlinable var effectiveRate: Double { discount == 0 ? rate : rate * (1 - discount) }

        @inlinable
        func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
            if let score { return applyScored(score, t, &s, row) }
            let exposure = t.exposure * months
            var revenue = effectiveRate * exposure
            var net = (effectiveRate - premium) * exposure
            if trendPassThrough != 0 {
                let factor = 1 + trendPassThrough * (t.theta - 1)
                revenue *= factor
                net = revenue - premium * exposure
            }
            s.margin += net
            s.base = revenue
            s.revenue = revenue
            row.set(0, revenue)
            if premium > 0 { row.set(1, -premium * exposure) }
        }

        /// The risk-adjusted payment: on the scored exposure Σ Sⱼeⱼ × (1 + κ)/NF·(1 − a); the premium on Σ eⱼ.
        @inlinable
        func applyScored(_ score: PaymentScore, _ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
            var revenue = effectiveRate * score.factor * t.scoredExposure * months
            if trendPassThrough != 0 { revenue *= 1 + trendPassThrough * (t.theta - 1) }
            let premiums = premium * t.exposure * months
            s.margin += revenue - premiums
            s.base = revenue
            s.revenue = revenue
            row.set(0, revenue)
            if premium > 0 { row.set(1, -premiums) }
        }
    }

    /// The revenue at `expectedUnits` units and Θ = 1, dollars.
    public func revenue(expectedUnits: Double) -> Double? { effectiveRate * expectedUnits * months }

    /// The revenue at an expected exposure and scored exposure (Θ = 1), dollars: on the scored exposure when the
    /// payment is risk-adjusted.
    public func revenue(expectedExposure: Double, expectedScoredExposure: Double) -> Double? {
        guard let score else { return revenue(expectedUnits: expectedExposure) }
        return effectiveRate * score.factor * expectedScoredExposure * months
    }

    public var summary: String {
        var s = "\(rateName) \(format(rate))" + (months != 1 ? " per month × \(format(months)) months" : "") + " per unit"
        if discount != 0 { s += ", discount \(format(discount * 100))%" }
        if trendPassThrough != 0 { s += ", trend pass-through λ = \(format(trendPassThrough))" }
        if premium != 0 { s += ", stop-loss premium \(format(premium)) per member-month" }
        if let score {
            s += ", × payment score S·(1 + κ)/NF·(1 − a) with κ = \(format(score.codingIntensity)), NF = "
                + "\(format(score.normalisation)), a = \(format(score.codingAdjustment)) (S × \(Figure.significant(score.factor)))"
        }
        return s
    }
}
