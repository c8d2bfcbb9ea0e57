import APMSupport

/// Two-sided sharing of savings and losses against a benchmark, first-dollar once a minimum rate is reached
/// (MSSP and most ACO tracks). The provider is paid fee-for-service; this is its year-end reconciliation. Sets
/// the base B (the benchmark) and the revenue (B):
///
///     B = β·n·(1 + λ(Θ − 1)),  S = retained cost,  D = B − S      (D > 0: savings)
///     payment =  min(s·Q·D, savingsCap·B)      if D ≥ MSR·B (and, with a gate, Q ≥ q_min)
///               −min(l·(−D), lossCap·B)        if −D ≥ MLR·B
///                0                             otherwise
///
/// Q scales the savings share when `qualityScaling` is on (the old `quality_score`); a quality gate pays no
/// savings below q_min. Losses are owed whatever Q.
public struct Sharing: AggregateTerm {
    public static let kind = "sharing"
    /// β: the benchmark, dollars per member per period.
    public var benchmark: Double
    /// s, l: the provider's shares of savings and of losses, in [0, 1].
    public var savingsRate: Double, lossRate: Double
    /// MSR, MLR: fractions of B that savings, losses must reach before any are shared.
    public var minimumSavingsRate: Double, minimumLossRate: Double
    /// MSR from the MSSP table by ACO size (`MinimumSavingsRate.bySize`) instead of `minimumSavingsRate`.
    public var minimumSavingsRateBySize: Bool
    /// Caps as fractions of B (`.infinity` for none).
    public var savingsCap: Double, lossCap: Double
    /// A fixed multiplier on the savings share (the fixed `quality_score` of a model file), in [0, 1].
    public var qualityScore: Double
    /// Whether the trial's random quality score Q also scales the savings share.
    public var qualityScaling: Bool
    /// Savings are paid only when Q ≥ this (nil: no gate).
    public var qualityGate: Double?
    /// λ: the share of Θ − 1 that moves the benchmark.
    public var trendPassThrough: Double
    /// Which quality measure the scaling and the gate read.
    public var score = 0
    /// d: a discount on the benchmark (ACO REACH's 2–3.5%), a fraction: B = β·(1 − d)·n.
    public var discount = 0.0
    /// MSSP ENHANCED: the loss rate is 1 − the final sharing rate after quality (0 when the gate fails),
    /// bounded to [0.40, 0.75] (42 CFR 425.610); `lossRate` is then unused.
    public var enhancedLossRate = false

    public init(benchmark: Double, savingsRate: Double, lossRate: Double, minimumSavingsRate: Double = 0,
                minimumLossRate: Double = 0, minimumSavingsRateBySize: Bool = false,
                savingsCap: Double = .infinity, lossCap: Double = .infinity, qualityScore: Double = 1,
                qualityScaling: Bool = false, qualityGate: Double? = nil, trendPassThrough: Double = 0) {
        self.benchmark = benchmark
        self.savingsRate = savingsRate
        self.lossRate = lossRate
        self.minimumSavingsRate = minimumSavingsRate
        self.minimumLossRate = minimumLossRate
        self.minimumSavingsRateBySize = minimumSavingsRateBySize
        self.savingsCap = savingsCap
        self.lossCap = lossCap
        self.qualityScore = qualityScore
        self.qualityScaling = qualityScaling
        self.qualityGate = qualityGate
        self.trendPassThrough = trendPassThrough
    }

    public var isPayment: Bool { true }
    public var readsQuality: Bool { qualityScaling || qualityGate != nil }

    public var componentNames: [String] { ["shared savings", "shared losses"] }
    public var eventNames: [String] {
        ["savings shared", "losses owed"] + (savingsCap.isFinite ? ["savings cap binds"] : [])
            + (lossCap.isFinite ? ["loss cap binds"] : []) + (qualityGate != nil ? ["quality gate fails"] : [])
    }

    public var parameters: [TermParameter] {
        var p: [TermParameter] = [
            .init("benchmark", benchmark, .positive), .init("savings_rate", savingsRate, .fraction),
        ]
        if !enhancedLossRate { p.append(.init("loss_rate", lossRate, .fraction)) }
        if !minimumSavingsRateBySize { p.append(.init("minimum_savings_rate", minimumSavingsRate, .fraction)) }
        p += [.init("minimum_loss_rate", minimumLossRate, .fraction), .init("savings_cap", savingsCap, .nonNegative),
              .init("loss_cap", lossCap, .nonNegative), .init("quality_score", qualityScore, .fraction)]
        if let qualityGate { p.append(.init("quality_gate", qualityGate, .finite)) }
        if trendPassThrough != 0 { p.append(.init("trend_pass_through", trendPassThrough, .fraction)) }
        if discount != 0 { p.append(.init("discount", discount, .fraction)) }
        return p
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        switch name {
        case "benchmark": c.benchmark = value
        case "savings_rate": c.savingsRate = value
        case "loss_rate": c.lossRate = value
        case "minimum_savings_rate": c.minimumSavingsRate = value
        case "minimum_loss_rate": c.minimumLossRate = value
        case "savings_cap": c.savingsCap = value
        case "loss_cap": c.lossCap = value
        case "quality_score": c.qualityScore = value
        case "quality_gate": c.qualityGate = value
        case "discount": c.discount = value
        default: c.trendPassThrough = value
        }
        return c
    }

