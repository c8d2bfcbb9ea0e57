import Foundation
import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Shard `index` of `count` (0-based, as Slurm's `SLURM_ARRAY_TASK_ID` and MPI ranks count): the contiguous
/// range of a run's blocks it simulates. Block b of B goes to the shard i with ⌊i·B/n⌋ ≤ b < ⌊(i + 1)·B/n⌋, so
/// the shards' sizes differ by at most one block and together cover the run once, in order.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        (self.index, self.count) = (index, count)
    }

    /// This shard's blocks of a run of `blocks` blocks.
    public func blocks(of blocks: Int) -> Range<Int> {
        (index * blocks / count)..<((index + 1) * blocks / count)
    }

    /// `i/n`, as `--shard` takes it.
    public var description: String { "\(index)/\(count)" }
}

/// What one shard of a run produced: its part of the blocks (`RunPart`), and what its run settled (the settings,
/// the tilt chosen) and cost (threads, seconds).
public struct ShardRun: Sendable {
    public let shard: Shard
    public let settings: RunSettings
    /// The run's trials per block and block count.
    public let blockTrials: Int
    public let blocks: Int
    /// The tilt every trial was drawn under (the same in every shard: `auto` runs the same deterministic pilot).
    public let tilt: Tilt?
    public let part: RunPart
    public let threads: Int
    /// Seconds the shard's simulation took (not its loading or writing).
    public let elapsedSeconds: Double
    /// True when a stop request ended it early: its part is incomplete and must not be written.
    public let interrupted: Bool
}

/// What the engine calls with each merged block, in block order, and the index of its first trial in the job.
package typealias BlockRecorder = @Sendable (BlockSlot, Int) throws -> Void

extension Simulation {
    /// Runs shard `shard` of `model` under its run settings: only its contiguous blocks, with every trial keyed by
    /// its global index, so each trial draws exactly what it draws in the whole run. `control`, when given, makes
    /// the run's control (Ctrl-C, progress) around the recorder of the shard's blocks it is handed.
    package static func runShard(_ model: RiskModel, shard: Shard, threads: Int,
                                control: ((@escaping BlockRecorder) -> RunControl)? = nil,
                                tailSampling: TailSampling = .off) throws -> ShardRun {
        let settings = try runSettings(model.run, trials: nil, seed: nil, generator: nil, levels: nil, threads: threads)
        var job = try plan(model, settings: settings, threads: threads, tailSampling: tailSampling)
        let blocks = (settings.trials + job.blockTrials - 1) / job.blockTrials
        guard shard.count <= blocks else {
            throw ModelError(field: "--shard", rule: "a run of \(settings.trials.formatted()) trials has "
                + "\(blocks.formatted()) blocks of \(job.blockTrials.formatted()) trials, so at most \(blocks.formatted()) "
                + "shards, got \(shard.count.formatted())")
        }
        let range = shard.blocks(of: blocks)
        job.firstTrial = range.lowerBound * job.blockTrials
        job.trials = min(range.upperBound * job.blockTrials, settings.trials) - job.firstTrial
        let recorder = RunPartRecorder(job: job, runTrials: settings.trials, firstBlock: range.lowerBound)
        let record: BlockRecorder = { slot, first in recorder.add(slot, first: first) }
        let recording = control?(record) ?? RunControl(trialRecords: record)
        // A shard keeps no histogram or exceedance counts of its own: the merge rebuilds them from the margins.
        let (outcome, _) = try Engine.run(job, keepingLedger: false, control: recording)
        let part = recorder.finish(componentNames: job.contract.componentNames, weighted: outcome.weighted)
        return ShardRun(shard: shard, settings: settings, blockTrials: job.blockTrials, blocks: blocks, tilt: job.tilt,
                        part: part, threads: outcome.threads, elapsedSeconds: outcome.elapsedSeconds,
                        interrupted: outcome.interrupted)
    }

    /// The simulation of `model` under `settings` from every shard's part, in block order (`nextPart` hands them
    /// over one at a time, nil after the last): the single run's `Simulation`, bit for bit, but for `threads` and
    /// `elapsedSeconds` (the run record's timing: the shards' summed threads and seconds).
    package static func merging(_ model: RiskModel, settings: RunSettings, tilt: Tilt?, threads: Int,
                                elapsedSeconds: Double, nextPart: () throws -> RunPart?) throws -> Simulation {
        let job = try plan(model, settings: settings, threads: 1, tailSampling: tilt.map { .manual($0) } ?? .off)
        var merger = RunPartMerger(trials: settings.trials, contract: job.contract, lowTailFraction: job.lowTailFraction,
                                   convergenceLevel: tilt == nil ? settings.levels.max() : nil,
                                   exceedanceLosses: settings.exceedances)
        while let part = try nextPart() { try merger.add(part) }
        let outcome = merger.outcome(tilt: tilt, threads: threads, elapsedSeconds: elapsedSeconds)
        let report = RiskReport(outcome: outcome, levels: settings.levels, revenue: model.contract.expectedRevenue,
                                percentiles: settings.percentiles, exceedances: settings.exceedances)
        return Simulation(model: model, job: job, outcome: outcome, report: report, settings: settings, ledger: nil)
    }
}
