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
        let job = SimulationJob(unitCost: model.unitCost, systematicFactor: model.systematicFactor,
                                contract: model.contract, trials: settings.trials, seed: settings.seed,
                                generator: settings.generator, threads: threads,
                                lowTailFraction: 1 - (settings.levels.min() ?? 0.9))
        let outcome = try Engine.run(job)
        let settlement = model.contract.settlement
        let report = RiskReport(outcome: outcome, levels: settings.levels,
                                revenue: settlement.revenue(expectedUnits: settlement.units.mean))
        return Simulation(model: model, job: job, outcome: outcome, report: report, settings: settings)
    }
}