    /// Event slots: savings shared, losses owed, then the savings cap, the loss cap and the gate where present.
    @inlinable var eventCount: Int { 2 + (savingsCap.isFinite ? 1 : 0) + (lossCap.isFinite ? 1 : 0) + (qualityGate != nil ? 1 : 0) }

    /// The reconciliation payment (dollars; > 0 paid to the provider) for savings `d` = B − S against a total
    /// benchmark `total` = B, with quality `q` and `members` members; marks its events in `row`.
    @inlinable
    public func payment(savings d: Double, benchmark total: Double, quality q: Double, members: Int,
                        _ row: ComponentRow? = nil) -> Double {
        let msr = minimumSavingsRateBySize ? MinimumSavingsRate.bySize(members: members) : minimumSavingsRate
        if d > 0 && d >= msr * total {
            if let gate = qualityGate, !reaches(q, gate) {
                row?.event(eventCount - 1, true)
                return 0
            }
            row?.event(0, true)
            let share = qualityScaling ? savingsRate * qualityScore * q : savingsRate * qualityScore
            let cap = savingsCap * total
            if savingsCap.isFinite { row?.event(2, share * d >= cap) }
            return min(share * d, cap)
        }
        if d < 0 && -d >= minimumLossRate * total {
            row?.event(1, true)
            var l = lossRate
            if enhancedLossRate {
                let gateFails = qualityGate.map { !reaches(q, $0) } ?? false
                let final = gateFails ? 0 : (qualityScaling ? savingsRate * qualityScore * q : savingsRate * qualityScore)
                l = min(max(1 - final, 0.40), 0.75)
            }
            let cap = lossCap * total
            if lossCap.isFinite { row?.event(savingsCap.isFinite ? 3 : 2, l * -d >= cap) }
            return -min(l * -d, cap)
        }
        return 0
    }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        var total = (discount == 0 ? benchmark : benchmark * (1 - discount)) * Double(t.units)
        if trendPassThrough != 0 { total *= 1 + trendPassThrough * (t.theta - 1) }
        for i in 0..<eventCount { row.event(i, false) }
        let p = payment(savings: total - t.costs.retained, benchmark: total, quality: t.scores[score], members: t.units, row)
        s.margin += p
        s.base = total
        s.revenue = total
        row.set(0, max(p, 0))
        row.set(1, min(p, 0))
    }

    public func revenue(expectedUnits: Double) -> Double? { benchmark * (1 - discount) * expectedUnits }

    public var summary: String {
        var s = "benchmark \(format(benchmark)) per member, savings rate \(format(savingsRate)), loss rate \(format(lossRate))"
        s += minimumSavingsRateBySize ? ", MSR by ACO size" : ", MSR \(format(minimumSavingsRate))"
        s += ", MLR \(format(minimumLossRate))"
        if enhancedLossRate { s += ", loss rate 1 − final sharing rate in [0.40, 0.75] (ENHANCED)" }
        if savingsCap.isFinite { s += ", savings cap \(format(savingsCap))" }
        if lossCap.isFinite { s += ", loss cap \(format(lossCap))" }
        if qualityScore != 1 { s += ", quality score \(format(qualityScore))" }
        if qualityScaling { s += ", savings share × Q" }
        if let qualityGate { s += ", quality gate Q ≥ \(format(qualityGate))" }
        if trendPassThrough != 0 { s += ", trend pass-through λ = \(format(trendPassThrough))" }
        if discount != 0 { s += ", benchmark discount \(format(discount * 100))%" }
        return s
    }
}

/// MSSP's minimum savings rate by the number of assigned beneficiaries (42 CFR 425.604(b), one-sided track):
/// linear between the rates at each band's low end, 2% from 60,000 on; undefined below 5,000.
public enum MinimumSavingsRate {
    /// (members at the band's low end, MSR there).
    public static let table: [(members: Double, rate: Double)] = [
        (5_000, 0.039), (6_000, 0.036), (7_000, 0.034), (8_000, 0.032), (9_000, 0.031),
        (10_000, 0.030), (15_000, 0.027), (20_000, 0.025), (50_000, 0.022), (60_000, 0.020),
    ]

    /// The MSR for `members` assigned beneficiaries (the model reader refuses the table below 5,000 members;
    /// a membership shock that goes below gets the 5,000-member rate).
    public static func bySize(members: Int) -> Double {
        let n = Double(members)
        guard n >= table[0].members else { return table[0].rate }
        for (a, b) in zip(table, table.dropFirst()) where n < b.members {
            return a.rate + (b.rate - a.rate) * (n - a.members) / (b.members - a.members)
        }
        return table.last!.rate
    }
}
