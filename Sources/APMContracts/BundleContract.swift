import APMSampling

/// An episode-based (bundled) payment: a fixed price per episode against the episode's actual cost.
///
///     M = clamp( Σᵢ (b − min(Xᵢ, u)),  −ℓ·N·b,  +g·N·b )
public struct BundleContract: ContractPreset {
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

    /// The chain: unit cap u; payment N·b; cost; limits ℓ, g of N·b.
    public var contract: Contract {
        Contract(kind: "bundle", units: episodes, unitName: "episodes", unitTerms: UnitTerms(cap: outlierCap),
                 terms: [UnitPayment(rateName: "price", rate: price), CostTerm(for: UnitTerms(cap: outlierCap)),
                         Limits(stopLoss: stopLoss, stopGain: stopGain)])
    }
}
