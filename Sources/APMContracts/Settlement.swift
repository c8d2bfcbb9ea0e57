import APMSampling

/// A contract's settlement of one trial (one performance period): a pure function from that trial's sampled
/// unit costs to the provider's margin. No randomness, no I/O.
///
/// Sign convention everywhere in apmrisk: margin M > 0 is a gain for the provider, M < 0 a loss; the loss
/// is L = −M. Money is in dollars.
public protocol Settlement: Sendable {
    /// How many units (episodes, or members) one trial has.
    var units: CountDistribution { get }

    /// The part of one unit's cost (dollars, after the systematic factor) that stays with the provider:
    /// after a per-episode outlier cap, or net of a specific stop-loss recovery.
    func retainedCost(_ unitCost: Double) -> Double

    /// The provider's margin for one trial with `units` units whose retained costs sum to `retainedCost`.
    func margin(units: Int, retainedCost: Double) -> Double

    /// The revenue the margin is measured against, in dollars per period, for `expectedUnits` units:
    /// bundle N·b, capitation k·n·m, shared risk the benchmark B.
    func revenue(expectedUnits: Double) -> Double
}

/// The three contract kinds apmrisk prices.
public enum Contract: Sendable, Hashable {
    case bundle(BundleContract)
    case capitation(CapitationContract)
    case sharedRisk(SharedRiskContract)

    /// The settlement rules of this contract.
    public var settlement: any Settlement {
        switch self {
        case let .bundle(c): return c
        case let .capitation(c): return c
        case let .sharedRisk(c): return c
        }
    }

    /// The revenue fractions of revenue are measured against, at the expected number of units (dollars).
    public var expectedRevenue: Double {
        let s = settlement
        return s.revenue(expectedUnits: s.units.mean)
    }

    /// The contract kind as it is written in a model file.
    public var kind: String {
        switch self {
        case .bundle: return "bundle"
        case .capitation: return "capitation"
        case .sharedRisk: return "shared_risk"
        }
    }
}
