import APMAnalysis
import APMContracts
import APMEngine
import APMSampling
import APMSupport

/// Reads the `contract:` section: exactly one preset (`bundle`, `capitation`, `shared_risk`,
/// `retrospective_bundle`, `global_budget`, `pay_for_performance`, `risk_adjusted_capitation`) or a chain
/// written out (`terms`). Every preset is a documented chain of terms (README, "Contracts"); its optional sections add terms in the order
/// the conventions fix.
package struct ContractReader {
    package let distributions: DistributionReader
    /// Θ, which a quality measure may load on (`systematic_correlation`).
    package var systematicFactor: CostDistribution? = nil
    package static let kinds = ["bundle", "capitation", "shared_risk", "retrospective_bundle", "global_budget",
                                "pay_for_performance", RiskAdjustmentReader.kind, "terms"]

    package func contract(_ field: Field) throws -> Contract {
        let section = try field.mapping(allowed: Self.kinds)
        guard section.keys.count == 1, let kind = section.keys.first else {
            throw field.error("needs exactly one contract (\(Self.kinds.joined(separator: ", ")))")
        }
        let f = try section.required(kind)
        var contract: Contract
        switch kind {
        case "bundle": contract = try bundle(f).contract
        case "capitation": contract = try capitation(f)
        case "shared_risk": contract = try sharedRisk(f)
        case "retrospective_bundle": contract = try retrospectiveBundle(f)
        case "global_budget": contract = try globalBudget(f)
        case "pay_for_performance": contract = try payForPerformance(f)
        case RiskAdjustmentReader.kind: contract = try RiskAdjustmentReader(distributions: distributions).contract(f)
        default: contract = try terms(f)
        }
        if let units = unitsField(of: f) { contract.unitsSystematicCorrelation = try unitsLoading(units) }
        return contract
    }

    /// A random unit count (`episodes`, `volume`), with `systematic_correlation: ρ` beside its distribution
    /// allowed, to load on Θ (`Contract.unitsSystematicCorrelation`): read here without that key.
    package func unitCount(_ field: Field) throws -> CountDistribution {
        guard case let .mapping(m) = field.node else { return try distributions.count(field) }
        let kept = m.filter { (try? Field(node: $0.key, path: field.path, file: field.file).string()) != "systematic_correlation" }
        guard kept.count < m.count else { return try distributions.count(field) }
        let count = try distributions.count(Field(node: .mapping(.init(kept.map { ($0.key, $0.value) }, m.tag, m.style, m.mark)),
                                                  path: field.path, file: field.file))
        if case .fixed = count {
            throw try field.mapping(allowed: DistributionReader.countKinds + ["systematic_correlation"])
                .required("systematic_correlation").error("belongs to a random count; a fixed count cannot load on Θ")
        }
        return count
    }

    /// The count's `systematic_correlation`, 0 when none is given.
    private func unitsLoading(_ field: Field) throws -> Double {
        guard case .mapping = field.node,
              let f = try field.mapping(allowed: DistributionReader.countKinds + ["systematic_correlation"])
                .optional("systematic_correlation") else { return 0 }
        return try QualityReader.systematicCorrelation(f, systematic: systematicFactor)
    }

    /// Where a preset or chain gives its random unit count (the preset has been read, so its keys are valid).
    private func unitsField(of f: Field) -> Field? {
        func child(_ f: Field, _ key: String) -> Field? {
            guard case let .mapping(m) = f.node else { return nil }
            return m.first { (try? Field(node: $0.key, path: "", file: nil).string()) == key }.map { f.child(key, $0.value) }
        }
        if let units = child(f, "units") { return child(units, "episodes") ?? child(units, "volume") }
        return child(f, "episodes") ?? child(f, "volume")
    }

    package func bundle(_ field: Field) throws -> BundleContract {
        let s = try field.mapping(allowed: ["price", "episodes", "outlier_cap", "stop_loss", "stop_gain"])
        return BundleContract(
            price: try s.required("price").positive(),
            episodes: try unitCount(try s.required("episodes")),
            outlierCap: try s.optional("outlier_cap")?.positive() ?? .infinity,
            stopLoss: try s.optional("stop_loss")?.nonNegative() ?? .infinity,
            stopGain: try s.optional("stop_gain")?.nonNegative() ?? .infinity)
    }

    /// capitation: payment (k − q)·n·m; cost; then, when given, an aggregate stop-loss and a corridor on the
    /// result against the revenue k·n·m.
    package func capitation(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: ["pmpm", "members", "months", "stop_loss", "aggregate_stop_loss", "corridor"])
        var stopLoss: SpecificStopLoss?
        if let f = s.optional("stop_loss") {
            let sl = try f.mapping(allowed: ["attachment", "coinsurance", "premium_pmpm"])
            stopLoss = .init(attachment: try sl.required("attachment").positive(),
                             coinsurance: try sl.optional("coinsurance")?.probability() ?? 1,
                             premiumPMPM: try sl.optional("premium_pmpm")?.nonNegative() ?? 0)
        }
        var c = CapitationContract(pmpm: try s.required("pmpm").positive(), members: try s.required("members").positiveWhole(),
                                   months: try s.optional("months")?.positive() ?? 12, stopLoss: stopLoss).contract
        let terms = TermReader(measures: [], unitTerms: c.unitTerms)
        var extra: [any AggregateTerm] = []
        if let f = s.optional("aggregate_stop_loss") { extra.append(try terms.aggregateStopLoss(f)) }
        if let f = s.optional("corridor") { extra.append(try terms.corridor(f)) }
        if !extra.isEmpty { c = Contract(kind: c.kind, units: c.units, unitName: c.unitName, unitTerms: c.unitTerms,
                                         terms: c.terms.map(\.base) + extra) }
        return c
    }

    /// shared_risk: the sharing reconciliation (with MSR by size, trend pass-through, a benchmark discount and
    /// quality terms when given), then a corridor when given (its rates then default to 1: the corridor
    /// shares), then the programme cost.
    package func sharedRisk(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: TermReader.sharingKeys + ["members", "programme_cost", "quality", "corridor"])
        let members = try s.required("members").positiveWhole()
        let measures = try s.optional("quality").map { try QualityReader.measures($0, systematic: systematicFactor) } ?? []
        let reader = TermReader(measures: measures, unitTerms: UnitTerms())
        let corridor = try s.optional("corridor").map(reader.corridor)
        let sharing = try reader.sharing(s, defaultRates: corridor == nil ? nil : 1, members: members)
        var chain: [any AggregateTerm] = [sharing]
        if let corridor { chain.append(corridor) }
        chain.append(FixedCost(name: "programme_cost", amount: try s.optional("programme_cost")?.nonNegative() ?? 0))
        return Contract(kind: "shared_risk", units: .fixed(members), unitName: "members", terms: chain, quality: measures)
    }

    /// retrospective_bundle (CJR, BPCI Advanced): payment at the discounted target T·(1 − d) per episode; cost
    /// with the outlier cap; stop-loss and stop-gain as fractions of N·T′; then the quality gate.
    package func retrospectiveBundle(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: ["target_price", "discount", "episodes", "outlier_cap", "stop_loss", "stop_gain",
                                            "quality", "quality_gate", "trend_pass_through"])
        let unit = UnitTerms(cap: try s.optional("outlier_cap")?.positive() ?? .infinity)
        let measures = try s.optional("quality").map { try QualityReader.measures($0, systematic: systematicFactor) } ?? []
        let reader = TermReader(measures: measures, unitTerms: unit)
        var chain: [any AggregateTerm] = [
            UnitPayment(rateName: "target_price", rate: try s.required("target_price").positive(),
                        discount: try reader.discount(s), trendPassThrough: try reader.passThrough(s)),
            CostTerm(for: unit),
            Limits(stopLoss: try s.optional("stop_loss")?.nonNegative() ?? .infinity,
                   stopGain: try s.optional("stop_gain")?.nonNegative() ?? .infinity),
        ]
        if let f = s.optional("quality_gate") { chain.append(try reader.qualityGate(f)) }
        return Contract(kind: "retrospective_bundle", units: try unitCount(try s.required("episodes")),
                        unitName: "episodes", unitTerms: unit, terms: chain, quality: measures)
    }

    /// global_budget (Maryland GBR style): budget G; the cost of every unit of volume; the volume corridor;
    /// the quality withhold and its return; fixed costs.
    package func globalBudget(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: ["budget", "volume", "trend_pass_through", "volume_corridor", "fixed_cost",
                                            "quality", "withhold"])
        let measures = try s.optional("quality").map { try QualityReader.measures($0, systematic: systematicFactor) } ?? []
        let reader = TermReader(measures: measures, unitTerms: UnitTerms())
        var chain: [any AggregateTerm] = [
            Budget(amount: try s.required("budget").positive(), trendPassThrough: try reader.passThrough(s)),
            CostTerm(for: UnitTerms()),
        ]
        if let f = s.optional("volume_corridor") { chain.append(try reader.volumeCorridor(f)) }
        if let f = s.optional("withhold") { chain.append(try reader.withhold(f)) }
        chain.append(FixedCost(amount: try s.optional("fixed_cost")?.nonNegative() ?? 0))
        return Contract(kind: "global_budget", units: try unitCount(try s.required("volume")), unitName: "volume",
                        terms: chain, quality: measures)
    }

    /// pay_for_performance on fee-for-service revenue: payment at `price` per unit of volume; cost; each
    /// adjustment a(Q)·revenue (HVBP, HRRP, MIPS shapes); fixed costs.
    package func payForPerformance(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: ["price", "volume", "quality", "adjustments", "fixed_cost"])
        let measures = try s.optional("quality").map { try QualityReader.measures($0, systematic: systematicFactor) } ?? []
        let reader = TermReader(measures: measures, unitTerms: UnitTerms())
        var chain: [any AggregateTerm] = [UnitPayment(rateName: "price", rate: try s.required("price").positive()),
                                          CostTerm(for: UnitTerms())]
        let adjustments = try s.required("adjustments").list()
        guard !adjustments.isEmpty, adjustments.count <= 10 else {
            throw try s.required("adjustments").error("must list 1 to 10 adjustments")
        }
        chain += try adjustments.map(reader.performanceAdjustment)
        chain.append(FixedCost(amount: try s.optional("fixed_cost")?.nonNegative() ?? 0))
        return Contract(kind: "pay_for_performance", units: try unitCount(try s.required("volume")),
                        unitName: "volume", terms: chain, quality: measures)
    }

    /// A chain written out:
    ///
    ///     terms:
    ///       units: {members: 1000}            # or {episodes: <count>} or {volume: <count>}
    ///       unit_terms: {outlier_cap: …, stop_loss: {attachment, coinsurance}}   # optional
    ///       quality: {…}                      # optional measures
    ///       chain: [{payment: {…}}, {cost: {}}, {limits: {…}}, …]
    package func terms(_ field: Field) throws -> Contract {
        let s = try field.mapping(allowed: ["units", "unit_terms", "quality", "chain"])
        let unitsSection = try s.required("units").mapping(allowed: ["members", "episodes", "volume"])
        guard unitsSection.keys.count == 1, let unitName = unitsSection.keys.first else {
            throw try s.required("units").error("needs exactly one of members, episodes or volume")
        }
        let unitsField = try unitsSection.required(unitName)
        let units: CountDistribution = unitName == "members"
            ? .fixed(try unitsField.positiveWhole()) : try unitCount(unitsField)
        let unit = try s.optional("unit_terms").map(UnitTermsReader.unitTerms) ?? UnitTerms()
        let measures = try s.optional("quality").map { try QualityReader.measures($0, systematic: systematicFactor) } ?? []
        let reader = TermReader(measures: measures, unitTerms: unit)
        let chainField = try s.required("chain")
        let items = try chainField.list()
        guard !items.isEmpty, items.count <= 50 else { throw chainField.error("must list 1 to 50 terms") }
        let chain = try items.map(reader.term)
        try ChainRules.check(chain, items)
        if unit.cap.isFinite || unit.stopLoss != nil, !chain.contains(where: { $0 is CostTerm || $0 is Sharing }) {
            throw chainField.error("has unit terms but no cost term to apply them to")
        }
        return Contract(kind: "terms", units: units, unitName: unitName, unitTerms: unit, terms: chain, quality: measures)
    }
}
