import Foundation
import APMContracts
import APMSampling
import APMSupport

/// One worker's samplers for an importance-sampled run (`SimulationJob.tilt`, `Tilt`): Θ, the catastrophe, the
/// unit count and the unit cost drawn under the tilt, each adding the log likelihood ratio of its draws.
package final class TiltedSamplers {
    package let tilt: Tilt
    package let theta: TiltedFactor?
    package let units: TiltedCount
    package let unitCost: TiltedCostSampler
    /// The catastrophe's probability q′ under the tilt, and the log LRs of its two outcomes.
    package let catastropheProbability: Double
    package let logRatioIfEvent: Double, logRatioIfNone: Double

    package init(job: SimulationJob, tilt: Tilt) {
        self.tilt = tilt
        theta = job.systematicFactor.map { TiltedFactor($0, shift: tilt.theta) }
        units = TiltedCount(job.contract.units, tilt: tilt.units)
        unitCost = TiltedCostSampler(job.unitCost, tilt: tilt)
        let q = job.catastrophe?.probability ?? 0
        let qt = tilt.catastrophe ?? q
        catastropheProbability = qt
        logRatioIfEvent = qt > 0 && q > 0 ? log(q / qt) : 0
        logRatioIfNone = qt < 1 ? log1p(-q) - log1p(-qt) : 0
    }
}

/// The defensive mixture an importance-sampled run draws from: of every `period` consecutive global trial
/// indices, the last is drawn from the untilted law f and the others from the tilted law g — a deterministic
/// mixture with g's share β = (period − 1)/period. Each trial's weight is then the balance heuristic's
/// f/(β·g + (1 − β)·f) = 1/(β·e^{−ℓ} + 1 − β), ℓ = log(f/g) of its draws, whichever law drew them: unbiased (the
/// shares are exact over every whole period of trials), and never above 1/(1 − β) = `period`, so no trial
/// where the tilt is wrong can carry a huge weight and every weighted mean has a finite variance.
package enum DefensiveMixture {
    package static let period = 5
    package static let tiltedShare = Double(period - 1) / Double(period)

    /// Whether global trial `trial` is drawn from the tilted law.
    @inline(__always)
    package static func drawsTilted(_ trial: Int) -> Bool { trial % period != period - 1 }

    /// The trial's weight from ℓ = log(f/g) of its draws.
    @inline(__always)
    package static func weight(logRatio l: Double) -> Double { 1 / (tiltedShare * exp(-l) + (1 - tiltedShare)) }
}

extension TrialSimulator {
    /// Fills a block's slot as `fill` does, drawing every trial from the defensive mixture of the tilted and
    /// untilted laws (`DefensiveMixture`) and storing its weight in `TrialTotals.weight`.
    package func fillTilted(_ slot: BlockSlot, firstTrial: Int, using w: WorkerSamplers, _ tilted: TiltedSamplers,
                            stop: RunControl?) -> Bool {
        let handles = w.handles, streams = w.streams
        for t in 0..<slot.count {
            if let stop, stop.isStopRequested { return false }
            streams.key(trial: firstTrial + t)
            guard let totals = tiltedTrial(handles, w, tilted, DefensiveMixture.drawsTilted(firstTrial + t), stop)
            else { return false }
            slot.totals[t] = totals
            slot.margins[t] = contract.settle(totals, slot.row(t))
        }
        return true
    }

    /// One trial drawn under the tilt, from the same keyed streams as `trial`; nil when `stop` is raised between
    /// two chunks of 256 units.
    private func tiltedTrial(_ k: TrialHandles, _ w: WorkerSamplers, _ tilted: TiltedSamplers, _ drawsTilted: Bool,
                             _ stop: RunControl?) -> TrialTotals? {
        var logWeight = 0.0
        let systematic = tilted.theta?.sample(k.theta, tilted: drawsTilted, &logWeight) ?? 1
        var theta = systematic * costMultiplier
        if let catastrophe {
            if k.event.bernoulli(drawsTilted ? tilted.catastropheProbability : catastrophe.probability) {
                theta *= catastrophe.multiplier
                logWeight += tilted.logRatioIfEvent
            } else {
                logWeight += tilted.logRatioIfNone
            }
        }
        let z = loadsOnTheta ? systematicFamily?.normalScore(systematic) : nil
        let n: Int
        if let z, unitsLoading != 0 {
            n = contract.units.sample(k.counts, loading: unitsLoading, on: z)
        } else {
            n = tilted.units.sample(k.counts, k.countsExtra, tilted: drawsTilted, &logWeight)
        }
        var scores = QualityScores()
        for (i, q) in w.quality.enumerated() {
            let rho = contract.quality[i].systematicCorrelation
            scores[i] = rho != 0 && z != nil ? q.sample(k.quality, loading: rho, on: z!) : q.sample(k.quality)
        }
        var sums = UnitSums()
        if let pooled = w.pooledTotals, tilted.unitCost.drawsPooled {
            let totals = UnsafeMutableBufferPointer(rebasing: pooled[0..<n])
            tilted.unitCost.fillPooled(totals, pool: claimPool, k.draws, tilted: drawsTilted, &logWeight)
            for x in totals { unitTerms.add(theta * x, to: &sums) }
        } else {
            for j in 0..<n {
                if j > 0, j & 255 == 0, let stop, stop.isStopRequested { return nil }
                unitTerms.add(theta * tilted.unitCost.sample(k.draws, tilted: drawsTilted, &logWeight), to: &sums)
            }
        }
        var totals = TrialTotals(units: n, costs: sums, theta: theta, scores: scores)
        totals.weight = DefensiveMixture.weight(logRatio: logWeight)
        return totals
    }
}

extension SimulationJob {
    /// Why this job cannot be importance-sampled under `tilt`, or nil: a risk-adjusted capitation (its members'
    /// scores are not tilted), a catastrophe probability q′ outside (0, 1) where q is, or a tilt beyond what a
    /// count or severity allows (`TiltedCount.violation`, `TiltedCostSampler.violation`).
    public func tiltViolation(_ tilt: Tilt) -> String? {
        if contract.riskAdjustment != nil {
            return "importance sampling does not cover a risk-adjusted capitation (its members' risk scores are not tilted)"
        }
        if parameterUncertainty != nil {
            return "importance sampling does not cover parameter risk (cost.parameter_uncertainty: the per-trial parameter draw is not tilted)"
        }
        for x in [tilt.theta, tilt.units, tilt.claims, tilt.severity] where !x.isFinite {
            return "every tilt must be a finite number, got \(x)"
        }
        if let q = tilt.catastrophe {
            guard let catastrophe else { return "catastrophe= needs a model with a catastrophe" }
            if !(q > 0 && q < 1) && q != catastrophe.probability {
                return "the catastrophe's tilted probability must be strictly between 0 and 1, got \(q)"
            }
        }
        return TiltedCount.violation(contract.units, tilt: tilt.units) ?? TiltedCostSampler.violation(unitCost, tilt: tilt)
    }
}
