import APMSampling

/// An episode-based (bundled) payment: a fixed price per episode against the episode's actual cost.
///
///     M = clamp( Σᵢ (b − min(Xᵢ, u)),  −ℓ·N·b,  +g·N·b )
public struct BundleContract: Settlement, Hashable {
    /// b: the bundle price per episode, dollars.
    public var price: Double
    /// N: the number of episodes in the period.
    public var episodes: CountDistribution
    /// u: the per-episode outlier cap, dollars; cost above it is the payer's. `.infinity` for none.
    public var outlierCap: Double
    /// ℓ: the most the provider can lose, as a fraction of the total target N·b. `.infinity` for none.
    public var stopLoss: Double
    /// g: the most the provider can gain, as a fraction of the total target N·b. `.infinity` for none.
    public var stopGain: Double

    public init(price: Double, episodes: CountDistribution, outlierCap: Double = .infinity,
                stopLoss: Double = .infinity, stopGain: Double = .infinity) {
        self.price = price
        self.episodes = episodes
        self.outlierCap = outlierCap
        self.stopLoss = stopLoss
        self.stopGain = stopGain
    }

    public var units: CountDistribution { episodes }

    @inlinable
    public func retainedCost(_ unitCost: Double) -> Double { min(unitCost, outlierCap) }

    @inlinable
    public func margin(units: Int, retainedCost: Double) -> Double {
        let target = Double(units) * price
        let raw = target - retainedCost
        // Written so that an infinite fraction times a zero target never makes NaN.
        if stopLoss.isFinite && raw < -stopLoss * target { return -stopLoss * target }
        if stopGain.isFinite && raw > stopGain * target { return stopGain * target }
        return raw
    }

    public func revenue(expectedUnits: Double) -> Double { expectedUnits * price }
}
