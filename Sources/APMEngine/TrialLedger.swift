import APMContracts
import APMSampling

/// Every trial's unit count and retained cost, in trial order: the common random numbers of a run.
///
/// For the contract terms that do not change what the provider retains per unit — the bundle price, the PMPM,
/// the shared-risk benchmark and sharing rates — the margin of a trial is a pure function of (N, retained
/// cost). Re-settling the ledger under new terms therefore gives exactly the margins a fresh run with the same
/// seed would give, without drawing a single variate again. Memory: 16 bytes a trial.
public struct TrialLedger: Sendable {
    public let blockTrials: Int
    /// N of each trial (episodes or members), stored as a Double.
    public private(set) var units: [Double]
    /// The retained cost of each trial, dollars.
    public private(set) var retainedCost: [Double]

    package init(blockTrials: Int, capacity: Int) {
        self.blockTrials = blockTrials
        units = []
        retainedCost = []
        units.reserveCapacity(capacity)
        retainedCost.reserveCapacity(capacity)
    }

    package init(blockTrials: Int, units: [Double], retainedCost: [Double]) {
        self.blockTrials = blockTrials
        self.units = units
        self.retainedCost = retainedCost
    }

    package mutating func append(_ slot: BlockSlot) {
        units.append(contentsOf: slot.units)
        retainedCost.append(contentsOf: slot.retainedCost)
    }

    public var trials: Int { units.count }

    /// The margin of trial `t` under `settlement`, dollars.
    @inline(__always)
    public func margin<S: Settlement>(_ t: Int, under settlement: S) -> Double {
        settlement.margin(units: Int(saturating: units[t]), retainedCost: retainedCost[t])
    }

    /// Every trial's margin under `contract`, in trial order, dollars.
    public func margins(under contract: Contract) -> [Double] {
        switch contract {
        case let .bundle(c): return (0..<trials).map { margin($0, under: c) }
        case let .capitation(c): return (0..<trials).map { margin($0, under: c) }
        case let .sharedRisk(c): return (0..<trials).map { margin($0, under: c) }
        }
    }

    /// The run's outcome under `contract`, merged block by block exactly as the engine merges it.
    public func outcome(under contract: Contract, lowTailFraction: Double) throws -> SimulationOutcome {
        switch contract {
        case let .bundle(c): return try outcome(c, lowTailFraction: lowTailFraction)
        case let .capitation(c): return try outcome(c, lowTailFraction: lowTailFraction)
        case let .sharedRisk(c): return try outcome(c, lowTailFraction: lowTailFraction)
        }
    }

    private func outcome<S: Settlement>(_ settlement: S, lowTailFraction: Double) throws -> SimulationOutcome {
        let n = trials
        var accumulator = MarginAccumulator(trials: n, lowTailFraction: lowTailFraction)
        var margins = [Double](repeating: 0, count: blockTrials)
        var block = 0
        for start in stride(from: 0, to: n, by: blockTrials) {
            let count = min(blockTrials, n - start)
            for t in 0..<count { margins[t] = margin(start + t, under: settlement) }
            try margins.withUnsafeMutableBufferPointer { buffer in
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                try accumulator.add(block: block, margins: slice, summary: BlockSummary(margins: slice))
            }
            block += 1
        }
        return SimulationOutcome(trials: n, moments: accumulator.moments, losses: accumulator.losses,
                                 orderStatistics: accumulator.finish(), blockTrials: blockTrials,
                                 blocks: block, threads: 1, elapsedSeconds: 0)
    }
}
