/// Base and scenarios on the same random numbers, each metric's change with its paired Monte Carlo error.
///
/// Every scenario runs with the base's seed and blocks, so the draws are shared as far as the shock leaves
/// the draw structure alone (trend, severity, catastrophe and contract terms keep it entirely). The paired
/// standard error of a change comes from batch means: the trials are cut into 32 consecutive batches, the
/// change is computed on each, and its error is their standard deviation / √32. The unpaired error,
/// √(s.e.²_base + s.e.²_scenario), is what two independent runs would give.
public struct StressComparison: Sendable {
    public struct Change: Sendable {
        public let metric: RiskMetric
        public let base: Double
        public let scenario: Double
        public var change: Double { scenario - base }
        public let pairedStandardError: Double
        public let unpairedStandardError: Double
    }

    public struct ScenarioResult: Sendable {
        public let scenario: Scenario
        public let report: RiskReport
        public let changes: [Change]
    }

    public let base: Simulation
    public let results: [ScenarioResult]
    public let metrics: [RiskMetric]

    public static let batches = 32

    /// The fewest trials stress accepts: 32 batches of at least 10 trials.
    public static let minimumTrials = 320

    public static func run(_ model: RiskModel, scenarios: [Scenario], threads: Int) throws -> StressComparison {
        try requireEnoughTrials(model)
        let base = try Simulation.run(model, threads: threads, keepingLedger: true)
        let metrics = RiskMetric.compared(levels: base.settings.levels)
        let lowTail = 1 - base.settings.levels.min()!
        let baseBatches = try batchReports(base.ledger!, contract: model.contract, levels: base.settings.levels, lowTail: lowTail)
        var results: [ScenarioResult] = []
        for scenario in scenarios {
            let shocked = try scenario.apply(to: model).get()
            let run = try Simulation.run(shocked, threads: threads, keepingLedger: true)
            let batches = try batchReports(run.ledger!, contract: shocked.contract, levels: run.settings.levels, lowTail: lowTail)
            let changes = metrics.map { metric in
                let b = metric.estimate(in: base.report), s = metric.estimate(in: run.report)
                let diffs = zip(baseBatches, batches).map { metric.estimate(in: $1).value - metric.estimate(in: $0).value }
                let paired = Moments(of: diffs).standardDeviation / Double(diffs.count).squareRoot()
                return Change(metric: metric, base: b.value, scenario: s.value, pairedStandardError: paired,
                              unpairedStandardError: (b.standardError * b.standardError + s.standardError * s.standardError).squareRoot())
            }
            results.append(ScenarioResult(scenario: scenario, report: run.report, changes: changes))
        }
        return StressComparison(base: base, results: results, metrics: metrics)
    }

    /// Reports on 32 consecutive batches of a run's trials.
    static func batchReports(_ ledger: TrialLedger, contract: Contract, levels: [Double], lowTail: Double) throws -> [RiskReport] {
        let revenue = contract.expectedRevenue
        return try ledger.batches(batches).map {
            RiskReport(outcome: try $0.outcome(under: contract, lowTailFraction: lowTail), levels: levels, revenue: revenue)
        }
    }
}

/// Stress compares batches of trials: too few trials make no batches.
func requireEnoughTrials(_ model: RiskModel) throws {
    guard model.run.trials >= StressComparison.minimumTrials else {
        throw ModelError(field: "trials", rule: "stress needs at least \(StressComparison.minimumTrials) trials "
            + "(32 batches of 10 for paired errors), got \(model.run.trials)")
    }
}
