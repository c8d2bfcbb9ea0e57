import APMContracts
import APMSampling
import APMSupport

/// Reads the aggregate terms of a contract, alone (a `terms:` chain) or inside a preset's section. Every
/// term's rules are checked here, with the field path; the chain's order rules are checked by `ChainRules`.
package struct TermReader {
    /// The contract's quality measures, by name, for terms that read one (`measure:`; the first by default).
    package let measures: [QualityMeasure]
    /// The contract's unit terms (the cost term shows what they take off).
    package let unitTerms: UnitTerms

    /// The kinds a chain may hold, as written in a model file.
    package static let kinds = [UnitPayment.kind, Budget.kind, Sharing.kind, CostTerm.kind, Limits.kind, Corridor.kind,
                                AggregateStopLoss.kind, QualityGate.kind, Withhold.kind, PerformanceAdjustment.kind,
                                VolumeCorridor.kind, FixedCost.kind]

    /// One chain entry: a mapping with exactly one term kind.
    package func term(_ field: Field) throws -> any AggregateTerm {
        if case .mapping = field.node, let key = (try? field.mapping(allowed: Self.kinds + UnitTermsReader.keys))?.keys.first,
           UnitTermsReader.keys.contains(key) {
            throw field.error("'\(key)' is a unit term, applied to each unit before any aggregate term: put it under unit_terms")
        }
        let section = try field.mapping(allowed: Self.kinds)
        guard section.keys.count == 1, let kind = section.keys.first else {
            throw field.error("each chain entry needs exactly one term (\(Self.kinds.joined(separator: ", ")))")
        }
        let f = try section.required(kind)
        switch kind {
        case UnitPayment.kind: return try payment(f)
        case Budget.kind: return try budget(f)
        case Sharing.kind: return try sharing(f)
        case CostTerm.kind:
            _ = try f.mapping(allowed: [])
            return CostTerm(for: unitTerms)
        case Limits.kind: return try limits(f)
        case Corridor.kind: return try corridor(f)
        case AggregateStopLoss.kind: return try aggregateStopLoss(f)
        case QualityGate.kind: return try qualityGate(f)
        case Withhold.kind: return try withhold(f)
        case PerformanceAdjustment.kind: return try performanceAdjustment(f)
        case VolumeCorridor.kind: return try volumeCorridor(f)
        default:
            let s = try f.mapping(allowed: ["amount"])
            return FixedCost(amount: try s.required("amount").nonNegative())
        }
    }

    /// `{price: b}`, `{pmpm: k, months: 12}` or `{target_price: T, discount: 0.03}`, with optional
    /// `trend_pass_through` and `premium_pmpm`.
    package func payment(_ field: Field) throws -> UnitPayment {
        let rates = ["price", "pmpm", "target_price"]
        let s = try field.mapping(allowed: rates + ["months", "discount", "trend_pass_through", "premium_pmpm"])
        let given = s.keys.filter(rates.contains)
        guard given.count == 1, let rateName = given.first else {
            throw field.error("needs exactly one rate: price (per episode), pmpm (per member per month) or target_price")
        }
        let months = try s.optional("months")?.positive() ?? (rateName == "pmpm" ? 12 : 1)
        return UnitPayment(rateName: rateName, rate: try s.required(rateName).positive(), months: months,
                           discount: try discount(s), trendPassThrough: try passThrough(s),
                           premium: try s.optional("premium_pmpm")?.nonNegative() ?? 0)
    }

    package func budget(_ field: Field) throws -> Budget {
        let s = try field.mapping(allowed: ["amount", "trend_pass_through"])
        return Budget(amount: try s.required("amount").positive(), trendPassThrough: try passThrough(s))
    }

    /// The shared-savings reconciliation: `benchmark`, rates, `minimum_savings_rate` (a fraction or `by_size`),
    /// caps, and the quality terms `quality_score` (fixed), `quality_scaling`, `quality_gate`, `measure`.
    package func sharing(_ field: Field) throws -> Sharing {
        let s = try field.mapping(allowed: Self.sharingKeys)
        return try sharing(s, defaultRates: nil)
    }

    package static let sharingKeys = [
        "benchmark", "savings_rate", "loss_rate", "minimum_savings_rate", "minimum_loss_rate", "savings_cap",
        "loss_cap", "quality_score", "quality_scaling", "quality_gate", "measure", "trend_pass_through", "discount",
    ]

    /// Sharing from an already-checked section; `defaultRates` stands in for absent rates (a corridor contract
    /// keeps all of D for its corridor to share).
    package func sharing(_ s: Section, defaultRates: Double?, members: Int? = nil) throws -> Sharing {
        func rate(_ key: String) throws -> Double {
            if let d = defaultRates, !s.has(key) { return d }
            return try s.required(key).probability()
        }
        var bySize = false, msr = 0.0
        if let f = s.optional("minimum_savings_rate") {
            if case let .scalar(v) = f.node, v.string == "by_size" {
                bySize = true
                if let members, members < 5_000 {
                    throw f.error("by_size needs at least 5,000 members (42 CFR 425.604(b) starts at 5,000), got \(members); give the MSR explicitly")
                }
            } else {
                msr = try f.probability()
            }
        }
        let scaling = try s.optional("quality_scaling").map(QualityReader.boolean) ?? false
        let gate = try s.optional("quality_gate")?.number()
        let measure = try measureIndex(s, needed: scaling || gate != nil)
        var enhanced = false
        if let f = s.optional("loss_rate"), case let .scalar(v) = f.node, v.string == "enhanced" { enhanced = true }
        var sharing = Sharing(benchmark: try s.required("benchmark").positive(), savingsRate: try rate("savings_rate"),
                              lossRate: enhanced ? 0 : try rate("loss_rate"), minimumSavingsRate: msr,
                              minimumLossRate: try s.optional("minimum_loss_rate")?.probability() ?? 0,
                              minimumSavingsRateBySize: bySize,
                              savingsCap: try s.optional("savings_cap")?.nonNegative() ?? .infinity,
                              lossCap: try s.optional("loss_cap")?.nonNegative() ?? .infinity,
                              qualityScore: try s.optional("quality_score")?.probability() ?? 1,
                              qualityScaling: scaling, qualityGate: gate, trendPassThrough: try passThrough(s))
        sharing.score = measure
        sharing.enhancedLossRate = enhanced
        sharing.discount = try discount(s)
        return sharing
    }

    package func limits(_ field: Field) throws -> Limits {
        let s = try field.mapping(allowed: ["stop_loss", "stop_gain"])
        return Limits(stopLoss: try s.optional("stop_loss")?.nonNegative() ?? .infinity,
                      stopGain: try s.optional("stop_gain")?.nonNegative() ?? .infinity)
    }

    /// `{gains: [{to: 0.05, share: 0.5}, …, {share: 0.05}], losses: […]}` (`losses` defaults to `gains`): bands
    /// as fractions of the base, each from where the previous ended; the last has no `to`.
    package func corridor(_ field: Field) throws -> Corridor {
        let s = try field.mapping(allowed: ["gains", "losses"])
        let gains = try bands(try s.required("gains"))
        let losses = try s.optional("losses").map(bands) ?? gains
        guard let c = Corridor(gains: gains, losses: losses) else { throw field.error("bands must run from 0 without gaps and end open") }
        return c
    }

    package func bands(_ field: Field) throws -> [Corridor.Band] {
        let items = try field.list()
        guard !items.isEmpty, items.count <= 100 else { throw field.error("must list 1 to 100 bands") }
        var from = 0.0
        return try items.enumerated().map { i, item in
            let s = try item.mapping(allowed: ["to", "share"])
            let share = try s.required("share").probability()
            let last = i == items.count - 1
            if last, let to = s.optional("to") { throw to.error("the last band is open-ended: remove 'to'") }
            let to = last ? Double.infinity : try s.required("to", context: "every band but the last ends somewhere").positive()
            guard to > from else {
                throw try s.required("to").error("must be above the previous band's end \(format(from)), got \(format(to))")
            }
            defer { from = to }
            return Corridor.Band(from: from, to: to, share: share)
        }
    }

    package func aggregateStopLoss(_ field: Field) throws -> AggregateStopLoss {
        let s = try field.mapping(allowed: ["attachment", "coinsurance", "premium"])
        return AggregateStopLoss(attachment: try s.required("attachment").positive(),
                                 coinsurance: try s.optional("coinsurance")?.probability() ?? 1,
                                 premium: try s.optional("premium")?.nonNegative() ?? 0)
    }

    package func qualityGate(_ field: Field) throws -> QualityGate {
        let s = try field.mapping(allowed: ["minimum", "measure"])
        return QualityGate(minimum: try s.required("minimum").number(), score: try measureIndex(s, needed: true))
    }

    /// `{rate: 0.02, returned: [[0.5, 0], [0.9, 1]], scale: 1, measure: composite}`.
    package func withhold(_ field: Field) throws -> Withhold {
        let s = try field.mapping(allowed: ["rate", "returned", "scale", "measure"])
        let map = try self.map(try s.required("returned"), scale: try s.optional("scale")?.positive() ?? 1)
        if let p = map.points.first(where: { $0.y < 0 || $0.y > 1 }) {
            throw try s.required("returned").error("returns a share in [0, 1] of the withhold, got \(format(p.y)) at \(format(p.q))")
        }
        return Withhold(rate: try s.required("rate").probability(), returned: map, score: try measureIndex(s, needed: true))
    }

    /// `{map: [[0, -0.02], [100, 0.02]], scale: 100, measure: tps, name: HVBP}`: a(Q) as a fraction of revenue.
    package func performanceAdjustment(_ field: Field) throws -> PerformanceAdjustment {
        let s = try field.mapping(allowed: ["map", "scale", "measure", "name"])
        let map = try self.map(try s.required("map"), scale: try s.optional("scale")?.positive() ?? 1)
        if let p = map.points.first(where: { abs($0.y) > 1 }) {
            throw try s.required("map").error("adjusts revenue by a fraction between −1 and 1, got \(format(p.y)) at \(format(p.q))")
        }
        let name = try s.optional("name")?.string() ?? "performance adjustment"
        return PerformanceAdjustment(adjustment: map, score: try measureIndex(s, needed: true),
                                     name: MessageText.clipped(MessageText.escaped(name)) + (s.has("name") ? " adjustment" : ""))
    }

    package func volumeCorridor(_ field: Field) throws -> VolumeCorridor {
        let s = try field.mapping(allowed: ["base_volume", "corridor", "price", "variable_cost_factor"])
        return VolumeCorridor(baseVolume: try s.required("base_volume").positive(), corridor: try s.required("corridor").probability(),
                              price: try s.required("price").positive(),
                              variableCostFactor: try s.optional("variable_cost_factor")?.probability() ?? 0.5)
    }

    /// A piecewise-linear map: a list of [Q, y] pairs sorted by Q.
    package func map(_ field: Field, scale: Double) throws -> PiecewiseLinearMap {
        let items = try field.list()
        guard !items.isEmpty, items.count <= 1_000 else { throw field.error("must list 1 to 1,000 points [Q, value]") }
        let points = try items.map { item -> (q: Double, y: Double) in
            let pair = try item.list()
            guard pair.count == 2 else { throw item.error("must be a pair [Q, value], got \(pair.count) numbers") }
            return (try pair[0].number(), try pair[1].number())
        }
        for (i, (a, b)) in zip(points, points.dropFirst()).enumerated() where b.q < a.q {
            throw items[i + 1].error("points must be sorted by Q: \(format(b.q)) comes after \(format(a.q))")
        }
        return PiecewiseLinearMap(points: points, scale: scale)!
    }

    /// The index of the measure a term reads: `measure: NAME`, or the first; an error when the contract has none.
    package func measureIndex(_ s: Section, needed: Bool) throws -> Int {
        if let f = s.optional("measure") {
            let name = try f.string()
            guard let i = measures.firstIndex(where: { $0.name == name }) else {
                throw f.error("names no quality measure of this contract (it has: \(measures.map(\.name).joined(separator: ", ")))")
            }
            return i
        }
        if needed && measures.isEmpty {
            throw s.field.error("reads a quality score, but the contract has no quality section")
        }
        return 0
    }

    package func discount(_ s: Section) throws -> Double {
        guard let f = s.optional("discount") else { return 0 }
        let d = try f.probability()
        guard d < 1 else { throw f.error("must be below 1, got \(format(d))") }
        return d
    }

    package func passThrough(_ s: Section) throws -> Double { try s.optional("trend_pass_through")?.probability() ?? 0 }
}

