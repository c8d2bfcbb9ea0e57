import APMSupport

/// A fixed payment per period whatever the volume: a hospital global budget G (Maryland GBR style). Sets the
/// base B and the revenue: G·(1 + λ(Θ − 1)), λ the trend pass-through.
public struct Budget: AggregateTerm {
    public static let kind = "budget"
    /// G, dollars per period.
    public var amount: Double
    /// λ: the share of Θ − 1 that moves the budget.
    public var trendPassThrough: Double

    public init(amount: Double, trendPassThrough: Double = 0) {
        self.amount = amount
        self.trendPassThrough = trendPassThrough
    }

    public var isPayment: Bool { true }
    public var componentNames: [String] { ["revenue"] }
    public var parameters: [TermParameter] {
        [.init("budget", amount, .positive)]
            + (trendPassThrough != 0 ? [.init("trend_pass_through", trendPassThrough, .fraction)] : [])
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        if name == "budget" { c.amount = value } else { c.trendPassThrough = value }
        return c
    }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let g = trendPassThrough == 0 ? amount : amount * (1 + trendPassThrough * (t.theta - 1))
        s.margin += g
        s.base = g
        s.revenue = g
        row.set(0, g)
    }

    public func revenue(expectedUnits: Double) -> Double? { amount }

    public var summary: String {
        "budget \(format(amount)) per period" + (trendPassThrough != 0 ? ", trend pass-through λ = \(format(trendPassThrough))" : "")
    }
}
