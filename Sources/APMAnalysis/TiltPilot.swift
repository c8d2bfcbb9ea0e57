import Foundation
import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// How `simulate` samples the tail: plainly (`off`), or by importance sampling under a tilt chosen from a pilot
/// run (`auto`, `TiltPilot`) or given (`manual`, `--tilt`).
public enum TailSampling: Sendable, Hashable {
    case off
    case auto
    case manual(Tilt)

    /// The tilt a run of `model` with `settings` draws under, or nil for none; throws when the model cannot be
    /// tilted so (a risk-adjusted capitation; a tilt beyond what a count or severity allows).
    func tilt(for model: RiskModel, settings: RunSettings, threads: Int) throws -> Tilt? {
        let probe = SimulationJob(unitCost: model.unitCost, systematicFactor: model.systematicFactor, contract: model.contract,
                                  trials: 1, seed: settings.seed, generator: settings.generator, threads: 1,
                                  lowTailFraction: 0.05, costMultiplier: model.costMultiplier, catastrophe: model.catastrophe)
        switch self {
        case .off: return nil
        case let .manual(tilt):
            if let rule = probe.tiltViolation(tilt) { throw ModelError(field: "--tilt", rule: rule) }
            return tilt
        case .auto:
            if let rule = probe.tiltViolation(.none) { throw ModelError(field: "--tail-sampling", rule: rule) }
            return try TiltPilot.choose(for: model, settings: settings, threads: threads)
        }
    }
}

/// The automatic tilt (`--tail-sampling auto`): a pilot of `pilotTrials` untilted trials with the run's seed,
/// drawn from trial indices no run uses (from `firstPilotTrial` on, so the pilot never reuses a trial of the
/// run), estimates the gross cost S at the highest VaR level's quantile; the tilt is then the one exponential
/// tilt by a single rate t (per dollar of aggregate cost) whose tilted mean aggregate cost is that quantile —
/// the classic choice, which puts the centre of the tilted law at the VaR. Each quantity's tilt comes from t as
/// an exponential tilt of S by t would move it (`Tilt`): severities s = t·E[Θ]; the unit count t·E[Θ]·E[X];
/// claim counts t·E[Θ]·E[Z]; Θ's Gaussian shift as a lognormal (or normal) severity of mean E[S at Θ = 1]·E[Θ];
/// the catastrophe's probability q·e^{tΔ}/(q·e^{tΔ} + 1 − q), Δ the event's extra mean cost, at most 0.5.
/// t is found by bisection on the tilted mean, within the tilts the counts and severities allow.
public enum TiltPilot {
    public static let pilotTrials = 10_000
    public static let firstPilotTrial = 1 << 62

    static func choose(for model: RiskModel, settings: RunSettings, threads: Int) throws -> Tilt {
        var pilotModel = model
        pilotModel.run = settings
        pilotModel.run.trials = pilotTrials
        var job = SimulationJob.job(for: pilotModel, threads: threads, lowTailFraction: 0.05)
        job.firstTrial = firstPilotTrial
        let (_, ledger) = try Engine.run(job, keepingLedger: true)
        let costs = (ledger?.totals ?? []).map(\.costs.gross).sorted()
        let level = settings.levels.max() ?? 0.995
        let target = costs[min(costs.count - 1, QuantileRank.ceilingRank(level, of: costs.count) - 1)]
        return tilt(for: job, towards: target)
    }

    /// The tilt from one rate t whose tilted mean gross cost is `target` dollars (no tilt when the untilted mean
    /// already reaches it).
    public static func tilt(for job: SimulationJob, towards target: Double) -> Tilt {
        let make = { (t: Double) in tilt(job, rate: t) }
        let mean = { (t: Double) in tiltedMeanCost(job, make(t)) }
        guard mean(0) < target else { return .none }
        // The largest rate the counts and severities allow, approached from below.
        var hi = 1e-12 / max(1, job.unitCost.mean)
        while mean(hi) < target && job.tiltViolation(make(hi * 2)) == nil && hi < 1 { hi *= 2 }
        if job.tiltViolation(make(hi * 2)) != nil {
            var lo = hi, top = hi * 2
            for _ in 0..<100 { let mid = (lo + top) / 2; if job.tiltViolation(make(mid)) == nil { lo = mid } else { top = mid } }
            hi = min(hi * 2, lo * 0.99)
        } else {
            hi *= 2
        }
        var lo = 0.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mean(mid) < target { lo = mid } else { hi = mid }
        }
        return make((lo + hi) / 2)
    }

    /// Each quantity's tilt from one rate t per dollar of aggregate cost (see `TiltPilot`).
    static func tilt(_ job: SimulationJob, rate t: Double) -> Tilt {
        let factor = job.systematicFactor
        let meanTheta = (factor?.mean ?? 1) * job.costMultiplier
        let unitMean = job.unitCost.mean
        let perTheta = job.contract.units.mean * unitMean          // E[S] at Θ = 1
        var tilt = Tilt(severity: t * meanTheta)
        tilt.units = t * meanTheta * unitMean
        if case let .compound(_, severity) = job.unitCost { tilt.claims = t * meanTheta * severity.mean }
        if let factor {
            switch factor {
            case let .continuous(c) where c.sigmaOfLognormal > 0:
                let scaled = ContinuousDistribution.lognormal(zeta: log(perTheta * job.costMultiplier) + zetaOf(c), sigma: c.sigmaOfLognormal)
                tilt.theta = TiltedCostSampler.lognormalShift(scaled, rate: t)
            case let .continuous(.normal(_, sd)):
                tilt.theta = t * perTheta * job.costMultiplier * sd
            default: break
            }
        }
        if let catastrophe = job.catastrophe {
            let q = catastrophe.probability
            let extra = (catastrophe.multiplier - 1) * perTheta * meanTheta
            let e = exp(min(700, t * extra))
            tilt.catastrophe = max(q, min(0.5, q * e / (q * e + 1 - q)))
        }
        return tilt
    }

    private static func zetaOf(_ c: ContinuousDistribution) -> Double {
        if case let .lognormal(z, _) = c { return z }
        return 0
    }

    /// E[gross cost] of a trial under `tilt`, dollars.
    static func tiltedMeanCost(_ job: SimulationJob, _ tilt: Tilt) -> Double {
        let theta = job.systematicFactor.map { TiltedFactor.tiltedMean($0, shift: tilt.theta) } ?? 1
        var event = 1.0
        if let c = job.catastrophe { event = 1 + (tilt.catastrophe ?? c.probability) * (c.multiplier - 1) }
        return theta * job.costMultiplier * event * TiltedCount.tiltedMean(job.contract.units, tilt: tilt.units)
            * TiltedCostSampler.tiltedMean(job.unitCost, tilt: tilt)
    }
}
