/// What the aggregate terms of a contract see of one trial (one performance period): the record a trial leaves
/// before settlement. Pricing re-settles these records under other aggregate terms (`TrialLedger`).
public struct TrialTotals: Sendable, Hashable {
    /// N: units in the trial (episodes, members, or units of hospital volume).
    public var units: Int
    /// The trial's unit costs summed gross, after the cap, and retained (`UnitSums`), dollars.
    public var costs: UnitSums
    /// Θ as applied to the trial's costs: the systematic factor × (1 + trend) × a catastrophe's multiplier.
    /// Benchmark trend pass-through reads it.
    public var theta: Double
    /// Q: the trial's quality score (1 when the contract has none).
    public var quality: Double

    public init(units: Int, costs: UnitSums, theta: Double = 1, quality: Double = 1) {
        self.units = units
        self.costs = costs
        self.theta = theta
        self.quality = quality
    }

    /// A trial known only by its unit count and retained cost (gross = capped = retained).
    public init(units: Int, retainedCost: Double) {
        self.init(units: units, costs: UnitSums(gross: retainedCost, capped: retainedCost, retained: retainedCost))
    }
}