/// Reads `unit_terms: {outlier_cap, stop_loss: {attachment, coinsurance}}`.
package enum UnitTermsReader {
    package static let keys = ["outlier_cap", "truncation", "stop_loss"]

    package static func unitTerms(_ field: Field) throws -> UnitTerms {
        let s = try field.mapping(allowed: keys)
        if s.has("outlier_cap") && s.has("truncation") {
            throw try s.required("truncation").error("a unit has one cap: give outlier_cap or truncation, not both")
        }
        let cap = try (s.optional("outlier_cap") ?? s.optional("truncation"))?.positive() ?? .infinity
        var stopLoss: SpecificStopLoss?
        if let f = s.optional("stop_loss") {
            let sl = try f.mapping(allowed: ["attachment", "coinsurance"])
            stopLoss = SpecificStopLoss(attachment: try sl.required("attachment").positive(),
                                        coinsurance: try sl.optional("coinsurance")?.probability() ?? 1)
        }
        return UnitTerms(cap: cap, stopLoss: stopLoss)
    }
}

/// The order a chain's terms must keep (payment-designs.md, "Order"): exactly one payment, first; the cost
/// after it (unless the payment is a sharing reconciliation, which reads the cost itself); an aggregate
/// stop-loss before the limits and corridors that act on its result; limits, corridors and quality gates after
/// the cost.
package enum ChainRules {
    package static func check(_ terms: [any AggregateTerm], _ fields: [Field]) throws {
        guard let first = terms.first, first.isPayment else {
            throw (fields.first ?? fields[0]).error("the chain must start with its payment (payment, budget or sharing)")
        }
        var seenCost = first is Sharing, seenCorridorOrLimits = false
        for (i, term) in terms.enumerated().dropFirst() {
            let f = fields[i]
            if term.isPayment { throw f.error("a chain has one payment, first; this is a second") }
            switch term {
            case is CostTerm:
                if first is Sharing { throw f.error("a sharing reconciliation already counts the cost; remove this cost term") }
                if seenCost { throw f.error("the cost is counted once") }
                seenCost = true
            case is AggregateStopLoss:
                if !seenCost { throw f.error("an aggregate stop-loss acts on the retained cost: put it after the cost") }
                if seenCorridorOrLimits { throw f.error("an aggregate stop-loss must come before the limits and corridors that act on its result") }
            case is Limits, is Corridor, is QualityGate:
                if !seenCost { throw f.error("\(type(of: term).kind) acts on the result after the cost: put it after the cost") }
                if !(term is QualityGate) { seenCorridorOrLimits = true }
            default: break
            }
        }
        let names = terms.flatMap { $0.parameters.map(\.name) }
        if let dup = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw fields[0].error("two terms share the parameter name '\(dup)'; a contract may have each at most once")
        }
    }
}
