import APMContracts
import APMSampling

/// What one worker does for one block, with every buffer allocated up front: for benchmarks that must show
/// the simulation of a block allocates nothing.
public final class BlockRunner {
    private let samplers: WorkerSamplers
    private let workspace: RoundWorkspace
    private let simulator: TrialSimulator
    /// Trials in one block of this job.
    public let blockTrials: Int

    public init(job: SimulationJob) {
        samplers = WorkerSamplers(job: job)
        blockTrials = job.blockTrials
        workspace = RoundWorkspace(slots: 1, blockTrials: blockTrials, workers: 0, job: job)
        simulator = TrialSimulator(job: job)
    }

    /// Simulates block `block` exactly as the engine would and returns the sum of its margins (dollars).
    public func run(block: Int) -> Double {
        let slot = workspace.slot(0, count: blockTrials)
        _ = simulator.fill(slot, firstTrial: block * blockTrials, using: samplers)
        var total = 0.0
        for m in slot.margins { total += m }
        return total
    }
}
