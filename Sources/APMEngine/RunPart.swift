import Synchronization
import APMContracts
import APMSampling
import APMSupport

/// The consecutive blocks of a run that one shard simulated (`--shard i/n`, an MPI rank), kept so that merging
/// every shard's part in block order gives the whole run's outcome bit for bit (`SimulationOutcome.merging(parts:)`):
///
/// - each block's summary (`BlockSummary`: moments, losses, components, events) and its margins, in trial
///   order — the merge feeds them to the same `MarginAccumulator` a single run feeds, so the moments, histogram,
///   convergence checkpoints, exceedance counts and kept order statistics are the same;
/// - the records of the part's worst trials, as many as the whole run keeps (`TailRecords` for the run's trial
///   count): the run's worst trials are the worst of the parts' worst, whichever part they fell in;
/// - under importance sampling, every trial with its weight (`WeightedTrials`), in trial order.
///
/// Size: 8 bytes a trial for the margins, (K + 2) × 8 bytes a kept tail record, 8·(2K + 10) bytes a block for
/// the summaries, and (K + E + 2) × 8 bytes a trial under importance sampling.
public struct RunPart: Sendable {
    /// Trials per block of the run.
    public let blockTrials: Int
    /// The run's block index of the part's first block.
    public let firstBlock: Int
    /// Each block's summary, in block order.
    package var summaries: [BlockSummary] = []
    /// Each block's trial count, in block order (every block but a run's last holds `blockTrials`).
    public private(set) var blockSizes: [Int] = []
    /// Every trial's margin (dollars), in trial order.
    public private(set) var margins: [Double] = []
    /// The part's worst trials, as many as the whole run keeps (nil when the contract has no components).
    public var tailTrials: TailTrials?
    /// Under importance sampling, every trial of the part with its weight.
    public var weighted: WeightedTrials?

    package init(blockTrials: Int, firstBlock: Int) {
        self.blockTrials = blockTrials
        self.firstBlock = firstBlock
    }

    /// The blocks the part holds.
    public var blockCount: Int { blockSizes.count }
    /// The run's block index just after the part's last block.
    public var endBlock: Int { firstBlock + blockCount }
    /// Trials in the part.
    public var trials: Int { margins.count }

    package mutating func append(summary: BlockSummary, margins block: UnsafeMutableBufferPointer<Double>) {
        summaries.append(summary)
        blockSizes.append(block.count)
        margins.append(contentsOf: block)
    }
}

/// Collects a `RunPart` from the blocks the engine merges (`RunControl.trialRecords`, called in block order).
package final class RunPartRecorder: Sendable {
    private let state: Mutex<(part: RunPart, records: TailRecords)>
    private let firstTrial: Int

    /// For the part of a run of `runTrials` trials that `job` runs (its `trials` from `firstTrial`), starting at
    /// block `firstBlock` (`job.firstTrial` = `firstBlock` × `job.blockTrials`).
    package init(job: SimulationJob, runTrials: Int, firstBlock: Int) {
        // The run keeps its worst C trials; at most all of this part's trials can be among them, so keeping the
        // part's worst min(C, its trials) is exact, and a small part of a huge run stays small.
        let kept = min(MarginTails.tailRanks(fraction: job.lowTailFraction, of: runTrials), job.trials)
        let records = TailRecords(capacity: kept, componentCount: job.contract.componentNames.count)
        state = Mutex((RunPart(blockTrials: job.blockTrials, firstBlock: firstBlock), records))
        firstTrial = job.firstTrial
    }

    /// The block whose first trial is trial `first` of the job.
    package func add(_ slot: BlockSlot, first: Int) {
        state.withLock { s in
            s.part.append(summary: BlockSummary(slot: slot), margins: slot.margins)
            s.records.add(slot, firstTrial: firstTrial + first)
        }
    }

    /// The part, with the weighted trials of the job's outcome (nil for an untilted run).
    package func finish(componentNames: [String], weighted: WeightedTrials?) -> RunPart {
        state.withLock { s in
            var part = s.part
            part.tailTrials = s.records.finish(componentNames: componentNames)
            part.weighted = weighted
            return part
        }
    }
}

/// Merges a run's parts (`RunPart`), given one at a time in block order, into the run's outcome: every block goes
/// through the `MarginAccumulator` a single run uses, in the same order, with the same summaries and margins, and
/// the outcome is made by the same `MarginAccumulator.outcome` — so it is the single run's outcome, bit for bit.
/// Only one part need be in memory at a time.
package struct RunPartMerger {
    private var accumulator: MarginAccumulator
    private var weighted: WeightedTrials?
    private let trials: Int
    /// The next block expected, and the trials and block size merged so far.
    package private(set) var nextBlock = 0
    private var done = 0
    private var blockTrials = 0

    /// For a run of `trials` trials (the other arguments as `Engine.run` takes them).
    package init(trials: Int, contract: Contract, lowTailFraction: Double, convergenceLevel: Double?,
                 exceedanceLosses: [Double]) {
        self.trials = trials
        accumulator = MarginAccumulator(trials: trials, lowTailFraction: lowTailFraction, contract: contract,
                                        convergenceLevel: convergenceLevel, exceedanceLosses: exceedanceLosses)
    }

    /// The next part: it must start at block `nextBlock`.
    package mutating func add(_ part: RunPart) throws {
        precondition(part.firstBlock == nextBlock)
        blockTrials = part.blockTrials
        try part.margins.withUnsafeBufferPointer { all in
            var start = 0
            for (b, size) in part.blockSizes.enumerated() {
                try accumulator.add(block: nextBlock, margins: UnsafeBufferPointer(rebasing: all[start..<(start + size)]),
                                    summary: part.summaries[b])
                start += size
                nextBlock += 1
            }
        }
        done += part.trials
        if let kept = part.tailTrials { accumulator.add(tailTrials: kept) }
        if let w = part.weighted {
            if weighted == nil { weighted = w } else { weighted!.append(w) }
        }
    }

    /// The run's outcome; `threads` and `elapsedSeconds` are what its run record shows (a merge: the shards'
    /// summed threads and seconds).
    package mutating func outcome(tilt: Tilt?, threads: Int, elapsedSeconds: Double) -> SimulationOutcome {
        accumulator.outcome(trials: done, blockTrials: blockTrials, blocks: nextBlock, threads: threads,
                            elapsedSeconds: elapsedSeconds, trialsRequested: trials, interrupted: false,
                            weighted: weighted, tilt: tilt)
    }
}
