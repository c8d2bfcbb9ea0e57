import Foundation
import APMContracts
import APMSampling
import APMSupport

/// What the lines of a portfolio share in one trial, drawn once from the portfolio's own (unsalted) streams:
/// Θ, the systematic factor (1 without one), and the catastrophe's multiplier (1 when no event struck).
package struct SharedDraws: Sendable {
    package var theta: Double
    package var multiplier: Double

    package init(theta: Double, multiplier: Double) {
        self.theta = theta
        self.multiplier = multiplier
    }

    /// Nothing shared: a model run alone.
    package static let none = SharedDraws(theta: 1, multiplier: 1)
}

/// Simulates trials of one contract: the inner loop of the engine.
///
/// Every trial keys its own GSL streams from (run seed, global trial index, purpose) (`StreamKey`): Θ, the
/// catastrophe's uniform, the unit count N, and the unit costs (with their claim counts, add-ons and pooled
/// claim allocation) each draw from a stream of their own. Within the unit-cost streams, units draw in unit
/// order. This is the reproducibility contract; `StreamKey.version` changes whenever it does.
///
/// The simulator itself holds only plain values (the contract terms); the cost model arrives as the calling
/// worker's own `WorkerSamplers`, so no reference-counted object is shared between threads in the loop.
package struct TrialSimulator: Sendable {
    /// The contract, its chain compiled once for the run: the unit terms are plain numbers applied in the unit
    /// loop; the aggregate terms run once per trial.
    package let contract: Contract
    package let unitTerms: UnitTerms
    package let units: CountDraw
    package let costMultiplier: Double
    package let catastrophe: Catastrophe?
    /// The systematic factor's family, when a quality measure loads on it (the reader checks it has a normal score).
    package let systematicFamily: ContinuousDistribution?
    /// Units per claim pool (`SimulationJob.claimPool`).
    package let claimPool: Int
    /// A risk-adjusted capitation's member model, drawn in place of the cost model; nil for every other contract.
    package let riskAdjustment: RiskAdjustment?
    /// m·(1 + b): the mean of the cost model times one plus the missed cost share (`RiskAdjustment`).
    package let memberCost: Double
    /// ρ of the unit count on Θ (`Contract.unitsSystematicCorrelation`).
    package let unitsLoading: Double
    /// Whether the count or a quality measure loads on Θ, so that a trial needs Θ's normal score.
    package let loadsOnTheta: Bool
    /// The unit cost's parameter draw and the distribution it is centred on (`ParameterUncertainty`).
    package let parameterUncertainty: ParameterUncertainty?
    package let parameterCenter: ContinuousDistribution?
    /// β of a portfolio line that loads on the portfolio's shared Θ (Θᵢ = Θ^β); nil when the line draws its own
    /// factor (or none) from its own streams, as a model run alone does.
    package let sharedLoading: Double?

    /// The simulator of `job`; for a portfolio line loading on the shared Θ, `sharedLoading` is its β and
    /// `sharedFactor` the portfolio's Θ (whose normal score a quality measure's loading reads).
    package init(job: SimulationJob, sharedLoading: Double? = nil, sharedFactor: CostDistribution? = nil) {
        self.sharedLoading = sharedLoading
        claimPool = job.claimPool
        contract = job.contract
        unitTerms = job.contract.unitTerms
        units = job.contract.units.draw
        costMultiplier = job.costMultiplier
        catastrophe = job.catastrophe
        let family = sharedLoading == nil ? job.systematicFactor : sharedFactor
        if case let .continuous(d)? = family { systematicFamily = d } else { systematicFamily = nil }
        riskAdjustment = job.contract.riskAdjustment
        parameterUncertainty = job.parameterUncertainty
        parameterCenter = job.parameterUncertainty == nil ? nil : CostSampler(job.unitCost).parameterLeaf
        unitsLoading = job.contract.unitsSystematicCorrelation
        loadsOnTheta = unitsLoading != 0 || job.contract.quality.contains { $0.systematicCorrelation != 0 }
        memberCost = job.unitCost.mean * (1 + (job.contract.riskAdjustment?.missedCostShare ?? 0))
    }

    /// One trial's totals — unit count, costs gross / capped / retained (dollars), Θ and the quality score —
    /// its streams already keyed; nil when `stop` is raised between two chunks of 256 units (a trial may hold
    /// 10⁸ of them). `shared`: what a portfolio's lines share in this trial (`SharedDraws.none` alone).
    @inline(__always)
    package func trial(_ k: TrialHandles, _ w: WorkerSamplers, _ stop: RunControl?,
                       _ shared: SharedDraws = .none) -> TrialTotals? {
        let unitCost = w.unitCost, scratch = w.scratch
        if let parameterUncertainty, let parameterCenter {
            unitCost.setParameterLeaf(parameterUncertainty.draw(around: parameterCenter, k.parameters))
        }
        let systematic: Double
        if let beta = sharedLoading {
            systematic = beta == 1 ? shared.theta : pow(shared.theta, beta)
        } else {
            systematic = w.systematicFactor?.sample(k.theta) ?? 1
        }
        // × 1 exactly for a model run alone: the same bits as before portfolios.
        var theta = systematic * costMultiplier * shared.multiplier
        if let catastrophe, k.event.bernoulli(catastrophe.probability) { theta *= catastrophe.multiplier }
        // A line loading on the portfolio's Θ reads the shared factor's normal score, not its own Θ^β.
        let z = loadsOnTheta ? systematicFamily?.normalScore(sharedLoading == nil ? systematic : shared.theta) : nil
        let n: Int
        if let z, unitsLoading != 0 {
            n = contract.units.sample(k.counts, loading: unitsLoading, on: z)
        } else {
            n = units.sample(k.counts.rng, k.countsExtra.rng)
        }
        var scores = QualityScores()
        for (i, q) in w.quality.enumerated() {
            let rho = contract.quality[i].systematicCorrelation
            if rho != 0, let z {
                scores[i] = q.sample(k.quality, loading: rho, on: z)
            } else {
                scores[i] = q.sample(k.quality)
            }
        }
        var sums = UnitSums()
        if let riskAdjustment {
            return members(n, riskAdjustment, k, theta, scores, w, stop)
        }
        if let pooled = w.pooledTotals {
            // Compound Poisson units of a fixed membership: claims drawn pooled (see CostSampler.fillPooled).
            let totals = UnsafeMutableBufferPointer(rebasing: pooled[0..<n])
            unitCost.fillPooled(totals, pool: claimPool, k.draws)
            add(totals, theta, to: &sums)
            return TrialTotals(units: n, costs: sums, theta: theta, scores: scores)
        }
        var remaining = n
        while remaining > 0 {
            if remaining < n, let stop, stop.isStopRequested { return nil }
            // Unit costs in chunks: the same draws in the same order as one `sample` per unit.
            let chunk = UnsafeMutableBufferPointer(rebasing: scratch[0..<min(remaining, scratch.count)])
            unitCost.fill(chunk, k.draws)
            add(chunk, theta, to: &sums)
            remaining -= chunk.count
        }
        return TrialTotals(units: n, costs: sums, theta: theta, scores: scores)
    }

    /// The members of a risk-adjusted capitation (`RiskAdjustment`), in member order: score Sⱼ then residual Eⱼ
    /// from the risk-score stream, exposure eⱼ from the attribution stream; cost Θ·m·(1 + b)·Sⱼ·Eⱼ·eⱼ under the
    /// unit terms. nil when `stop` is raised between two chunks of 256 members.
    @inline(never)
    private func members(_ n: Int, _ r: RiskAdjustment, _ k: TrialHandles, _ theta: Double, _ scores: QualityScores,
                         _ w: WorkerSamplers, _ stop: RunControl?) -> TrialTotals? {
        let scale = theta * memberCost, chunk = w.scratch.count
        let score = r.score, residual = r.residual, attribution = r.attribution
        let risk = k.riskScore, attributed = k.attribution
        var sums = UnitSums(), exposure = 0.0, scored = 0.0
        var j = 0
        while j < n {
            if j > 0, let stop, stop.isStopRequested { return nil }
            for _ in j..<min(n, j + chunk) {
                let s = score.sample(risk)
                let e = residual.sample(risk)
                let x = attribution.exposure(attributed)
                unitTerms.add(scale * s * e * x, to: &sums)
                exposure += x
                scored += s * x
            }
            j += chunk
        }
        return TrialTotals(units: n, costs: sums, theta: theta, scores: scores, exposure: exposure, scoredExposure: scored)
    }

    /// Adds the units `costs` × Θ to `sums` under the unit terms, with the loop specialised to their shape:
    /// without a cap or stop-loss a unit is one addition, as it was before there were unit terms.
    @inline(__always)
    private func add(_ costs: UnsafeMutableBufferPointer<Double>, _ theta: Double, to sums: inout UnitSums) {
        if unitTerms.stopLoss == nil {
            if unitTerms.cap == .infinity {
                var s = sums.retained
                for x in costs { s += theta * x }
                sums = UnitSums(gross: s, capped: s, retained: s)
            } else {
                var gross = sums.gross, capped = sums.capped
                let cap = unitTerms.cap
                for x in costs {
                    let y = theta * x
                    gross += y
                    capped += min(y, cap)
                }
                sums = UnitSums(gross: gross, capped: capped, retained: capped)
            }
        } else {
            for x in costs { unitTerms.add(theta * x, to: &sums) }
        }
    }

    /// Fills a block's slot with the trials from global index `firstTrial` on, drawn by worker `w`: each
    /// trial's totals, margin, and its margin's components and events. Returns false, leaving the slot incomplete, when `stop`
    /// is raised (checked before every trial and between chunks of 256 units within one, so Ctrl-C is heard
    /// within a fraction of a second even when one trial holds millions of units).
    /// `shared`: for a portfolio line, what the lines share in each of the slot's trials, in trial order.
    package func fill(_ slot: BlockSlot, firstTrial: Int, using w: WorkerSamplers, stop: RunControl? = nil,
                      shared: UnsafePointer<SharedDraws>? = nil) -> Bool {
        if let tilted = w.tilted { return fillTilted(slot, firstTrial: firstTrial, using: w, tilted, stop: stop) }
        let handles = w.handles, streams = w.streams
        for t in 0..<slot.count {
            if let stop, stop.isStopRequested { return false }
            streams.key(trial: firstTrial + t)
            guard let totals = trial(handles, w, stop, shared?[t] ?? .none) else { return false }
            slot.totals[t] = totals
            slot.margins[t] = contract.settle(totals, slot.row(t))
        }
        return true
    }
}

