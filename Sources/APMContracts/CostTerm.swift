import APMSupport

/// The provider's retained cost of the trial: M −= Σ retained. Its components show the gross cost and what
/// the unit terms took off it: the outlier relief Σ (X − min(X, u)) and the specific stop-loss recoveries.
public struct CostTerm: AggregateTerm {
    public static let kind = "cost"
    /// Whether the unit terms have a cap (the outlier relief is then a component).
    public var showsCap: Bool
    /// Whether the unit terms have a specific stop-loss (its recoveries are then a component).
    public var showsStopLoss: Bool

    public init(for unitTerms: UnitTerms) {
        showsCap = unitTerms.cap.isFinite
        showsStopLoss = unitTerms.stopLoss != nil
    }

    public var componentNames: [String] {
        ["cost"] + (showsCap ? ["outlier relief"] : []) + (showsStopLoss ? ["stop-loss recoveries"] : [])
    }
    public var parameters: [TermParameter] { [] }
    public func setting(_ name: String, to value: Double) -> Self { self }

    @inlinable
    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        s.margin -= t.costs.retained
        row.set(0, -t.costs.gross)
        var slot = 1
        if showsCap { row.set(slot, t.costs.gross - t.costs.capped); slot += 1 }
        if showsStopLoss { row.set(slot, t.costs.capped - t.costs.retained) }
    }

    public var summary: String { "the provider's retained cost" }
}

/// A fixed cost per period F (care management, reporting, a hospital's fixed costs): M −= F.
public struct FixedCost: AggregateTerm {
    public static let kind = "fixed_cost"
    /// The name of the amount in model files (`programme_cost`, `fixed_cost`).
    public var name: String
    /// F, dollars per period.
    public var amount: Double

    public init(name: String = "fixed_cost", amount: Double) {
        self.name = name
        self.amount = amount
    }

    public var componentNames: [String] { [name.replacingOccurrences(of: "_", with: " ")] }
    public var parameters: [TermParameter] { [.init(name, amount, .nonNegative)] }
    public func setting(_ name: String, to value: Double) -> Self { Self(name: self.name, amount: value) }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        Self.apply(amount: amount, &s, row)
    }

    /// M −= F, written to the term's one component (a compiled chain holds F alone: `SettlementChain`).
    @inlinable
    static func apply(amount: Double, _ s: inout SettlementState, _ row: ComponentRow) {
        s.margin -= amount
        row.set(0, -amount)
    }

    public var summary: String { "\(name.replacingOccurrences(of: "_", with: " ")) \(format(amount)) per period" }
}
