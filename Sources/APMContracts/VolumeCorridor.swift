import APMSupport

/// A volume corridor around a global budget: volume V (the trial's unit count) outside [V₀(1 − c), V₀(1 + c)]
/// moves revenue by the variable-cost factor v times the price p per unit (edges closed):
///
///     A = +v·p·(V − V₀(1 + c))    if V > V₀(1 + c)
///         −v·p·(V₀(1 − c) − V)    if V < V₀(1 − c)
///          0                      otherwise
public struct VolumeCorridor: AggregateTerm {
    public static let kind = "volume_corridor"
    /// V₀: the base volume (units per period).
    public var baseVolume: Double
    /// c: the corridor's half-width, a fraction of V₀.
    public var corridor: Double
    /// p: the price per unit of volume, dollars.
    public var price: Double
    /// v: the variable-cost factor, the share of p that follows volume outside the corridor.
    public var variableCostFactor: Double

    public init(baseVolume: Double, corridor: Double, price: Double, variableCostFactor: Double) {
        self.baseVolume = baseVolume
        self.corridor = corridor
        self.price = price
        self.variableCostFactor = variableCostFactor
    }

    public var componentNames: [String] { ["volume adjustment"] }
    public var eventNames: [String] { ["volume above the corridor", "volume below the corridor"] }
    public var parameters: [TermParameter] {
        [.init("base_volume", baseVolume, .positive), .init("volume_corridor", corridor, .fraction),
         .init("volume_price", price, .positive), .init("variable_cost_factor", variableCostFactor, .fraction)]
    }

    public func setting(_ name: String, to value: Double) -> Self {
        var c = self
        switch name {
        case "base_volume": c.baseVolume = value
        case "volume_corridor": c.corridor = value
        case "volume_price": c.price = value
        default: c.variableCostFactor = value
        }
        return c
    }

    public func apply(_ t: TrialTotals, _ s: inout SettlementState, _ row: ComponentRow) {
        let v = Double(t.units), high = baseVolume * (1 + corridor), low = baseVolume * (1 - corridor)
        var a = 0.0
        let above = !reaches(high, v), below = !reaches(v, low)
        if above { a = variableCostFactor * price * (v - high) } else if below { a = -variableCostFactor * price * (low - v) }
        s.margin += a
        row.set(0, a)
        row.event(0, above)
        row.event(1, below)
    }

    public var summary: String {
        "volume corridor ±\(format(corridor * 100))% around \(format(baseVolume)), \(format(variableCostFactor * 100))% of \(format(price)) per unit outside it"
    }
}
