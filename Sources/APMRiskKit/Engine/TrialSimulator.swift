/// Simulates trials of one contract: the inner loop of the engine.
///
/// Draw order within a trial (part of the reproducibility contract): Θ (if any), then the unit count N
/// (if random), then each unit's cost in turn. A catastrophe's uniform comes from the separate event stream.
///
/// The simulator itself holds only plain values (the contract terms); the cost model arrives as the calling
/// worker's own `WorkerSamplers`, so no reference-counted object is shared between threads in the loop.
struct TrialSimulator<S: Settlement>: Sendable {
    let settlement: S
    let units: CountDistribution
    let costMultiplier: Double
    let catastrophe: Catastrophe?

    init(settlement: S, job: SimulationJob) {
        self.settlement = settlement
        units = settlement.units
        costMultiplier = job.costMultiplier
        catastrophe = job.catastrophe
    }

    /// One trial's unit count and the total cost the provider retains (dollars).
    @inline(__always)
    func trial(_ stream: StreamHandle, _ events: StreamHandle?, _ unitCost: CostSampler,
               _ systematicFactor: CostSampler?, _ scratch: UnsafeMutableBufferPointer<Double>,
               _ pooled: UnsafeMutableBufferPointer<Double>?) -> (units: Int, retainedCost: Double) {
        var theta = (systematicFactor?.sample(stream) ?? 1) * costMultiplier
        if let catastrophe, events!.bernoulli(catastrophe.probability) { theta *= catastrophe.multiplier }
        let n = units.sample(stream)
        var retained = 0.0
        if let pooled {
            // Compound Poisson units of a fixed membership: claims drawn pooled (see CostSampler.fillPooled).
            let totals = UnsafeMutableBufferPointer(rebasing: pooled[0..<n])
            unitCost.fillPooled(totals, stream)
            for y in totals { retained += settlement.retainedCost(theta * y) }
            return (n, retained)
        }
        var remaining = n
        while remaining > 0 {
            // Unit costs in chunks: the same draws in the same order as one `sample` per unit.
            let chunk = UnsafeMutableBufferPointer(rebasing: scratch[0..<min(remaining, scratch.count)])
            unitCost.fill(chunk, stream)
            for x in chunk { retained += settlement.retainedCost(theta * x) }
            remaining -= chunk.count
        }
        return (n, retained)
    }

    /// Fills a block's slot with consecutive trials drawn by worker `w`: each trial's unit count, retained
    /// cost and margin. The worker's objects are read once per block; the loop passes plain values.
    func fill(_ slot: BlockSlot, using w: WorkerSamplers) {
        let stream = w.stream.handle, events = w.events?.handle
        let unitCost = w.unitCost, systematicFactor = w.systematicFactor, scratch = w.scratch, pooled = w.pooledTotals
        for t in 0..<slot.count {
            let (n, retained) = trial(stream, events, unitCost, systematicFactor, scratch, pooled)
            slot.units[t] = Double(n)
            slot.retainedCost[t] = retained
            slot.margins[t] = settlement.margin(units: n, retainedCost: retained)
        }
    }
}

/// One worker's private sampling state: its GSL stream and its own compiled copies of the cost model.
final class WorkerSamplers {
    let stream: RandomStream
    let unitCost: CostSampler
    let systematicFactor: CostSampler?
    /// The separate stream of trial-level events (catastrophes), when the job has any.
    let events: RandomStream?
    /// Room for a chunk of unit costs drawn in one go.
    let scratch: UnsafeMutableBufferPointer<Double>
    /// Per-member totals when claims are drawn pooled (`SimulationJob.drawsPooledClaims`), else nil.
    let pooledTotals: UnsafeMutableBufferPointer<Double>?

    init(job: SimulationJob) {
        stream = RandomStream(generator: job.generator, seed: 1)
        events = job.catastrophe == nil ? nil : RandomStream(generator: job.generator, seed: 1)
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

    /// Reseeds the streams for block `block` of a run with seed `seed`.
    func reseed(runSeed seed: UInt64, block: Int) {
        stream.reseed(BlockSeed.seed(runSeed: seed, block: block))
        events?.reseed(BlockSeed.eventSeed(runSeed: seed, block: block))
    }
}
