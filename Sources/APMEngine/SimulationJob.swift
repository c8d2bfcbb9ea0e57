/// Everything the engine needs for one run: the cost model, the contract, and how to run it.
public struct SimulationJob: Sendable {
    /// The cost of one unit (episode or member), dollars, before the systematic factor.
    public var unitCost: CostDistribution
    /// Θ: one draw per trial multiplying every unit cost in that trial; nil for none (Θ = 1).
    public var systematicFactor: CostDistribution?
    /// Each trial's draw of the unit cost's parameters (`RiskModel.parameterUncertainty`).
    public var parameterUncertainty: ParameterUncertainty?
    /// The contract that turns a trial's costs into a margin.
    public var contract: Contract
    /// A fixed multiplier on every cost (1 + trend).
    public var costMultiplier: Double = 1
    /// A catastrophic-year event, its uniform drawn from the trial's catastrophe stream.
    public var catastrophe: Catastrophe?
    /// Number of trials (performance periods) to simulate.
    public var trials: Int
    /// The global index of the first trial: 0 for a whole run; a job may run a consecutive part of a run
    /// (pricing's batch means re-simulate one batch), and its trials then draw exactly what they drew in the
    /// whole run, since every stream is keyed by the global trial index.
    public var firstTrial = 0
    /// The run seed; every stream key derives from it (`StreamKey`).
    public var seed: UInt64
    /// XORed into every purpose code of this job's streams (`TrialKey.stream(_:salt:)`): 0 for a model run
    /// alone; a portfolio line's `StreamKey.lineSalt(name:)`, so that the line draws from streams of its own.
    /// A model run alone with a line's salt draws exactly what that line draws in any portfolio.
    public var streamSalt: UInt64 = 0
    /// The GSL generator algorithm.
    public var generator: Generator
    /// Trials per block: the unit of work a thread claims and of the in-order merge. It never changes a draw
    /// (streams are keyed per trial), but it fixes the summation order, precision checkpoints and progress, so
    /// it is a property of the run: set from the base model (`RunSettings.blockTrials`, recorded in the run
    /// record) and kept by every scenario, sensitivity, reverse-stress evaluation and price grid.
    public var blockTrials: Int
    /// Worker threads. The result does not depend on it.
    public var threads: Int
    /// The largest 1 − α among the VaR/TVaR levels to be reported (sizes the exact loss tail).
    public var lowTailFraction: Double
    /// Whether compound Poisson units of a fixed membership may draw their claims pooled (one Poisson draw per
    /// trial; exact in law, see `CostSampler.fillPooled`). On by default; off gives one compound draw per unit.
    public var allowsPooledClaims = true
    /// Importance sampling: draw the trials under this tilt, each with its likelihood-ratio weight (`TiltedTrial`);
    /// nil (the default) draws the untilted law on the untouched hot path.
    public var tilt: Tilt?

    /// Units per claim pool when claims are drawn pooled (`CostSampler.fillPooled`): the base model's unit
    /// count, so that a membership shock keeps the base's pool whole (`RunSettings.claimPool`).
    public var claimPool: Int

    /// Whether this job draws its claims pooled: compound Poisson units (frequency-shocked or not) of a fixed
    /// count of at least two.
    public var drawsPooledClaims: Bool {
        guard allowsPooledClaims, contract.riskAdjustment == nil, case let .compound(k, _) = unitCost,
              case let .fixed(n) = contract.units, n >= 2 else { return false }
        switch k {
        case .poisson, .scaled(.poisson, _): return true
        default: return false
        }
    }

    public init(unitCost: CostDistribution, systematicFactor: CostDistribution?, contract: Contract,
                trials: Int, seed: UInt64, generator: Generator, threads: Int, lowTailFraction: Double,
                costMultiplier: Double = 1, catastrophe: Catastrophe? = nil) {
        self.costMultiplier = costMultiplier
        self.catastrophe = catastrophe
        self.unitCost = unitCost
        self.systematicFactor = systematicFactor
        self.contract = contract
        self.trials = trials
        self.seed = seed
        self.generator = generator
        self.threads = threads
        self.lowTailFraction = lowTailFraction
        blockTrials = 0
        claimPool = 1
        if case let .fixed(n) = contract.units { claimPool = max(1, n) }
        blockTrials = defaultBlockTrials
    }

    /// The job that runs `model` with its run settings on `threads` threads.
    public static func job(for model: RiskModel, threads: Int, lowTailFraction: Double? = nil) -> SimulationJob {
        var job = SimulationJob(unitCost: model.unitCost, systematicFactor: model.systematicFactor, contract: model.contract,
                                trials: model.run.trials, seed: model.run.seed, generator: model.run.generator,
                                threads: threads, lowTailFraction: lowTailFraction ?? (1 - (model.run.levels.min() ?? 0.9)),
                                costMultiplier: model.costMultiplier, catastrophe: model.catastrophe)
        job.parameterUncertainty = model.parameterUncertainty
        if let fixed = model.run.blockTrials { job.blockTrials = fixed }
        if let pool = model.run.claimPool { job.claimPool = pool }
        return job
    }

    /// The streams this job's trials draw from (only these are keyed per trial).
    package var streamPurposes: Set<StreamPurpose> {
        var p: Set<StreamPurpose> = []
        if systematicFactor != nil { p.insert(.systematicFactor) }
        if catastrophe != nil { p.insert(.catastrophe) }
        let units = contract.units
        if case .fixed = units {} else { p.insert(.unitCount) }
        if case .scaled = units { p.insert(.unitCountExtra) }
        if contract.readsQuality && !contract.quality.isEmpty { p.insert(.quality) }
        if let risk = contract.riskAdjustment {
            // Members draw their score and residual, and their attribution; the cost model draws nothing.
            p.insert(.riskScore)
            if risk.attribution.draws { p.insert(.attribution) }
            return p
        }
        p.insert(.unitCost)
        if parameterUncertainty != nil { p.insert(.parameterDraw) }
        let counts = unitCost.counts
        if !counts.isEmpty { p.insert(.claimCount) }
        if counts.contains(where: { if case .scaled = $0 { true } else { false } }) { p.insert(.claimCountExtra) }
        if !unitCost.addOnProbabilities.isEmpty { p.formUnion([.addOnOccurrence, .addOnCost]) }
        if drawsPooledClaims { p.insert(.claimAllocation) }
        return p
    }

    /// Expected GSL draws in one trial.
    public var expectedDrawsPerTrial: Double {
        let units = contract.units
        var draws = units.mean * (contract.riskAdjustment?.expectedDrawsPerMember ?? unitCost.expectedDraws)
        if case .fixed = units {} else { draws += 1 }
        if let systematicFactor { draws += systematicFactor.expectedDraws }
        if catastrophe != nil { draws += 1 }
        return max(draws, 1)
    }

    /// The block size a run of this model alone gets: a power of two from 64 to 8192 aiming at about 2¹⁷
    /// draws a block, from the model only, never the thread count.
    public var defaultBlockTrials: Int { Self.blockTrials(forDrawsPerTrial: expectedDrawsPerTrial) }

    /// A power of two from 64 to 8192 aiming at about 2¹⁷ draws a block of trials of `draws` draws each.
    public static func blockTrials(forDrawsPerTrial draws: Double) -> Int {
        let ideal = Double(1 << 17) / max(draws, 1)
        let exponent = min(13, max(6, Int(saturating: log2(ideal), rounding: .toNearestOrAwayFromZero, nan: 6)))
        return 1 << exponent
    }
}

import Foundation
import APMContracts
import APMSampling
import APMSupport
