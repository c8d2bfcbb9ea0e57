import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// Base and scenarios on the same random numbers, each metric's change with its paired Monte Carlo error.
///
/// Every scenario runs with the base's seed and block layout, and every stream is keyed per trial and purpose
/// (`StreamKey`), so base and scenario share every draw the shock does not change. The paired standard error
/// of a change comes from the per-trial influence terms of the metric on the shared trials (`PairedError`);
/// where none is honest (too few tail trials) the change says why. The unpaired error,
/// √(s.e.²_base + s.e.²_scenario), is what two independent runs would give.
public struct StressComparison: Sendable {
    public struct Change: Sendable {
        public let metric: RiskMetric
        public let base: Double
        public let scenario: Double
        public var change: Double { scenario - base }
        /// +∞ when there is no honest paired error (`note` says why).
        public let pairedStandardError: Double
        public let unpairedStandardError: Double
        /// Why there is no paired standard error, when there is none.
        public let note: String?
        /// Why there is no unpaired standard error (a run's own estimate has none), when there is none;
        /// `unpairedStandardError` is then +∞.
        public let unpairedNote: String?
    }

    public struct ScenarioResult: Sendable {
        public let scenario: Scenario
        public let report: RiskReport
        public let changes: [Change]
    }

    public let base: Simulation
    public let results: [ScenarioResult]
    public let metrics: [RiskMetric]

    /// The fewest trials stress accepts.
    public static let minimumTrials = 320

    /// `progress`, when given, hears of each of the 1 + `scenarios.count` runs and of their trials.
    public static func run(_ model: RiskModel, scenarios: [Scenario], threads: Int,
                           progress: RunProgress? = nil) throws -> StressComparison {
        try requireEnoughTrials(model)
        let runs = scenarios.count + 1
        let base = try Simulation.run(model, threads: threads, keepingLedger: true,
                                      control: progress.control(run: 1, of: runs, "the base"))
        let metrics = RiskMetric.compared(levels: base.settings.levels)
        let baseMargins = try base.ledger!.margins(under: model.contract)
        var results: [ScenarioResult] = []
        for (i, scenario) in scenarios.enumerated() {
            let shocked = try scenario.apply(to: model).get()
            let run = try Simulation.run(shocked, threads: threads, keepingLedger: true,
                                         control: progress.control(run: i + 2, of: runs, "scenario '\(scenario.name)'"))
            let margins = try run.ledger!.margins(under: shocked.contract)
            let changes = metrics.map { metric in
                let b = metric.estimate(in: base.report), s = metric.estimate(in: run.report)
                let paired = PairedError.of(metric, base: baseMargins, base.report, scenario: margins, run.report)
                return Change(metric: metric, base: b.value, scenario: s.value,
                              pairedStandardError: paired.standardError ?? .infinity,
                              unpairedStandardError: (b.standardError * b.standardError + s.standardError * s.standardError).squareRoot(),
                              note: paired.note, unpairedNote: b.errorNote ?? s.errorNote)
            }
            results.append(ScenarioResult(scenario: scenario, report: run.report, changes: changes))
        }
        return StressComparison(base: base, results: results, metrics: metrics)
    }
}

/// Stress compares runs of at least `StressComparison.minimumTrials` trials.
package func requireEnoughTrials(_ model: RiskModel) throws {
    guard model.run.trials >= StressComparison.minimumTrials else {
        throw ModelError(field: "trials", rule: "stress needs at least \(StressComparison.minimumTrials) trials "
            + "for paired errors, got \(model.run.trials)")
    }
}
