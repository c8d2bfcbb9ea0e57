import APMContracts
import APMSampling

/// Merges blocks of margins, in block order, into what the metrics need: moments, the loss count and the exact
/// order statistics; and, for a run that reports its distribution (a convergence level given), the histogram of
/// every margin and the convergence checkpoints. The engine and the trial ledger both use it, so the same
/// margins in the same blocks give bit-identical figures whichever path produced them. (The ledger's
/// re-settlements for a price search keep no distribution: they are the hot loop of pricing.)
package struct MarginAccumulator {
    package private(set) var moments = Moments()
    package private(set) var losses = 0
    /// Every margin merged so far, binned (`MarginHistogram`); empty without a convergence level.
    package private(set) var histogram = MarginHistogram()
    /// The state after 1, 2, 4, 8, … blocks and after the last, when a convergence level was given.
    package private(set) var checkpoints: [ConvergenceCheckpoint] = []
    private var tails: MarginTails
    /// The margin's components and events, when the blocks carry them.
    package private(set) var breakdown: MarginBreakdown?
    private var blocks = 0
    private let convergenceLevel: Double?
    /// The margins −x of the losses x whose exceedances are counted, ascending and distinct.
    private let thresholds: [Double]
    /// slots[i]: margins m with exactly i thresholds ≤ m (so m < thresholds[i]).
    private var slots: [Int]
    /// The records (margin, trial index, components) of the worst trials, when the blocks carry components.
    private var records: TailRecords?

    /// `convergenceLevel`: the VaR/TVaR level α whose tail each convergence checkpoint keeps (nil: no histogram
    /// and no checkpoints). It is raised to at least 1 − `lowTailFraction` (and 0.95), so its tail is among the
    /// kept margins.
    /// `exceedanceLosses`: losses x (dollars) whose exceedance counts #{M < −x} are kept exactly, whatever the
    /// size of the run.
    package init(trials: Int, lowTailFraction: Double, contract: Contract? = nil, convergenceLevel: Double? = nil,
                 exceedanceLosses: [Double] = []) {
        self.init(trials: trials, lowTailFraction: lowTailFraction, breakdown: contract.map(MarginBreakdown.init),
                  convergenceLevel: convergenceLevel, exceedanceLosses: exceedanceLosses)
    }

    /// As above, with the components the blocks carry named by `breakdown` (a portfolio's total: its lines).
    package init(trials: Int, lowTailFraction: Double, breakdown: MarginBreakdown?, convergenceLevel: Double? = nil,
                 exceedanceLosses: [Double] = []) {
        tails = MarginTails(trials: trials, lowTailFraction: lowTailFraction)
        self.breakdown = breakdown
        self.convergenceLevel = convergenceLevel.map { max($0, 1 - max(lowTailFraction, 0.05)) }
        thresholds = Array(Set(exceedanceLosses.map { -$0 })).sorted()
        slots = [Int](repeating: 0, count: thresholds.isEmpty ? 0 : thresholds.count + 1)
        records = breakdown.map {
            TailRecords(trials: trials, tailFraction: lowTailFraction, componentCount: $0.componentNames.count)
        }
    }

    /// Adds block `block` of the slot's trials, the first being global trial `firstTrial`: its margins, and its
    /// trials' records for the tail breakdown. `summary` was computed from exactly this slot.
    package mutating func add(block: Int, slot: BlockSlot, firstTrial: Int, summary: BlockSummary) throws {
        try add(block: block, margins: slot.margins, summary: summary)
        records?.add(slot, firstTrial: firstTrial)
    }

    /// Adds the records of trials another process kept (a shard's worst trials) to the tail records.
    package mutating func add(tailTrials: TailTrials) {
        records?.add(tailTrials)
    }

    /// The outcome of the blocks merged so far: the one end of both a run (`Engine`) and a merge of its shards
    /// (`RunPart`), so the two give the same outcome from the same blocks by construction. Hands the kept margins
    /// and records over: call once, at the end.
    package mutating func outcome(trials: Int, blockTrials: Int, blocks: Int, threads: Int, elapsedSeconds: Double,
                                  trialsRequested: Int, interrupted: Bool, weighted: WeightedTrials?,
                                  tilt: Tilt?) -> SimulationOutcome {
        let orderStatistics = finish()
        var outcome = SimulationOutcome(trials: trials, moments: moments, losses: losses,
                                        orderStatistics: orderStatistics, blockTrials: blockTrials,
                                        blocks: blocks, threads: threads, elapsedSeconds: elapsedSeconds,
                                        trialsRequested: trialsRequested, interrupted: interrupted)
        outcome.breakdown = breakdown
        outcome.histogram = histogram
        outcome.convergence = checkpoints
        outcome.exceedanceCounts = exceedanceCounts
        outcome.tailTrials = tailTrials()
        outcome.weighted = weighted
        outcome.tilt = tilt
        return outcome
    }

    /// The records of the worst trials, worst first (nil when the blocks carry no components). Hands them over:
    /// call once, at the end.
    package mutating func tailTrials() -> TailTrials? {
        guard records != nil, let breakdown else { return nil }
        return records!.finish(componentNames: breakdown.componentNames)
    }


    /// #{M < −x} for each loss x asked for at construction, over the margins merged so far.
    package var exceedanceCounts: [Double: Int] {
        var out: [Double: Int] = [:]
        var below = 0
        for (i, t) in thresholds.enumerated() {
            below += slots[i]
            out[0 - t] = below
        }
        return out
    }

    /// Adds block `block`, whose summary was computed from exactly these margins.
    package mutating func add<C: Collection>(block: Int, margins: C, summary: BlockSummary) throws where C.Element == Double {
        if summary.nonFinite > 0 { throw SimulationError.nonFiniteMargin(block: block) }
        moments.merge(summary.moments)
        losses += summary.losses
        breakdown?.merge(summary)
        tails.add(margins)
        if !thresholds.isEmpty { countExceedances(margins) }
        blocks += 1
        guard convergenceLevel != nil else { return }
        histogram.add(margins)
        if blocks & (blocks - 1) == 0 { recordCheckpoint() }
    }

    package mutating func finish() -> OrderStatistics {
        if let last = checkpoints.last, last.blocks != blocks { recordCheckpoint() }
        return tails.finish()
    }

    /// Adds each margin to the slot of the number of thresholds at or below it (binary search).
    private mutating func countExceedances<C: Collection>(_ margins: C) where C.Element == Double {
        let t = thresholds
        slots.withUnsafeMutableBufferPointer { s in
            for m in margins {
                var lo = 0, hi = t.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if t[mid] <= m { lo = mid + 1 } else { hi = mid }
                }
                s[lo] += 1
            }
        }
    }

    /// The merged state now, with the exact lowest margins the convergence level's VaR and TVaR need.
    private mutating func recordCheckpoint() {
        guard let level = convergenceLevel else { return }
        let ranks = MarginTails.tailRanks(fraction: 1 - level, of: tails.count)
        checkpoints.append(ConvergenceCheckpoint(blocks: blocks, moments: moments, losses: losses,
                                                 orderStatistics: tails.lowestSnapshot(ranks: ranks)))
    }

    /// The outcome so far (for precision checks), leaving the accumulator as it is.
    package func snapshot(blocks: Int, blockTrials: Int) -> SimulationOutcome {
        var copy = tails
        var outcome = SimulationOutcome(trials: moments.count, moments: moments, losses: losses,
                                        orderStatistics: copy.finish(), blockTrials: blockTrials, blocks: blocks,
                                        threads: 1, elapsedSeconds: 0)
        outcome.breakdown = breakdown
        return outcome
    }
}

/// The merged state of a run after its first `blocks` blocks, in block order: what one point of the convergence
/// trace is computed from (in the risk layer). Recorded at 1, 2, 4, 8, … blocks and after the last block, so the
/// points depend on the block count alone, never on the thread count.
public struct ConvergenceCheckpoint: Sendable {
    /// Blocks merged.
    public let blocks: Int
    /// Moments of the margins merged (dollars); `moments.count` is the trials.
    public let moments: Moments
    /// Trials with M < 0 among them.
    public let losses: Int
    /// The exact lowest margins merged, ascending: enough ranks for VaR, its interval and TVaR at the
    /// convergence level (`MarginTails.tailRanks`), and nothing above them.
    public let orderStatistics: OrderStatistics

    /// Trials merged.
    public var trials: Int { moments.count }
}
