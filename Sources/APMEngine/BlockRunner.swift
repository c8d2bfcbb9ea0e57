import APMContracts
import APMSampling

/// What one worker does for one block, with every buffer allocated up front: for benchmarks that must show
/// the simulation of a block allocates nothing.
public final class BlockRunner {
    private let samplers: WorkerSamplers
    private let units: UnsafeMutableBufferPointer<Double>
    private let retained: UnsafeMutableBufferPointer<Double>
    private let margins: UnsafeMutableBufferPointer<Double>
    private let fill: (BlockSlot, Int, WorkerSamplers) -> Void
    /// Trials in one block of this job.
    public let blockTrials: Int

    public init(job: SimulationJob) {
        samplers = WorkerSamplers(job: job)
        blockTrials = job.blockTrials
        units = .allocate(capacity: blockTrials)
        retained = .allocate(capacity: blockTrials)
        margins = .allocate(capacity: blockTrials)
        for b in [units, retained, margins] { b.initialize(repeating: 0) }
        switch job.contract {
        case let .bundle(c): let s = TrialSimulator(settlement: c, job: job); fill = { _ = s.fill($0, firstTrial: $1, using: $2) }
        case let .capitation(c): let s = TrialSimulator(settlement: c, job: job); fill = { _ = s.fill($0, firstTrial: $1, using: $2) }
        case let .sharedRisk(c): let s = TrialSimulator(settlement: c, job: job); fill = { _ = s.fill($0, firstTrial: $1, using: $2) }
        }
    }

    deinit {
        units.deallocate()
        retained.deallocate()
        margins.deallocate()
    }

    /// Simulates block `block` exactly as the engine would and returns the sum of its margins (dollars).
    public func run(block: Int) -> Double {
        fill(BlockSlot(units: units, retainedCost: retained, margins: margins), block * blockTrials, samplers)
        var total = 0.0
        for m in margins { total += m }
        return total
    }
}
