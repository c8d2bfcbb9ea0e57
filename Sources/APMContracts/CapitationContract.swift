import APMSampling
import APMSupport

/// Full-risk capitation: a fixed payment per member per month (PMPM) against the members' actual costs,
/// with optional specific (individual) stop-loss reinsurance.
///
///     M = k·n·m − Σⱼ Yⱼ + Σⱼ c·max(0, Yⱼ − A) − q·n·m
public struct CapitationContract: Settlement, Hashable {
    /// k: the capitation rate, dollars per member per month.
    public var pmpm: Double
    /// n: members covered.
    public var members: Int
    /// m: months in the period (default 12). Each member's cost Y covers the whole period.
    public var months: Double
    /// Specific stop-loss, if bought.
    public var stopLoss: SpecificStopLoss?

    /// Specific (individual) stop-loss: the carrier reimburses a share of each member's period cost above
    /// an attachment point, for a premium per member per month.
    public struct SpecificStopLoss: Sendable, Hashable {
        /// A: the attachment point per member per period, dollars.
        public var attachment: Double
        /// c: the share of cost above A the carrier pays, in [0, 1] (default 1).
        public var coinsurance: Double
        /// q: the premium, dollars per member per month.
        public var premiumPMPM: Double

        public init(attachment: Double, coinsurance: Double = 1, premiumPMPM: Double = 0) {
            self.attachment = attachment
            self.coinsurance = coinsurance
            self.premiumPMPM = premiumPMPM
        }

        /// c·max(0, Y − A): what the carrier pays back on a member whose period cost is `cost`.
        @inlinable
        public func recovery(_ cost: Double) -> Double { coinsurance * max(0, cost - attachment) }
    }

    public init(pmpm: Double, members: Int, months: Double = 12, stopLoss: SpecificStopLoss? = nil) {
        self.pmpm = pmpm
        self.members = members
        self.months = months
        self.stopLoss = stopLoss
    }

    public var units: CountDistribution { .fixed(members) }

    @inlinable
    public func retainedCost(_ unitCost: Double) -> Double {
        guard let stopLoss else { return unitCost }
        return unitCost - stopLoss.recovery(unitCost)
    }

    @inlinable
    public func margin(units: Int, retainedCost: Double) -> Double {
        let memberMonths = Double(units) * months
        return (pmpm - (stopLoss?.premiumPMPM ?? 0)) * memberMonths - retainedCost
    }

    public func revenue(expectedUnits: Double) -> Double { pmpm * expectedUnits * months }
}
