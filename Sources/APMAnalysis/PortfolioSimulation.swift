import Foundation
import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// One `simulate` run of a portfolio: the job, its outcome, and the metrics of the total and of each line, the
/// diversification benefit and the Euler allocation of the total's TVaR at each level.
public struct PortfolioSimulation: Sendable {
    public let portfolio: Portfolio
    public let job: PortfolioJob
    public let outcome: PortfolioOutcome
    public let settings: RunSettings
    /// The total M = Σᵢ Mᵢ: every metric with its error (no breakdown: the allocation takes the total apart).
    public let total: RiskReport
    /// Each line's metrics, breakdown and tail breakdown, as the line's model alone reports them.
    public let lines: [RiskReport]
    /// Σᵢ TVaR(Lᵢ) − TVaR(L) at each level.
    public let diversification: [Diversification]
    /// The Euler allocation of the total's TVaR to the lines (and their components) at each level.
    public let allocations: [TailAllocation]
    /// The index of the line whose trials' totals were kept (`run`'s `solvingLine`).
    public let solvingLine: Int?

    /// The trials of the line being solved (`run`'s `solvingLine`), each margin shifted by the other lines'
    /// margins of the trial: re-settled under the line's terms, they give the portfolio's total (common random
    /// numbers: every other line's margin is kept exactly).
    public var totalLedger: TrialLedger? {
        guard let ledger = outcome.ledger, let margins = outcome.lineMargins, let i = solvingLine else { return nil }
        let others = (0..<ledger.trials).map { t in
            var sum = 0.0
            for j in margins.indices where j != i { sum += margins[j][t] }
            return sum
        }
        return ledger.offset(by: others)
    }

    /// The histogram, exceedance curve and convergence trace of the total's margin.
    public var distribution: MarginDistribution { MarginDistribution(outcome: outcome.total, levels: settings.levels) }

    /// Runs `portfolio` with its run settings overridden where the caller gives a value.
    public static func run(_ portfolio: Portfolio, trials: Int? = nil, seed: UInt64? = nil, generator: Generator? = nil,
                           levels: [Double]? = nil, extraTailLevels: [Double] = [], solvingLine: Int? = nil,
                           threads: Int, control: RunControl? = nil) throws -> PortfolioSimulation {
        let settings = try Simulation.runSettings(portfolio.run, trials: trials, seed: seed, generator: generator,
                                                  levels: levels, threads: threads)
        for line in portfolio.lines {
            var model = line.model
            model.run = settings
            if let v = ModelLimits.violation(of: model) {
                throw ModelError(field: "portfolio.lines.\(line.name).\(v.field)", rule: v.rule)
            }
        }
        let lowTailFraction = 1 - (settings.levels + extraTailLevels).min()!
        let components = portfolio.lines.reduce(portfolio.lines.count) { $0 + $1.model.contract.componentNames.count }
        let bytes = Double(portfolio.lines.count + 1) * MarginTails.estimatedPeakBytes(trials: settings.trials, lowTailFraction: lowTailFraction)
            + TailRecords.estimatedPeakBytes(trials: settings.trials, tailFraction: lowTailFraction, componentCount: 2 * components)
            + 8 * Double(portfolio.lines.count) * Double(settings.trials)
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        if bytes > 0.8 * available {
            let need = String(format: "%.1f", bytes / 1_073_741_824)
            throw ModelError(field: "trials", rule: "\(settings.trials) trials of \(portfolio.lines.count) lines need about "
                + "\(need) GiB (every line's margins and the exact tails), more than 80% of this machine's memory; use fewer trials")
        }
        var withSettings = portfolio
        withSettings.run = settings
        let job = PortfolioJob.job(for: withSettings, threads: threads, lowTailFraction: lowTailFraction)
        let outcome = try PortfolioEngine.run(job, keepingLineMargins: true, keepingLedgerOf: solvingLine, control: control,
                                              convergenceLevel: settings.levels.max(), exceedanceLosses: settings.exceedances)
        var totalOutcome = outcome.total
        totalOutcome.breakdown = nil
        totalOutcome.tailTrials = nil
        let revenue = portfolio.lines.reduce(0) { $0 + $1.model.contract.expectedRevenue }
        let total = RiskReport(outcome: totalOutcome, levels: settings.levels, revenue: revenue,
                               percentiles: settings.percentiles, exceedances: settings.exceedances)
        let lines = zip(portfolio.lines, outcome.lines).map { line, o in
            RiskReport(outcome: o, levels: settings.levels, revenue: line.model.contract.expectedRevenue,
                       percentiles: settings.percentiles, exceedances: settings.exceedances)
        }
        let diversification = settings.levels.map {
            Diversification.estimate(level: $0, total: total, lines: lines, lineMargins: outcome.lineMargins ?? [])
        }
        let allocations = settings.levels.compactMap { level in
            outcome.total.tailTrials.flatMap {
                TailAllocation.estimate(level: level, trials: outcome.total.trials, records: $0, lines: portfolio.lines.count)
            }
        }
        return PortfolioSimulation(portfolio: portfolio, job: job, outcome: outcome, settings: settings, total: total,
                                   lines: lines, diversification: diversification, allocations: allocations,
                                   solvingLine: solvingLine)
    }
}
