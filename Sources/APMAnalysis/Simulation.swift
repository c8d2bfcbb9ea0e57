import Foundation
import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// One `simulate` run from a validated model: the job, its outcome, and the metrics.
public struct Simulation: Sendable {
    /// apmrisk's version, recorded with every result beside the stream version (`StreamKey.version`).
    public static let version = "0.2.0"

    public let model: RiskModel
    public let job: SimulationJob
    public let outcome: SimulationOutcome
    public let report: RiskReport
    public let settings: RunSettings
    /// Every trial's unit count and retained cost, when asked for (pricing re-settles them).
    public let ledger: TrialLedger?

    /// The histogram, exceedance curve and convergence trace (TVaR at the highest level) of this run's margin.
    public var distribution: MarginDistribution { MarginDistribution(outcome: outcome, levels: settings.levels) }

    /// `base` overridden where the caller gives a value, after checking the thread count (a model run alone and a
    /// portfolio take the same overrides by the same rules).
    package static func runSettings(_ base: RunSettings, trials: Int?, seed: UInt64?, generator: Generator?,
                                    levels: [Double]?, threads: Int) throws -> RunSettings {
        guard threads >= 1 && threads <= ModelLimits.maxThreads else {
            throw ModelError(field: "threads", rule: "must be from 1 to \(ModelLimits.maxThreads.formatted()), got \(threads)")
        }
        var settings = base
        if let trials { settings.trials = trials }
        if let seed { settings.seed = seed }
        if let generator { settings.generator = generator }
        if let levels { settings.levels = levels }
        return settings
    }

    /// Runs `model` with its run settings overridden where the caller gives a value. `keepingLedger` keeps
    /// every trial's totals (`TrialTotals`, 96 bytes a trial); `extraTailLevels` are levels beyond `levels` whose exact tails
    /// must be kept (a pricing target's).
    public static func run(_ model: RiskModel, trials: Int? = nil, seed: UInt64? = nil,
                           generator: Generator? = nil, levels: [Double]? = nil, threads: Int,
                           keepingLedger: Bool = false, extraTailLevels: [Double] = [],
                           control: RunControl? = nil, tailSampling: TailSampling = .off) throws -> Simulation {
        let settings = try runSettings(model.run, trials: trials, seed: seed, generator: generator, levels: levels,
                                       threads: threads)
        let job = try plan(model, settings: settings, threads: threads, keepingLedger: keepingLedger,
                           extraTailLevels: extraTailLevels + [control?.precision?.tailLevel].compactMap { $0 },
                           tailSampling: tailSampling, trialsField: control?.precision != nil ? "--max-trials" : "trials")
        // Under a tilt the histogram and convergence trace would be of the tilted law: none is kept.
        let (outcome, ledger) = try Engine.run(job, keepingLedger: keepingLedger, control: control,
                                               convergenceLevel: job.tilt == nil ? settings.levels.max() : nil,
                                               exceedanceLosses: settings.exceedances)
        let report = RiskReport(outcome: outcome, levels: settings.levels, revenue: model.contract.expectedRevenue,
                                percentiles: settings.percentiles, exceedances: settings.exceedances)
        return Simulation(model: model, job: job, outcome: outcome, report: report, settings: settings,
                          ledger: ledger)
    }

    /// The job that runs `model` under `settings`, with its tilt, after checking the model against the engine's
    /// limits and the run's memory against this machine's: what a run, a shard of it and the merge of its shards
    /// all start from. `trialsField` names the trial count in the error of an importance-sampled run too large.
    package static func plan(_ model: RiskModel, settings: RunSettings, threads: Int, keepingLedger: Bool = false,
                             extraTailLevels: [Double] = [], tailSampling: TailSampling,
                             trialsField: String = "trials") throws -> SimulationJob {
        if let v = ModelLimits.violation(of: model) { throw ModelError(field: v.field, rule: v.rule) }
        let lowTailFraction = 1 - (settings.levels + extraTailLevels).min()!
        let tilt = try tailSampling.tilt(for: model, settings: settings, threads: threads)
        if tilt != nil && settings.trials > WeightedTrials.maximumTrials {
            throw ModelError(field: trialsField,
                             rule: "an importance-sampled run keeps every trial and takes at most "
                                + "\(WeightedTrials.maximumTrials.formatted()) trials, got \(settings.trials.formatted())")
        }
        let bytes = (tilt == nil ? 0 : WeightedTrials.estimatedPeakBytes(trials: settings.trials, contract: model.contract))
            + MarginTails.estimatedPeakBytes(trials: settings.trials, lowTailFraction: lowTailFraction)
            + TailRecords.estimatedPeakBytes(trials: settings.trials, tailFraction: lowTailFraction,
                                             componentCount: model.contract.componentNames.count)
            + (keepingLedger ? Double(MemoryLayout<TrialTotals>.stride) * Double(settings.trials) : 0)
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        if bytes > 0.8 * available {
            let need = String(format: "%.1f", bytes / 1_073_741_824)
            let have = String(format: "%.1f", available / 1_073_741_824)
            throw ModelError(field: "trials", rule: "\(settings.trials) trials need about \(need) GiB to keep the exact "
                + "loss tail\(keepingLedger ? " and every trial's costs" : ""), more than 80% of this machine's \(have) GiB; "
                + "use fewer trials or a higher lowest level")
        }
        var modelWithSettings = model
        modelWithSettings.run = settings
        var job = SimulationJob.job(for: modelWithSettings, threads: threads, lowTailFraction: lowTailFraction)
        job.tilt = tilt
        return job
    }
}
