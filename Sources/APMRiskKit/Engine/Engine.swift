import Dispatch
import Foundation

/// Runs a `SimulationJob` on all requested cores.
///
/// Trials are cut into blocks of `job.blockTrials`; block i draws from its own GSL stream seeded with
/// `BlockSeed.seed(runSeed:block:)`. Blocks run in rounds of 8 per thread, claimed by workers through an atomic
/// counter, each writing its margins into its own slot; between rounds the blocks are merged in block order.
/// Results are therefore bit-identical for any thread count. The trial loop allocates nothing and takes no lock.
public enum Engine {
    public static func run(_ job: SimulationJob) throws -> SimulationOutcome {
        switch job.contract {
        case let .bundle(c): return try run(job, TrialSimulator(settlement: c))
        case let .capitation(c): return try run(job, TrialSimulator(settlement: c))
        case let .sharedRisk(c): return try run(job, TrialSimulator(settlement: c))
        }
    }

    private static func run<S: Settlement>(_ job: SimulationJob, _ simulator: TrialSimulator<S>) throws
        -> SimulationOutcome
    {
        precondition(job.trials > 0 && job.threads > 0)
        let start = DispatchTime.now().uptimeNanoseconds
        let blockTrials = job.blockTrials
        let blockCount = (job.trials + blockTrials - 1) / blockTrials
        let threads = min(job.threads, blockCount)
        let workspace = RoundWorkspace(slots: min(blockCount, 8 * threads), blockTrials: blockTrials,
                                       workers: threads, job: job)
        let trials = job.trials, seed = job.seed

        var moments = Moments()
        var losses = 0
        var tails = MarginTails(trials: trials, lowTailFraction: job.lowTailFraction)

        var firstBlock = 0
        while firstBlock < blockCount {
            let roundBlocks = min(workspace.slots, blockCount - firstBlock)
            let roundStart = firstBlock
            workspace.resetClaims()
            DispatchQueue.concurrentPerform(iterations: min(threads, roundBlocks)) { worker in
                let samplers = workspace.samplers(worker: worker)
                while true {
                    let slot = workspace.claim()
                    guard slot < roundBlocks else { break }
                    let block = roundStart + slot
                    samplers.stream.reseed(BlockSeed.seed(runSeed: seed, block: block))
                    let margins = workspace.margins(slot: slot, count: trialsIn(block, trials, blockTrials))
                    simulator.fill(margins, using: samplers)
                    workspace.setSummary(BlockSummary(margins: margins), slot: slot)
                }
            }
            for slot in 0..<roundBlocks {
                let block = roundStart + slot
                let summary = workspace.summary(slot: slot)
                if summary.nonFinite > 0 { throw SimulationError.nonFiniteMargin(block: block) }
                moments.merge(summary.moments)
                losses += summary.losses
                tails.add(workspace.margins(slot: slot, count: trialsIn(block, trials, blockTrials)))
            }
            firstBlock += roundBlocks
        }

        let orderStatistics = tails.finish()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return SimulationOutcome(trials: job.trials, moments: moments, losses: losses,
                                 orderStatistics: orderStatistics, blockTrials: blockTrials,
                                 blocks: blockCount, threads: threads, elapsedSeconds: elapsed)
    }
}

/// Trials in block `b` of a run of `trials` trials cut into blocks of `blockTrials` (the last may be short).
@inline(__always)
private func trialsIn(_ b: Int, _ trials: Int, _ blockTrials: Int) -> Int {
    min(blockTrials, trials - b * blockTrials)
}
