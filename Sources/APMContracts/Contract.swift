import APMSampling

/// A contract: how one trial's (one performance period's) sampled costs become the provider's margin M
/// (dollars; M > 0 is a gain, the loss is L = −M).
///
/// It is a chain: unit terms applied to each unit's cost before summing (`UnitTerms`: a cap, a specific
/// stop-loss), then aggregate terms applied in order to the trial's totals (`AggregateTerm`: a payment, the
/// cost, sharing, limits, a corridor, quality terms, fixed costs). The presets of a model file (`bundle`,
/// `capitation`, `shared_risk`, `global_budget`, …) are named chains (`BundleContract.contract`, …).
/// Each term writes its part of M into its own components, which add up to M.
public struct Contract: Sendable, Hashable {
    /// The preset the model file names (`bundle`, …), or `terms` for a chain written out.
    public var kind: String
    /// N: units per trial.
    public var units: CountDistribution
    /// ρ in [−1, 1]: how a random N loads on the systematic factor Θ through a Gaussian copula (the normal
    /// behind N is ρ·z + √(1 − ρ²)·ε, z the normal score of Θ; N keeps its own distribution). 0, the default, is
    /// independent: N is then drawn directly by GSL. ρ > 0: a high-cost year tends to bring more units.
    public var unitsSystematicCorrelation: Double = 0
    /// What a unit is, in the model file's word: `episodes`, `members` or `volume`.
    public var unitName: String
    /// Applied to each unit's cost in the engine's unit loop.
    public var unitTerms: UnitTerms
    /// Applied in order to the trial's totals; the first is the payment that sets the base and the revenue.
    public private(set) var terms: [AnyAggregateTerm] { didSet { chain = SettlementChain(terms) } }
    /// `terms` compiled for the trial loop (`settle`).
    @usableFromInline private(set) var chain: SettlementChain
    /// The trial's quality measures, drawn in this order each trial; terms read them by index (`score`).
    public var quality: [QualityMeasure]
    /// A risk-adjusted capitation's member model (score, residual, missed cost share, attribution), drawn in the
    /// unit loop in place of the model's `cost:` (only its mean is used); nil for every other contract.
    public var riskAdjustment: RiskAdjustment?

    public init(kind: String, units: CountDistribution, unitName: String, unitTerms: UnitTerms = UnitTerms(),
                terms: [any AggregateTerm], quality: [QualityMeasure] = [], riskAdjustment: RiskAdjustment? = nil) {
        self.kind = kind
        self.units = units
        self.unitName = unitName
        self.unitTerms = unitTerms
        let compiled = terms.map(AnyAggregateTerm.init)
        self.terms = compiled
        chain = SettlementChain(compiled)
        self.quality = quality
        self.riskAdjustment = riskAdjustment
    }

    /// This contract with `extra` terms after its chain (a preset's optional aggregate stop-loss or corridor).
    public func appending(_ extra: [any AggregateTerm]) -> Contract {
        var c = self
        c.terms += extra.map(AnyAggregateTerm.init)
        return c
    }

    /// Every component of the margin, in chain order: (term index, name).
    public var componentNames: [String] { terms.flatMap(\.base.componentNames) }

    /// Every event whose probability is reported, in chain order.
    public var eventNames: [String] { terms.flatMap(\.base.eventNames) }

    /// Whether a trial needs a quality score drawn.
    public var readsQuality: Bool { terms.contains { $0.base.readsQuality } }

    /// Every numeric parameter of the chain, by name (a term's own names are unique within a contract).
    public var parameters: [TermParameter] { terms.flatMap(\.base.parameters) }

    /// This contract with parameter `name` set to `value` (the name must be one of `parameters`).
    public func setting(_ name: String, to value: Double) -> Contract {
        var c = self
        guard let i = terms.firstIndex(where: { $0.base.parameters.contains { $0.name == name } }) else {
            preconditionFailure("\(name) is not a term of a \(kind) contract")
        }
        c.terms[i] = AnyAggregateTerm(terms[i].base.setting(name, to: value))
        return c
    }

    /// The unit terms' parameters (`outlier_cap`, or `attachment` and `coinsurance`), the member model's
    /// (`missed_cost_share`, `retention`) and the chain's.
    public var allParameters: [TermParameter] {
        unitTerms.parameters(unitName: unitName) + (riskAdjustment?.parameters ?? []) + parameters
    }

