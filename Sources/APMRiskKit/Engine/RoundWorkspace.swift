import Synchronization

/// The memory one round of blocks writes into: a margin slot and a summary per block, and each worker's
/// private samplers (GSL stream and compiled cost model), allocated once per run.
///
/// It is `@unchecked Sendable` because the engine upholds the exclusivity the compiler cannot see: a slot is
/// written only by the worker that claimed it from `claim()` (an atomic counter), worker w's samplers only by worker w,
/// and the merge reads slots only after `concurrentPerform` has returned.
final class RoundWorkspace: @unchecked Sendable {
    let blockTrials: Int
    let slots: Int
    private let margins: UnsafeMutableBufferPointer<Double>
    private let units: UnsafeMutableBufferPointer<Double>
    private let retainedCost: UnsafeMutableBufferPointer<Double>
    /// Each slot's summary, nil when its block was left unfinished by a stop request.
    private let summaries: UnsafeMutableBufferPointer<BlockSummary?>
    private let workers: [WorkerSamplers]
    private let cursor = Atomic<Int>(0)

    init(slots: Int, blockTrials: Int, workers: Int, job: SimulationJob) {
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
    func resetClaims() { cursor.store(0, ordering: .relaxed) }

    /// The next unclaimed slot of this round (may be ≥ the round's block count: then there is no more work).
    func claim() -> Int { cursor.wrappingAdd(1, ordering: .relaxed).oldValue }

    func samplers(worker: Int) -> WorkerSamplers { workers[worker] }

    /// The first `count` trials of `slot`.
    func slot(_ slot: Int, count: Int) -> BlockSlot {
        let range = (slot * blockTrials)..<(slot * blockTrials + count)
        return BlockSlot(units: UnsafeMutableBufferPointer(rebasing: units[range]),
                         retainedCost: UnsafeMutableBufferPointer(rebasing: retainedCost[range]),
                         margins: UnsafeMutableBufferPointer(rebasing: margins[range]))
    }

    func summary(slot: Int) -> BlockSummary? { summaries[slot] }

    func setSummary(_ summary: BlockSummary?, slot: Int) { summaries[slot] = summary }
}

/// Where one block's trials are written: per trial, the unit count N, the retained cost (dollars) and the margin.
struct BlockSlot {
    let units: UnsafeMutableBufferPointer<Double>
    let retainedCost: UnsafeMutableBufferPointer<Double>
    let margins: UnsafeMutableBufferPointer<Double>

    var count: Int { margins.count }
}
