/// A named contract of a model file (`bundle: {price, episodes, …}`), as its parameters; `contract` is the
/// chain of terms it stands for. The conveniences settle one trial through that chain.
public protocol ContractPreset: Sendable, Hashable {
    var contract: Contract { get }
}

extension ContractPreset {
    /// The part of one unit's cost the provider keeps, dollars.
    public func retainedCost(_ unitCost: Double) -> Double { contract.unitTerms.retainedCost(unitCost) }

    /// The margin of one trial with `units` units whose retained costs sum to `retainedCost`, dollars.
    public func margin(units: Int, retainedCost: Double) -> Double {
        contract.margin(units: units, retainedCost: retainedCost)
    }

    /// The revenue at `expectedUnits` units, dollars.
    public func revenue(expectedUnits: Double) -> Double {
        let c = contract
        let exposure = expectedUnits * (c.riskAdjustment?.attribution.meanExposure ?? 1)
        let scored = expectedUnits * (c.riskAdjustment?.meanScoredExposure ?? 1)
        return c.terms.lazy.compactMap { $0.base.revenue(expectedExposure: exposure, expectedScoredExposure: scored) }.first ?? 0
    }
}
