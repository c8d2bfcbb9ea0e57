import APMSampling
import APMSupport

/// Full-risk capitation: a fixed payment per member per month (PMPM) against the members' actual costs,
/// with optional specific (individual) stop-loss reinsurance.
///
///     M = k·n·m − Σⱼ Yⱼ + Σⱼ c·max(0, Yⱼ − A) − q·n·m
public struct CapitationContract: ContractPreset {
    /// k: the capitation rate, dollars per member per month.
    public var pmpm: Double
    /// n: members covered.
    public var members: Int
    /// m: months in the period (default 12). Each member's cost Y covers the whole period.
    public var months: Double
    /// Specific stop-loss, if bought.
    public var stopLoss: SpecificStopLoss?

    /// The specific stop-loss of a capitation (the type is shared with every contract's unit terms).
    public typealias SpecificStopLoss = APMContracts.SpecificStopLoss

    public init(pmpm: Double, members: Int, months: Double = 12, stopLoss: SpecificStopLoss? = nil) {
        self.pmpm = pmpm
        self.members = members
        self.months = months
        self.stopLoss = stopLoss
    }

    /// The chain: specific stop-loss on each member; payment (k − q)·n·m; cost.
    public var contract: Contract {
        let unit = UnitTerms(stopLoss: stopLoss)
        return Contract(kind: "capitation", units: .fixed(members), unitName: "members", unitTerms: unit,
                        terms: [UnitPayment(rateName: "pmpm", rate: pmpm, months: months, premium: stopLoss?.premiumPMPM ?? 0),
                                CostTerm(for: unit)])
    }
}
