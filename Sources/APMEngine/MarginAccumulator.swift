import APMContracts
import APMSampling

/// Merges blocks of margins, in block order, into what the metrics need: moments, the loss count and the exact
/// order statistics. The engine and the trial ledger both use it, so the same margins in the same blocks give
/// bit-identical figures whichever path produced them.
package struct MarginAccumulator {
    package private(set) var moments = Moments()
    package private(set) var losses = 0
    private var tails: MarginTails
    /// The margin's components and events, when the blocks carry them.
    package private(set) var breakdown: MarginBreakdown?
    /// The records (margin, trial index, components) of the worst trials, when the blocks carry components.
    private var records: TailRecords?

    package init(trials: Int, lowTailFraction: Double, contract: Contract? = nil) {
        tails = MarginTails(trials: trials, lowTailFraction: lowTailFraction)
        breakdown = contract.map(MarginBreakdown.init)
        records = contract.map {
            TailRecords(trials: trials, tailFraction: lowTailFraction, componentCount: $0.componentNames.count)
        }
    }

    /// Adds block `block` of the slot's trials, the first being global trial `firstTrial`: its margins, and its
    /// trials' records for the tail breakdown. `summary` was computed from exactly this slot.
    package mutating func add(block: Int, slot: BlockSlot, firstTrial: Int, summary: BlockSummary) throws {
        try add(block: block, margins: slot.margins, summary: summary)
        records?.add(slot, firstTrial: firstTrial)
    }

    /// The records of the worst trials, worst first (nil when the blocks carry no components). Hands them over:
    /// call once, at the end.
    package mutating func tailTrials() -> TailTrials? {
        guard records != nil, let breakdown else { return nil }
        return records!.finish(componentNames: breakdown.componentNames)
    }

    /// Adds block `block`, whose summary was computed from exactly these margins.
    package mutating func add<C: Collection>(block: Int, margins: C, summary: BlockSummary) throws where C.Element == Double {
        if summary.nonFinite > 0 { throw SimulationError.nonFiniteMargin(block: block) }
        moments.merge(summary.moments)
        losses += summary.losses
        breakdown?.merge(summary)
        tails.add(margins)
    }

    package mutating func finish() -> OrderStatistics { tails.finish() }

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
