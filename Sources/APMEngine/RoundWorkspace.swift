import Synchronization
import APMContracts
import APMSampling

/// The memory one round of blocks writes into: a margin slot and a summary per block, and each worker's
/// private samplers (GSL stream and compiled cost model), allocated once per run.
///
/// It is `@unchecked Sendable` because the engine upholds the exclusivity the compiler cannot see: a slot is
/// written only by the worker that claimed it from `claim()` (an atomic counter), worker w's samplers only by worker w,
/// and the merge reads slots only after `concurrentPerform` has returned.
package final class RoundWorkspace: @unchecked Sendable {
    package let blockTrials: Int
    package let slots: Int
    private let margins: UnsafeMutableBufferPointer<Double>
    private let units: UnsafeMutableBufferPointer<Double>
    private let retainedCost: UnsafeMutableBufferPointer<Double>
    /// Each slot's summary, nil when its block was left unfinished by a stop request.
    private let summaries: UnsafeMutableBufferPointer<BlockSummary?>
    private let workers: [WorkerSamplers]
    private let cursor = Atomic<Int>(0)

    package init(slots: Int, blockTrials: Int, workers: Int, job: SimulationJob) {
        self.slots = slots
        self.blockTrials = blockTrials
        margins = .allocate(capacity: slots * blockTrials)
        margins.initialize(repeating: 0)
        units = .allocate(capacity: slots * blockTrials)
        units.initialize(repeating: 0)
        retainedCost = .allocate(capacity: slots * blockTrials)
        retainedCost.initialize(repeating: 0)
        summaries = .allocate(capacity: slots)
        summaries.initialize(repeating: nil)
        self.workers = (0..<workers).map { _ in WorkerSamplers(job: job) }
    }

    deinit {
        margins.deallocate()
        units.deallocate()
        retainedCost.deallocate()
        summaries.deallocate()
    }

    /// Starts a round: slots are claimed again from 0.
    package func resetClaims() { cursor.store(0, ordering: .relaxed) }

    /// The next unclaimed slot of this round (may be ≥ the round's block count: then there is no more work).
    package func claim() -> Int { cursor.wrappingAdd(1, ordering: .relaxed).oldValue }

    package func samplers(worker: Int) -> WorkerSamplers { workers[worker] }

    /// The first `count` trials of `slot`.
    package func slot(_ slot: Int, count: Int) -> BlockSlot {
        let range = (slot * blockTrials)..<(slot * blockTrials + count)
        return BlockSlot(units: UnsafeMutableBufferPointer(rebasing: units[range]),
                         retainedCost: UnsafeMutableBufferPointer(rebasing: retainedCost[range]),
                         margins: UnsafeMutableBufferPointer(rebasing: margins[range]))
    }

    package func summary(slot: Int) -> BlockSummary? { summaries[slot] }

    package func setSummary(_ summary: BlockSummary?, slot: Int) { summaries[slot] = summary }
}

/// Where one block's trials are written: per trial, the unit count N, the retained cost (dollars) and the margin.
package struct BlockSlot {
    package let units: UnsafeMutableBufferPointer<Double>
    package let retainedCost: UnsafeMutableBufferPointer<Double>
    package let margins: UnsafeMutableBufferPointer<Double>

    package var count: Int { margins.count }
}