    /// This contract with a unit term's, the member model's or a chain term's parameter `name` set to `value`.
    public func settingAny(_ name: String, to value: Double) -> Contract {
        var c = self
        if let r = riskAdjustment?.setting(name, to: value) {
            c.riskAdjustment = r
            return c
        }
        if let u = unitTerms.setting(name, to: value) {
            c.unitTerms = u
            // The cost term shows what the unit terms take off; its components follow them.
            if let i = terms.firstIndex(where: { $0.base is CostTerm }) { c.terms[i] = AnyAggregateTerm(CostTerm(for: u)) }
            return c
        }
        return setting(name, to: value)
    }

    /// The value of parameter `name`, or nil if the contract has no such term.
    public func value(of name: String) -> Double? { allParameters.first { $0.name == name }?.value }

    /// Whether the retained costs a trial leaves are the same under `other`: the same units, unit terms, quality
    /// score and member model. Only then may the trials of one be settled again under the other (`TrialLedger`).
    public func drawsTheSameTrials(as other: Contract) -> Bool {
        units == other.units && unitsSystematicCorrelation == other.unitsSystematicCorrelation
            && unitTerms == other.unitTerms && quality == other.quality
            && riskAdjustment == other.riskAdjustment
    }

    /// The revenue fractions of revenue are measured against, at the expected number of units and Θ = 1
    /// (dollars): bundle N·b, capitation k·n·m, shared risk the benchmark B, global budget G; a risk-adjusted
    /// capitation k·m·n·E[S]·E[e]·(1 + κ)/NF·(1 − a).
    public var expectedRevenue: Double {
        let n = units.mean
        let exposure = n * (riskAdjustment?.attribution.meanExposure ?? 1)
        let scored = n * (riskAdjustment?.meanScoredExposure ?? 1)
        for t in terms {
            if let r = t.base.revenue(expectedExposure: exposure, expectedScoredExposure: scored) { return r }
        }
        return 0
    }

    /// The margin of trial `t` (dollars), its components and events written to `row` (which must hold
    /// `componentNames.count` components and `eventNames.count` events).
    @inlinable
    public func settle(_ t: TrialTotals, _ row: ComponentRow) -> Double { chain.settle(t, row) }

    /// The margin of trial `t`, dollars, without its breakdown.
    public func margin(_ t: TrialTotals) -> Double {
        let k = terms.reduce(0) { $0 + $1.componentCount }, e = terms.reduce(0) { $0 + $1.eventCount }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: k + e + 1) { b in
            settle(t, ComponentRow(components: b.baseAddress!, events: b.baseAddress! + k))
        }
    }

    /// The margin of a trial known by its unit count and retained cost (gross = capped = retained).
    public func margin(units: Int, retainedCost: Double) -> Double {
        margin(TrialTotals(units: units, retainedCost: retainedCost))
    }
}

/// A term of any kind, as a contract stores it, with its slot counts computed once.
public struct AnyAggregateTerm: Sendable, Hashable {
    public let base: any AggregateTerm
    public let componentCount: Int
    public let eventCount: Int

    public init(_ base: any AggregateTerm) {
        self.base = base
        componentCount = base.componentNames.count
        eventCount = base.eventNames.count
    }

    public static func == (l: Self, r: Self) -> Bool { AnyHashable(l.base) == AnyHashable(r.base) }
    public func hash(into h: inout Hasher) { h.combine(AnyHashable(base)) }
}

/// A named quality measure of a contract (`composite`, `tps`, `err`) and the distribution of its score.
public struct QualityMeasure: Sendable, Hashable {
    public var name: String
    public var score: QualityScore
    /// ρ: the correlation of the normal behind the score with the normal behind the systematic factor Θ
    /// (a Gaussian copula; 0, the default, draws the score independently). ρ < 0: a bad cost year (high Θ)
    /// tends to bring a low score.
    public var systematicCorrelation: Double

    public init(name: String, score: QualityScore, systematicCorrelation: Double = 0) {
        self.name = name
        self.score = score
        self.systematicCorrelation = systematicCorrelation
    }
}
