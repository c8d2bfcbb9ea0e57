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
    /// The trial's quality scores, in the order of the contract's measures (1 where a contract has none).
    public var scores: QualityScores
    /// Q: the first quality score.
    public var quality: Double { scores[0] }
    /// Σ eⱼ: the units' exposure, each unit's months attributed ÷ months (attribution churn of a risk-adjusted
    /// capitation, `RiskAdjustment`); the unit count N where every unit counts whole.
    public var exposure: Double
    /// Σ Sⱼ·eⱼ: the exposure weighted by each member's raw payment risk score (a risk-adjusted capitation's
    /// payment, `UnitPayment.score`); equal to `exposure` where there is no risk adjustment.
    public var scoredExposure: Double
    /// The trial's likelihood-ratio weight under importance sampling (`Tilt`): f/g of its draws, 1 for an
    /// untilted run. Weighted means Σ wᵢ·xᵢ / n estimate the untilted expectations.
    public var weight = 1.0

    public init(units: Int, costs: UnitSums, theta: Double = 1, scores: QualityScores = QualityScores()) {
        self.units = units
        self.costs = costs
        self.theta = theta
        self.scores = scores
        exposure = Double(units)
        scoredExposure = Double(units)
    }

    public init(units: Int, costs: UnitSums, theta: Double = 1, quality: Double) {
        self.init(units: units, costs: costs, theta: theta, scores: QualityScores(quality))
    }

    /// A trial of a risk-adjusted capitation: `exposure` Σ eⱼ and `scoredExposure` Σ Sⱼ·eⱼ over its members.
    public init(units: Int, costs: UnitSums, theta: Double = 1, scores: QualityScores = QualityScores(),
                exposure: Double, scoredExposure: Double) {
        self.units = units
        self.costs = costs
        self.theta = theta
        self.scores = scores
        self.exposure = exposure
        self.scoredExposure = scoredExposure
    }

    /// A trial known only by its unit count and retained cost (gross = capped = retained).
    public init(units: Int, retainedCost: Double) {
        self.init(units: units, costs: UnitSums(gross: retainedCost, capped: retainedCost, retained: retainedCost))
    }
}

/// A trial's quality scores: up to `QualityScores.capacity` measures (a TPS and an ERR, say), stored inline so a
/// trial's record allocates nothing.
public struct QualityScores: Sendable, Hashable {
    /// The most quality measures a contract may have.
    public static let capacity = 4
    @usableFromInline var s0 = 1.0, s1 = 1.0, s2 = 1.0, s3 = 1.0

    @inlinable public init() {}

    public init(_ first: Double) { s0 = first }

    @inlinable
    public subscript(i: Int) -> Double {
        get {
            switch i {
            case 0: return s0
            case 1: return s1
            case 2: return s2
            default: return s3
            }
        }
        set {
            switch i {
            case 0: s0 = newValue
            case 1: s1 = newValue
            case 2: s2 = newValue
            default: s3 = newValue
            }
        }
    }
}
