import APMContracts
import APMSampling
import APMSupport

/// A validated model: what one model file describes. After `ModelLoader`, nothing re-checks it.
public struct RiskModel: Sendable {
    public var name: String?
    public var description: String?
    /// The cost of one unit (one episode for a bundle; one member over the period otherwise), dollars,
    /// before the systematic factor.
    public var unitCost: CostDistribution
    /// Θ: one draw per trial multiplying every cost in it (trend, parameter uncertainty). nil means Θ = 1.
    public var systematicFactor: CostDistribution?
    /// The unit cost's parameters drawn afresh each trial from their sampling distribution (`cost:
    /// parameter_uncertainty`); nil: the parameters are known.
    public var parameterUncertainty: ParameterUncertainty?
    public var contract: Contract
    /// A fixed multiplier on every cost (1 + cost trend); 1 unless a stress scenario sets it.
    public var costMultiplier: Double = 1
    /// A catastrophic-year event: with its probability, every cost in the trial × its multiplier.
    public var catastrophe: Catastrophe?
    public var run: RunSettings
    /// Things the user should know that do not stop the run (e.g. a Pareto shape ≤ 2).
    public var warnings: [String]

    public init(name: String? = nil, description: String? = nil, unitCost: CostDistribution,
                systematicFactor: CostDistribution? = nil, contract: Contract, run: RunSettings = RunSettings(),
                warnings: [String] = []) {
        self.name = name
        self.description = description
        self.unitCost = unitCost
        self.systematicFactor = systematicFactor
        self.contract = contract
        self.run = run
        self.warnings = warnings
    }
}

/// Run defaults a model file may set and the command line may override.
public struct RunSettings: Sendable, Hashable {
    public static let defaultLevels = [0.90, 0.95, 0.99, 0.995]
    public static let defaultTrials = 100_000
    public static let defaultSeed: UInt64 = 20_261_123
    /// The percentiles of the margin M reported unless `--percentiles` asks for others (fractions).
    public static let defaultPercentiles = [0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99]

    public var trials: Int
    public var seed: UInt64
    public var generator: Generator
    /// VaR/TVaR confidence levels α, each in (0, 1).
    public var levels: [Double]
    /// Trials per block, once fixed for a run (nil: from the model, `SimulationJob.defaultBlockTrials`).
    /// Stress scenarios, sensitivities and reverse stress fix it from the base model before shocking, so
    /// every variant is merged in the same blocks (`Scenario.apply`).
    public var blockTrials: Int?
    /// Units per pool of pooled claims, once fixed for a run (nil: the model's own unit count). Shocks fix it
    /// from the base model, so a membership shock keeps the base's members' draws (`CostSampler.fillPooled`).
    public var claimPool: Int?
    /// The percentiles of the margin M to report, as fractions in (0, 1), in the order asked (`--percentiles`).
    public var percentiles: [Double] = RunSettings.defaultPercentiles
    /// Losses x (dollars; L = −M, so a negative x is a gain) at which to report P(L > x) (`--exceedance`).
    public var exceedances: [Double] = []

    public init(trials: Int = RunSettings.defaultTrials, seed: UInt64 = RunSettings.defaultSeed,
                generator: Generator = .standard, levels: [Double] = RunSettings.defaultLevels) {
        self.trials = trials
        self.seed = seed
        self.generator = generator
        self.levels = levels
    }
}
