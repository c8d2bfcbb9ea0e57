import APMContracts
import APMSampling
import APMSupport

/// Simulates trials of one contract: the inner loop of the engine.
///
/// Every trial keys its own GSL streams from (run seed, global trial index, purpose) (`StreamKey`): Θ, the
/// catastrophe's uniform, the unit count N, and the unit costs (with their claim counts, add-ons and pooled
/// claim allocation) each draw from a stream of their own. Within the unit-cost streams, units draw in unit
/// order. This is the reproducibility contract; `StreamKey.version` changes whenever it does.
///
/// The simulator itself holds only plain values (the contract terms); the cost model arrives as the calling
/// worker's own `WorkerSamplers`, so no reference-counted object is shared between threads in the loop.
package struct TrialSimulator<S: Settlement>: Sendable {
    package let settlement: S
    package let units: CountDraw
    package let costMultiplier: Double
    package let catastrophe: Catastrophe?
    /// Units per claim pool (`SimulationJob.claimPool`).
    package let claimPool: Int

    package init(settlement: S, job: SimulationJob) {
        claimPool = job.claimPool
        self.settlement = settlement
        units = settlement.units.draw
        costMultiplier = job.costMultiplier
        catastrophe = job.catastrophe
    }

    /// One trial's unit count and the total cost the provider retains (dollars), its streams already keyed;
    /// nil when `stop` is raised between two chunks of 256 units (a trial may hold 10⁸ of them).
    @inline(__always)
    package func trial(_ k: TrialHandles, _ unitCost: CostSampler, _ systematicFactor: CostSampler?,
               _ scratch: UnsafeMutableBufferPointer<Double>, _ pooled: UnsafeMutableBufferPointer<Double>?,
               _ stop: RunControl?) -> (units: Int, retainedCost: Double)?
    {
        var theta = (systematicFactor?.sample(k.theta) ?? 1) * costMultiplier
        if let catastrophe, k.event.bernoulli(catastrophe.probability) { theta *= catastrophe.multiplier }
        let n = units.sample(k.counts.rng, k.countsExtra.rng)
        var retained = 0.0
        if let pooled {
            // Compound Poisson units of a fixed membership: claims drawn pooled (see CostSampler.fillPooled).
            let totals = UnsafeMutableBufferPointer(rebasing: pooled[0..<n])
            unitCost.fillPooled(totals, pool: claimPool, k.draws)
            for y in totals { retained += settlement.retainedCost(theta * y) }
            return (n, retained)
        }
        var remaining = n
        while remaining > 0 {
            if remaining < n, let stop, stop.isStopRequested { return nil }
            // Unit costs in chunks: the same draws in the same order as one `sample` per unit.
            let chunk = UnsafeMutableBufferPointer(rebasing: scratch[0..<min(remaining, scratch.count)])
            unitCost.fill(chunk, k.draws)
            for x in chunk { retained += settlement.retainedCost(theta * x) }
            remaining -= chunk.count
        }
        return (n, retained)
    }

    /// Fills a block's slot with the trials from global index `firstTrial` on, drawn by worker `w`: each
    /// trial's unit count, retained cost and margin. Returns false, leaving the slot incomplete, when `stop`
    /// is raised (checked before every trial and between chunks of 256 units within one, so Ctrl-C is heard
    /// within a fraction of a second even when one trial holds millions of units).
    package func fill(_ slot: BlockSlot, firstTrial: Int, using w: WorkerSamplers, stop: RunControl? = nil) -> Bool {
        let handles = w.handles, streams = w.streams
        let unitCost = w.unitCost, systematicFactor = w.systematicFactor, scratch = w.scratch, pooled = w.pooledTotals
        for t in 0..<slot.count {
            if let stop, stop.isStopRequested { return false }
            streams.key(trial: firstTrial + t)
            guard let (n, retained) = trial(handles, unitCost, systematicFactor, scratch, pooled, stop) else { return false }
            slot.units[t] = Double(n)
            slot.retainedCost[t] = retained
            slot.margins[t] = settlement.margin(units: n, retainedCost: retained)
        }
        return true
    }
}

/// The streams of one trial as plain handles (see `TrialStreams`).
package struct TrialHandles {
    package let theta: StreamHandle, event: StreamHandle, counts: StreamHandle, countsExtra: StreamHandle
    package let draws: DrawStreams

    package init(_ s: TrialStreams) {
        theta = s.stream(.systematicFactor).handle
        event = s.stream(.catastrophe).handle
        counts = s.stream(.unitCount).handle
        countsExtra = s.stream(.unitCountExtra).handle
        draws = s.draws
    }
}

/// One worker's private sampling state: its GSL streams and its own compiled copies of the cost model.
package final class WorkerSamplers {
    package let streams: TrialStreams
    package let handles: TrialHandles
    package let unitCost: CostSampler
    package let systematicFactor: CostSampler?
    /// Room for a chunk of unit costs drawn in one go.
    package let scratch: UnsafeMutableBufferPointer<Double>
    /// Per-member totals when claims are drawn pooled (`SimulationJob.drawsPooledClaims`), else nil.
    package let pooledTotals: UnsafeMutableBufferPointer<Double>?

    package init(job: SimulationJob) {
        streams = TrialStreams(generator: job.generator, seed: job.seed, purposes: job.streamPurposes)
        handles = TrialHandles(streams)
        unitCost = CostSampler(job.unitCost)
        systematicFactor = job.systematicFactor.map(CostSampler.init)
        scratch = .allocate(capacity: 256)
        scratch.initialize(repeating: 0)
        if job.drawsPooledClaims, case let .fixed(members) = job.contract.settlement.units {
            let totals = UnsafeMutableBufferPointer<Double>.allocate(capacity: members)
            totals.initialize(repeating: 0)
            pooledTotals = totals
        } else {
            pooledTotals = nil
        }
    }

    deinit {
        scratch.deallocate()
        pooledTotals?.deallocate()
    }
}
