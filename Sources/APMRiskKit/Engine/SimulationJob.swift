/// Everything the engine needs for one run: the cost model, the contract, and how to run it.
public struct SimulationJob: Sendable {
    /// The cost of one unit (episode or member), dollars, before the systematic factor.
    public var unitCost: CostDistribution
    /// Θ: one draw per trial multiplying every unit cost in that trial; nil for none (Θ = 1).
    public var systematicFactor: CostDistribution?
    /// The contract that turns a trial's costs into a margin.
    public var contract: Contract
    /// A fixed multiplier on every cost (1 + trend).
    public var costMultiplier: Double = 1
    /// A catastrophic-year event, drawn from the block's separate event stream (`BlockSeed.eventSeed`).
    public var catastrophe: Catastrophe?
    /// Number of trials (performance periods) to simulate.
    public var trials: Int
    /// The run seed; block seeds derive from it (`BlockSeed`).
    public var seed: UInt64
    /// The GSL generator algorithm.
    public var generator: Generator
    /// Worker threads. The result does not depend on it.
    public var threads: Int
    /// The largest 1 − α among the VaR/TVaR levels to be reported (sizes the exact loss tail).
    public var lowTailFraction: Double
    /// Whether compound Poisson units of a fixed membership may draw their claims pooled (one Poisson draw per
    /// trial; exact in law, see `CostSampler.fillPooled`). On by default; off gives one compound draw per unit.
    public var allowsPooledClaims = true

    /// Whether this job draws its claims pooled: compound Poisson units, a fixed count of at least two.
    public var drawsPooledClaims: Bool {
        guard allowsPooledClaims, case .compound(.poisson, _) = unitCost,
              case let .fixed(n) = contract.settlement.units else { return false }
        return n >= 2
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
    }

    /// The job that runs `model` with its run settings on `threads` threads.
    public static func job(for model: RiskModel, threads: Int, lowTailFraction: Double? = nil) -> SimulationJob {
        SimulationJob(unitCost: model.unitCost, systematicFactor: model.systematicFactor, contract: model.contract,
                      trials: model.run.trials, seed: model.run.seed, generator: model.run.generator, threads: threads,
                      lowTailFraction: lowTailFraction ?? (1 - (model.run.levels.min() ?? 0.9)),
                      costMultiplier: model.costMultiplier, catastrophe: model.catastrophe)
    }

    /// Expected GSL draws in one trial.
    public var expectedDrawsPerTrial: Double {
        let units = contract.settlement.units
        var draws = units.mean * unitCost.expectedDraws
        if case .fixed = units {} else { draws += 1 }
        if let systematicFactor { draws += systematicFactor.expectedDraws }
        if catastrophe != nil { draws += 1 }
        return max(draws, 1)
    }

    /// Trials per block: a power of two from 64 to 8192 aiming at about 2¹⁷ draws a block. It depends on the
    /// model only — never on the thread count — and is part of what fixes the random streams.
    public var blockTrials: Int {
        let ideal = Double(1 << 17) / expectedDrawsPerTrial
        let exponent = min(13, max(6, Int(saturating: log2(ideal), rounding: .toNearestOrAwayFromZero, nan: 6)))
        return 1 << exponent
    }
}

import Foundation
