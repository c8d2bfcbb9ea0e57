import APMSampling
import APMSupport

/// Two-sided shared savings and losses against a benchmark. The provider is paid fee-for-service; this
/// contract adds only the year-end reconciliation, so the margin is that reconciliation less programme cost.
///
///     S = Σⱼ Yⱼ, B = β·n, D = B − S              (D > 0: savings)
///     payment =  min(s·Q·D, savingsCap·B)        if D ≥ MSR·B
///               −min(l·(−D), lossCap·B)          if −D ≥ MLR·B
///                0                               otherwise
///     M = payment − F
public struct SharedRiskContract: ContractPreset {
    /// β: the benchmark, dollars per member per period.
    public var benchmark: Double
    /// n: attributed members.
    public var members: Int
    /// s: the provider's share of savings, in [0, 1].
    public var savingsRate: Double
    /// l: the provider's share of losses, in [0, 1]; 0 makes the contract upside-only.
    public var lossRate: Double
    /// MSR: the minimum savings rate, a fraction of B that savings must reach before any are shared.
    public var minimumSavingsRate: Double
    /// MLR: the minimum loss rate, a fraction of B that losses must reach before any are owed.
    public var minimumLossRate: Double
    /// The most shared savings can be, as a fraction of B. `.infinity` for no cap.
    public var savingsCap: Double
    /// The most owed losses can be, as a fraction of B. `.infinity` for no cap.
    public var lossCap: Double
    /// Q: the quality score in [0, 1] that scales the savings share (default 1).
    public var qualityScore: Double
    /// F: a fixed programme cost per period (care management, reporting), dollars.
    public var programmeCost: Double

    public init(benchmark: Double, members: Int, savingsRate: Double, lossRate: Double,
                minimumSavingsRate: Double = 0, minimumLossRate: Double = 0,
                savingsCap: Double = .infinity, lossCap: Double = .infinity,
                qualityScore: Double = 1, programmeCost: Double = 0) {
        self.benchmark = benchmark
        self.members = members
        self.savingsRate = savingsRate
        self.lossRate = lossRate
        self.minimumSavingsRate = minimumSavingsRate
        self.minimumLossRate = minimumLossRate
        self.savingsCap = savingsCap
        self.lossCap = lossCap
        self.qualityScore = qualityScore
        self.programmeCost = programmeCost
    }

    /// The chain: sharing against β·n (the fixed quality score scaling savings); programme cost.
    public var contract: Contract {
        Contract(kind: "shared_risk", units: .fixed(members), unitName: "members",
                 terms: [Sharing(benchmark: benchmark, savingsRate: savingsRate, lossRate: lossRate,
                                 minimumSavingsRate: minimumSavingsRate, minimumLossRate: minimumLossRate,
                                 savingsCap: savingsCap, lossCap: lossCap, qualityScore: qualityScore),
                         FixedCost(name: "programme_cost", amount: programmeCost)])
    }
}
