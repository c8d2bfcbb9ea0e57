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
    private let totals: UnsafeMutableBufferPointer<TrialTotals>
    /// Per trial, the margin's components and the events (`Contract.componentNames`, `eventNames`).
    private let components: UnsafeMutableBufferPointer<Double>
    private let events: UnsafeMutableBufferPointer<Double>
    private let componentCount: Int, eventCount: Int
    /// Each slot's summary, nil when its block was left unfinished by a stop request.
    private let summaries: UnsafeMutableBufferPointer<BlockSummary?>
    private let workers: [WorkerSamplers]
    private let cursor = Atomic<Int>(0)

    /// Blocks a round gives each worker: at least 8, at most 64, as many as `bytesPerWorker` of slots hold.
    ///
    /// Workers claim a round's blocks one at a time and the round ends when its last block is done, so a worker
    /// that runs out of blocks waits on the others' last ones: about half a block per round, 6% of a round of 8
    /// blocks a worker and under 1% of one of 64. Longer rounds cost memory only (the results are merged in
    /// block order whatever the round length), so rounds grow to as long as the budget allows (`Engine` starts at 8
    /// a worker and doubles, so that progress shows within the first round's time).
    package static func blocksPerWorker(blockTrials: Int, componentCount: Int, eventCount: Int,
                                        bytesPerWorker: Int = 16 << 20) -> Int {
        let bytesPerTrial = 8 + MemoryLayout<TrialTotals>.stride + 8 * (componentCount + eventCount)
        return min(64, max(8, bytesPerWorker / max(1, blockTrials * bytesPerTrial)))
    }

    /// Slots for a round of `workers` workers on `job`'s blocks, no more than the run's `blocks`.
    package static func slots(blocks: Int, workers: Int, job: SimulationJob) -> Int {
        min(blocks, workers * blocksPerWorker(blockTrials: job.blockTrials, componentCount: job.contract.componentNames.count,
                                              eventCount: job.contract.eventNames.count))
    }

    package convenience init(slots: Int, blockTrials: Int, workers: Int, job: SimulationJob) {
        self.init(slots: slots, blockTrials: blockTrials, componentCount: job.contract.componentNames.count,
                  eventCount: job.contract.eventNames.count,
                  workers: (0..<workers).map { _ in WorkerSamplers(job: job) })
    }

    /// Slots of `componentCount` components and `eventCount` events a trial, and the given workers' samplers
    /// (none for a portfolio's total, whose trials are its lines' sums).
    package init(slots: Int, blockTrials: Int, componentCount: Int, eventCount: Int, workers: [WorkerSamplers]) {
        self.slots = slots
        self.blockTrials = blockTrials
        margins = .allocate(capacity: slots * blockTrials)
        margins.initialize(repeating: 0)
        totals = .allocate(capacity: slots * blockTrials)
        totals.initialize(repeating: TrialTotals(units: 0, retainedCost: 0))
        self.componentCount = componentCount
        self.eventCount = eventCount
        components = .allocate(capacity: max(1, slots * blockTrials * componentCount))
        components.initialize(repeating: 0)
        events = .allocate(capacity: max(1, slots * blockTrials * eventCount))
        events.initialize(repeating: 0)
        summaries = .allocate(capacity: slots)
        summaries.initialize(repeating: nil)
        self.workers = workers
    }

    deinit {
        margins.deallocate()
        totals.deallocate()
        components.deallocate()
        events.deallocate()
        summaries.deinitialize()   // block summaries hold arrays (components, events): release them
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
        return BlockSlot(totals: UnsafeMutableBufferPointer(rebasing: totals[range]),
                         margins: UnsafeMutableBufferPointer(rebasing: margins[range]),
                         components: components.baseAddress! + range.lowerBound * componentCount,
                         events: events.baseAddress! + range.lowerBound * eventCount,
                         componentCount: componentCount, eventCount: eventCount)
    }

    package func summary(slot: Int) -> BlockSummary? { summaries[slot] }

    package func setSummary(_ summary: BlockSummary?, slot: Int) { summaries[slot] = summary }
}

/// Where one block's trials are written: per trial, its totals (`TrialTotals`), its margin, and its margin's
/// components and events, row by row.
package struct BlockSlot {
    package let totals: UnsafeMutableBufferPointer<TrialTotals>
    package let margins: UnsafeMutableBufferPointer<Double>
    package let components: UnsafeMutablePointer<Double>
    package let events: UnsafeMutablePointer<Double>
    package let componentCount: Int, eventCount: Int

    package init(totals: UnsafeMutableBufferPointer<TrialTotals>, margins: UnsafeMutableBufferPointer<Double>,
                 components: UnsafeMutablePointer<Double>, events: UnsafeMutablePointer<Double>,
                 componentCount: Int, eventCount: Int) {
        self.totals = totals
        self.margins = margins
        self.components = components
        self.events = events
        self.componentCount = componentCount
        self.eventCount = eventCount
    }

    package var count: Int { margins.count }

    /// Where trial `t` of the block writes its components and events: column by column, so that each
    /// component of the block's trials is contiguous.
    @inline(__always)
    package func row(_ t: Int) -> ComponentRow {
        ComponentRow(components: components + t, events: events + t, stride: count)
    }

    /// Component `k` of every trial of the block, in trial order.
    package func component(_ k: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: components + k * count, count: count)
    }

    /// How many trials of the block had event `e`.
    package func eventCount(_ e: Int) -> Int {
        var total = 0.0
        for x in UnsafeBufferPointer(start: events + e * count, count: count) { total += x }
        return Int(total)
    }
}