/// The streams of one trial as plain handles (see `TrialStreams`).
package struct TrialHandles {
    package let theta: StreamHandle, event: StreamHandle, counts: StreamHandle, countsExtra: StreamHandle
    package let quality: StreamHandle
    /// The trial's draw of the unit cost's parameters.
    package let parameters: StreamHandle
    /// A risk-adjusted capitation's member scores and residuals, and its members' attribution.
    package let riskScore: StreamHandle, attribution: StreamHandle
    package let draws: DrawStreams

    package init(_ s: TrialStreams) {
        theta = s.stream(.systematicFactor).handle
        event = s.stream(.catastrophe).handle
        counts = s.stream(.unitCount).handle
        countsExtra = s.stream(.unitCountExtra).handle
        quality = s.stream(.quality).handle
        parameters = s.stream(.parameterDraw).handle
        riskScore = s.stream(.riskScore).handle
        attribution = s.stream(.attribution).handle
        draws = s.draws
    }
}

/// One worker's private sampling state: its GSL streams and its own compiled copies of the cost model.
package final class WorkerSamplers {
    package let streams: TrialStreams
    package let handles: TrialHandles
    package let unitCost: CostSampler
    package let systematicFactor: CostSampler?
    /// The quality measures' samplers, in the contract's order (none when no term reads quality); they draw in
    /// this order from the trial's quality stream.
    package let quality: [QualitySampler]
    /// Room for a chunk of unit costs drawn in one go.
    package let scratch: UnsafeMutableBufferPointer<Double>
    /// Per-member totals when claims are drawn pooled (`SimulationJob.drawsPooledClaims`), else nil.
    package let pooledTotals: UnsafeMutableBufferPointer<Double>?
    /// The tilted samplers of an importance-sampled run (`SimulationJob.tilt`), else nil.
    package let tilted: TiltedSamplers?

    package init(job: SimulationJob) {
        streams = TrialStreams(generator: job.generator, seed: job.seed, purposes: job.streamPurposes, salt: job.streamSalt)
        handles = TrialHandles(streams)
        unitCost = CostSampler(job.unitCost)
        systematicFactor = job.systematicFactor.map(CostSampler.init)
        quality = job.contract.readsQuality ? job.contract.quality.map { QualitySampler($0.score) } : []
        scratch = .allocate(capacity: 256)
        scratch.initialize(repeating: 0)
        if job.drawsPooledClaims, case let .fixed(members) = job.contract.units {
            let totals = UnsafeMutableBufferPointer<Double>.allocate(capacity: members)
            totals.initialize(repeating: 0)
            pooledTotals = totals
        } else {
            pooledTotals = nil
        }
        tilted = job.tilt.map { TiltedSamplers(job: job, tilt: $0) }
    }

    deinit {
        scratch.deallocate()
        pooledTotals?.deallocate()
    }
}
