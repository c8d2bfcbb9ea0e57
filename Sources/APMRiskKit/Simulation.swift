import Foundation

/// One `simulate` run from a validated model: the job, its outcome, and the metrics.
public struct Simulation: Sendable {
    /// apmrisk's version, recorded with every result (a change of version may change the random streams).
    public static let version = "0.1.0"

    public let model: RiskModel
    public let job: SimulationJob
    public let outcome: SimulationOutcome
    public let report: RiskReport
    public let settings: RunSettings

    /// Runs `model` with its run settings overridden where the caller gives a value.
    public static func run(_ model: RiskModel, trials: Int? = nil, seed: UInt64? = nil,
                           generator: Generator? = nil, levels: [Double]? = nil, threads: Int) throws -> Simulation {
        var settings = model.run
        if let trials { settings.trials = trials }
        if let seed { settings.seed = seed }
        if let generator { settings.generator = generator }
        if let levels { settings.levels = levels }
        let lowTailFraction = 1 - (settings.levels.min() ?? 0.9)
        let bytes = MarginTails.estimatedPeakBytes(trials: settings.trials, lowTailFraction: lowTailFraction)
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        if bytes > 0.8 * available {
            let need = String(format: "%.1f", bytes / 1_073_741_824)
            let have = String(format: "%.1f", available / 1_073_741_824)
            throw ModelError(field: "trials", rule: "\(settings.trials) trials need about \(need) GiB to keep the exact "
                + "loss tail, more than 80% of this machine's \(have) GiB; use fewer trials or a higher lowest level")
        }
        let job = SimulationJob(unitCost: model.unitCost, systematicFactor: model.systematicFactor,
                                contract: model.contract, trials: settings.trials, seed: settings.seed,
                                generator: settings.generator, threads: threads,
                                lowTailFraction: lowTailFraction)
        let outcome = try Engine.run(job)
        let settlement = model.contract.settlement
        let report = RiskReport(outcome: outcome, levels: settings.levels,
                                revenue: settlement.revenue(expectedUnits: settlement.units.mean))
        return Simulation(model: model, job: job, outcome: outcome, report: report, settings: settings)
    }
}
