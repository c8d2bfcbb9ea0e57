import Dispatch
import Foundation
import APMContracts
import APMSampling

/// Runs a `SimulationJob` on all requested cores.
///
/// Trials are cut into blocks of `job.blockTrials`; every trial keys its own GSL streams from (seed, global
/// trial index, purpose) (`StreamKey`). Blocks run in rounds of 8 to 64 per thread
/// (`RoundWorkspace.blocksPerWorker`), claimed by workers through an atomic counter, each writing its margins
/// into its own slot; between rounds the blocks are merged in block order. Results are therefore bit-identical
/// for any thread count and any round length. The trial loop allocates nothing and takes no lock; it checks for
/// a stop request before every trial and every 256 units, so Ctrl-C is heard inside a long block and a long
/// trial too.
public enum Engine {
    public static func run(_ job: SimulationJob) throws -> SimulationOutcome {
        try run(job, keepingLedger: false).outcome
    }

    /// Runs `job`; with `keepingLedger`, also returns every trial's totals (`TrialTotals`, 96 bytes a
    /// trial) so the same trials can be settled again under other contract terms.
    ///
    /// With a `control`, the run stops early when asked to (the outcome then covers the blocks completed
    /// before the first unfinished one, in order, and says so) or when its precision target is met at a checkpoint.
    ///
    /// With a `convergenceLevel` α, the outcome also carries the histogram of every margin and convergence
    /// checkpoints (`ConvergenceCheckpoint`: the merged moments, losses and the exact tail for VaR/TVaR at α after
    /// 1, 2, 4, … blocks and the last); with `exceedanceLosses`, the exact count of trials beyond each.
    public static func run(_ job: SimulationJob, keepingLedger: Bool, control: RunControl? = nil,
                           convergenceLevel: Double? = nil, exceedanceLosses: [Double] = []) throws
        -> (outcome: SimulationOutcome, ledger: TrialLedger?)
    {
        try run(job, TrialSimulator(job: job), keepingLedger, control, (convergenceLevel, exceedanceLosses))
    }

    private static func run(_ job: SimulationJob, _ simulator: TrialSimulator,
                            _ keepingLedger: Bool, _ control: RunControl?,
                            _ extras: (convergenceLevel: Double?, exceedanceLosses: [Double])) throws
        -> (outcome: SimulationOutcome, ledger: TrialLedger?)
    {
        precondition(job.trials > 0 && job.threads > 0)
        let start = DispatchTime.now().uptimeNanoseconds
        let blockTrials = job.blockTrials
        let blockCount = (job.trials + blockTrials - 1) / blockTrials
        let threads = min(job.threads, blockCount)
        let workspace = RoundWorkspace(slots: RoundWorkspace.slots(blocks: blockCount, workers: threads, job: job),
                                       blockTrials: blockTrials,
                                       workers: threads, job: job)
        let trials = job.trials

        var accumulator = MarginAccumulator(trials: trials, lowTailFraction: job.lowTailFraction, contract: job.contract,
                                            convergenceLevel: extras.convergenceLevel,
                                            exceedanceLosses: extras.exceedanceLosses)
        var weighted = job.tilt.map { _ in WeightedTrials(contract: job.contract, firstTrial: job.firstTrial, capacity: trials) }
        var ledger = keepingLedger ? TrialLedger(blockTrials: blockTrials, capacity: trials, contract: job.contract) : nil

        var firstBlock = 0
        // Rounds start at 8 blocks a worker, so progress shows early, and double up to the workspace's length.
        var roundLength = min(workspace.slots, 8 * threads)
        var trialsDone = 0
        var interrupted = false
        var checkpoint = control?.precision.map { $0.nextCheckpoint(after: 0) } ?? Int.max
        let revenue = job.contract.expectedRevenue
        while firstBlock < blockCount {
            // Rounds end at precision checkpoints, so where a run stops never depends on the thread count.
            let roundBlocks = min(roundLength, blockCount - firstBlock, checkpoint - firstBlock)
            let roundStart = firstBlock
            workspace.resetClaims()
            DispatchQueue.concurrentPerform(iterations: min(threads, roundBlocks)) { worker in
                let samplers = workspace.samplers(worker: worker)
                while true {
                    let slot = workspace.claim()
                    guard slot < roundBlocks else { break }
                    let block = roundStart + slot
                    let trialsOfSlot = workspace.slot(slot, count: trialsIn(block, trials, blockTrials))
                    let complete = simulator.fill(trialsOfSlot, firstTrial: job.firstTrial + block * blockTrials,
                                                  using: samplers, stop: control)
                    workspace.setSummary(complete ? BlockSummary(slot: trialsOfSlot) : nil, slot: slot)
                }
            }
            var mergedBlocks = roundBlocks
            for slot in 0..<roundBlocks {
                guard let summary = workspace.summary(slot: slot) else {
                    mergedBlocks = slot
                    break
                }
                let block = roundStart + slot
                let trialsOfSlot = workspace.slot(slot, count: trialsIn(block, trials, blockTrials))
                try accumulator.add(block: block, slot: trialsOfSlot, firstTrial: job.firstTrial + block * blockTrials,
                                    summary: summary)
                ledger?.append(trialsOfSlot)
                weighted?.add(trialsOfSlot)
                try control?.trialRecords?(trialsOfSlot, block * blockTrials)
                trialsDone += trialsOfSlot.count
            }
            firstBlock += mergedBlocks
            roundLength = min(workspace.slots, 2 * roundLength)
            control?.progress?(trialsDone, trials)
            if let control, control.isStopRequested, firstBlock < blockCount || mergedBlocks < roundBlocks {
                interrupted = true
                break
            }
            if firstBlock == checkpoint, let target = control?.precision {
                let met = weighted.map { target.isMet($0, revenue: revenue) }
                    ?? target.isMet(accumulator, blocks: firstBlock, blockTrials: blockTrials, revenue: revenue)
                if met { break }
                checkpoint = target.nextCheckpoint(after: firstBlock)
            }
        }

        if trialsDone == 0 { throw SimulationError.interruptedBeforeFirstBlock(blockTrials: blockTrials) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let outcome = accumulator.outcome(trials: trialsDone, blockTrials: blockTrials, blocks: firstBlock,
                                          threads: threads, elapsedSeconds: elapsed, trialsRequested: trials,
                                          interrupted: interrupted, weighted: weighted, tilt: job.tilt)
        return (outcome, ledger)
    }
}

/// Trials in block `b` of a run of `trials` trials cut into blocks of `blockTrials` (the last may be short).
@inline(__always)
private func trialsIn(_ b: Int, _ trials: Int, _ blockTrials: Int) -> Int {
    min(blockTrials, trials - b * blockTrials)
}
