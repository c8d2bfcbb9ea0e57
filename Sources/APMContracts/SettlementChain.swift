/// A contract's aggregate terms as the trial loop runs them, compiled once when the contract is made or changed.
///
/// Each term of a kind listed in `CompiledTerm.Kind` is kept by value, as plain data, in an array of its kind;
/// the chain is a list of small steps (kind, index, slot counts). Settling a trial is then a switch and direct
/// calls the optimiser can inline, reading the term in place: no existential is opened, copied or destroyed
/// per term per trial, as it was through `AnyAggregateTerm` (measured on the reference bundle: about 380
/// instructions a trial that way, against the closed-form settlement before terms). A term whose parameters are
/// not plain values (a corridor's or a P4P map's breakpoints), or a kind of term without a case here, settles
/// through the protocol (`.other`): correctly, only without that saving. Give a new kind of term that sits on
/// a hot path its case.
public struct SettlementChain: Sendable {
    @usableFromInline let steps: [CompiledTerm]
    @usableFromInline var payments: [UnitPayment.Settlement] = [], costs: [CostTerm] = [], limits: [Limits] = []
    @usableFromInline var stopLosses: [AggregateStopLoss] = [], sharing: [Sharing] = [], fixedCosts: [Double] = []
    @usableFromInline var budgets: [Budget] = [], volumeCorridors: [VolumeCorridor] = []
    @usableFromInline var qualityGates: [QualityGate] = []
    /// Terms called through the protocol.
    @usableFromInline var others: [AnyAggregateTerm] = []

    init(_ terms: [AnyAggregateTerm]) {
        var steps: [CompiledTerm] = []
        for term in terms {
            func kept<T>(_ value: T, _ list: inout [T], _ kind: CompiledTerm.Kind) {
                steps.append(CompiledTerm(kind: kind, index: list.count, term: term))
                list.append(value)
            }
            switch term.base {
            case let t as UnitPayment: kept(t.settlement, &payments, .payment)
            case let t as CostTerm: kept(t, &costs, .cost)
            case let t as Limits: kept(t, &limits, .limits)
            case let t as AggregateStopLoss: kept(t, &stopLosses, .aggregateStopLoss)
            case let t as Sharing: kept(t, &sharing, .sharing)
            case let t as FixedCost: kept(t.amount, &fixedCosts, .fixedCost)
            case let t as Budget: kept(t, &budgets, .budget)
            case let t as VolumeCorridor: kept(t, &volumeCorridors, .volumeCorridor)
            case let t as QualityGate: kept(t, &qualityGates, .qualityGate)
            default: kept(term, &others, .other)
            }
        }
        self.steps = steps
    }

    /// Settles trial `t` through every step in chain order, each writing its slots of `row`; returns M (dollars).
    @inlinable
    func settle(_ t: TrialTotals, _ row: ComponentRow) -> Double {
        var s = SettlementState()
        var r = row
        for step in steps {
            let i = step.index
            switch step.kind {
            case .payment: payments[i].apply(t, &s, r)
            case .cost: costs[i].apply(t, &s, r)
            case .limits: limits[i].apply(t, &s, r)
            case .aggregateStopLoss: stopLosses[i].apply(t, &s, r)
            case .sharing: sharing[i].apply(t, &s, r)
            case .fixedCost: FixedCost.apply(amount: fixedCosts[i], &s, r)
            case .budget: budgets[i].apply(t, &s, r)
            case .volumeCorridor: volumeCorridors[i].apply(t, &s, r)
            case .qualityGate: qualityGates[i].apply(t, &s, r)
            case .other: others[i].base.apply(t, &s, r)
            }
            r = r.advanced(components: step.componentCount, events: step.eventCount)
        }
        return s.margin
    }
}

/// The chain is derived from the contract's terms, which the contract compares and hashes; it adds nothing.
extension SettlementChain: Hashable {
    public static func == (_: Self, _: Self) -> Bool { true }
    public func hash(into _: inout Hasher) {}
}

/// One step of a compiled chain: which kind of term, where the chain keeps it, and its slot counts.
@usableFromInline
struct CompiledTerm: Sendable {
    @usableFromInline enum Kind: UInt8, Sendable {
        case payment, cost, limits, aggregateStopLoss, sharing, fixedCost, budget, volumeCorridor, qualityGate
        /// Any other term, called through its protocol.
        case other
    }

    @usableFromInline let kind: Kind
    /// The term's index in the chain's array of its kind.
    @usableFromInline let index: Int
    @usableFromInline let componentCount: Int
    @usableFromInline let eventCount: Int

    init(kind: Kind, index: Int, term: AnyAggregateTerm) {
        self.kind = kind
        self.index = index
        componentCount = term.componentCount
        eventCount = term.eventCount
    }
}
