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

/// The automatic tilt (`--tail-sampling auto`), by one step of the cross-entropy method: a pilot of
/// `pilotTrials` untilted trials with the run's seed, drawn from trial indices no run uses (from
/// `firstPilotTrial` on, so the pilot never reuses a trial of the run), is settled, and its worst trials — the
/// (1 − α)·n beyond the VaR at the highest level α, at least `minimumTailTrials` — stand for the tail. Each
/// tilted quantity is then centred where the tail has it (the cross-entropy optimum of an exponential family is
/// its mean conditional on the tail):
/// - Θ's Gaussian shift μ = the mean over the tail of Θ's normal score;
/// - the unit count's tilt t so that its tilted mean is the tail's mean count (Poisson: t = ln(N̄/λ));
/// - the severities' rate s (and the claim counts' tilt s·E[Z]) so that the tilted mean unit cost is the untilted
///   mean × r, r the ratio of the retained cost per unit in the tail to that over the whole pilot (retained, so
///   that costs a cap or stop-loss takes away do not pull the tilt), within the rates the severities allow.
/// The catastrophe stays untilted.
///
/// One step of the cross-entropy method overshoots where it tilts many independent draws (part of the tail's
/// extra cost comes from what stays untilted — mixture choices, add-on occurrences — and from a few large
/// draws), so the tilt is then scaled: each of `scales` (a factor on Θ's shift, a factor on the counts' and
/// severities' tilts, (0, 0) being plain sampling) runs `candidateTrials` trials under its tilt, on trial indices
/// of their own, and the one whose TVaR at the highest level has the smallest standard error is chosen. All
/// pilots together take `pilotTrials` + 7 × `candidateTrials` = 24,000 trials, run before the run (and not
/// counted in its trials). The tilt is recorded with the results (`--tilt` replays it).
public enum TiltPilot {
    public static let pilotTrials = 10_000
    public static let candidateTrials = 2_000
    public static let firstPilotTrial = 1 << 62
    public static let minimumTailTrials = 30
    /// (factor on Θ's shift, factor on the counts' and severities' tilts) of the candidate tilts.
    public static let scales: [(theta: Double, draws: Double)] = [(1, 1), (1, 0.5), (1, 0.25), (0.75, 0.5), (0.75, 0.25),
                                                                  (1.25, 0.5), (0, 0)]

    static func choose(for model: RiskModel, settings: RunSettings, threads: Int) throws -> Tilt {
        var pilotModel = model
        pilotModel.run = settings
        pilotModel.run.trials = pilotTrials
        var job = SimulationJob.job(for: pilotModel, threads: threads, lowTailFraction: 0.05)
        job.firstTrial = firstPilotTrial
        let (_, ledger) = try Engine.run(job, keepingLedger: true)
        guard let ledger else { return .none }
        let totals = ledger.totals
        let margins = try ledger.margins(under: model.contract)
        let level = settings.levels.max() ?? 0.995
        let count = min(totals.count, max(minimumTailTrials, QuantileRank.wholeCount((1 - level) * Double(totals.count))))
        let tail = Array(totals.indices.sorted { margins[$0] < margins[$1] || (margins[$0] == margins[$1] && $0 < $1) }.prefix(count))
        let base = tilt(for: job, pilot: totals, tail: tail)
        var best = (tilt: base, error: Double.infinity)
        for (k, scale) in scales.enumerated() {
            var candidate = base
            candidate.theta *= scale.theta
            candidate.units *= scale.draws
            candidate.claims *= scale.draws
            candidate.severity *= scale.draws
            var trial = job
            trial.trials = candidateTrials
            trial.firstTrial = firstPilotTrial + (k + 1) << 40
            trial.tilt = candidate
            let outcome = try Engine.run(trial)
            let error = RiskReport(outcome: outcome, levels: [level], revenue: 1, percentiles: []).tails[0].tailValueAtRisk.standardError
            if error < best.error { best = (candidate, error) }
        }
        return best.tilt
    }

    /// The cross-entropy tilt from the pilot's `totals` and the positions of its tail trials.
    static func tilt(for job: SimulationJob, pilot totals: [TrialTotals], tail: [Int]) -> Tilt {
        var tilt = Tilt.none
        let m = Double(tail.count)
        if let factor = job.systematicFactor, TiltedFactor.isTiltable(factor), job.catastrophe == nil {
            tilt.theta = tail.reduce(0) { $0 + normalScore(factor, totals[$1].theta / job.costMultiplier) } / m
        }
        let meanCount = tail.reduce(0) { $0 + Double(totals[$1].units) } / m
        switch job.contract.units {
        case let .poisson(mu) where meanCount > 0: tilt.units = log(meanCount / mu)
        case let .negativeBinomial(p, n) where meanCount > 0: tilt.units = log((meanCount / (n + meanCount)) / (1 - p))
        default: break
        }
        // Retained cost per unit at Θ = 1, in the tail and over the pilot.
        func perUnit(_ indices: [Int]) -> Double {
            var cost = 0.0, units = 0.0
            for i in indices where totals[i].units > 0 && totals[i].theta > 0 {
                cost += totals[i].costs.retained / totals[i].theta
                units += Double(totals[i].units)
            }
            return units > 0 ? cost / units : 0
        }
        let all = perUnit(Array(totals.indices))
        let ratio = all > 0 ? perUnit(tail) / all : 1
        guard ratio > 1 else { return tilt }
        let target = ratio * job.unitCost.mean
        let claimMean: Double
        if case let .compound(_, z) = job.unitCost { claimMean = z.mean } else { claimMean = 0 }
        func at(_ s: Double) -> Tilt { var t = tilt; t.severity = s; t.claims = s * claimMean; return t }
        func mean(_ s: Double) -> Double { TiltedCostSampler.tiltedMean(job.unitCost, tilt: at(s)) }
        var hi = 1e-9 / max(1, job.unitCost.mean)
        while hi < 1, mean(hi) < target, job.tiltViolation(at(2 * hi)) == nil { hi *= 2 }
        if mean(hi) < target { hi = job.tiltViolation(at(2 * hi)) == nil ? 2 * hi : largestAllowed(below: 2 * hi, from: hi, at, job) }
        var lo = 0.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mean(mid) < target { lo = mid } else { hi = mid }
        }
        return at((lo + hi) / 2)
    }

    /// 0.99 × the largest severity rate in [from, below) that the model allows.
    private static func largestAllowed(below top: Double, from start: Double, _ at: (Double) -> Tilt, _ job: SimulationJob) -> Double {
        var lo = start, hi = top
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if job.tiltViolation(at(mid)) == nil { lo = mid } else { hi = mid }
        }
        return 0.99 * lo
    }

    /// Θ's normal score: the Z with Θ = exp(ζ + σZ) (lognormal) or m + sZ (normal).
    private static func normalScore(_ factor: CostDistribution, _ theta: Double) -> Double {
        switch factor {
        case let .continuous(.lognormal(z, s)): return theta > 0 ? (log(theta) - z) / s : 0
        case let .continuous(.normal(m, s)): return (theta - m) / s
        default: return 0
        }
    }
}
