import APMContracts
import APMEngine
import APMRisk
import APMSampling
import APMSupport

/// A shock to a portfolio: to one line (`line`), or to every line when `line` is nil — except a catastrophe,
/// which without a line is the portfolio's shared one (every line's costs, one event a trial) and with a line
/// that line's own (drawn from the line's streams).
public struct PortfolioShock: Sendable, Hashable, CustomStringConvertible {
    public var line: String?
    public var shock: Shock

    public init(line: String?, shock: Shock) {
        self.line = line
        self.shock = shock
    }

    /// As written: `aco:trend=0.05`, or `trend=0.05` for every line.
    public var description: String { (line.map { $0 + ":" } ?? "") + shock.description }
}

/// A named list of portfolio shocks.
public struct PortfolioScenario: Sendable, Hashable {
    public var name: String
    public var shocks: [PortfolioShock]

    public init(name: String, shocks: [PortfolioShock]) {
        self.name = name
        self.shocks = shocks
    }

    /// `portfolio` with every shock applied in order, or the one-line reason it cannot be: an unknown line, or a
    /// shock a line refuses (a contract term the line's contract lacks, when shocking every line).
    public func apply(to portfolio: Portfolio) -> Result<Portfolio, ShockError> {
        var p = portfolio
        for s in shocks {
            if let line = s.line, !p.lineNames.contains(line) {
                return .failure(ShockError(shock: s.description, rule: "unknown line \(MessageText.quoted(line)) "
                    + "(lines: \(p.lineNames.joined(separator: ", ")))"))
            }
            if s.line == nil, case let .catastrophe(probability, multiplier) = s.shock {
                guard probability >= 0 && probability <= 1 && multiplier > 0 else {
                    return .failure(ShockError(shock: s.description, rule: "needs a probability from 0 to 1 and a multiplier above 0"))
                }
                p.catastrophe = Catastrophe(probability: probability, multiplier: multiplier)
                continue
            }
            for i in p.lines.indices where s.line == nil || p.lines[i].name == s.line {
                switch s.shock.apply(to: p.lines[i].model) {
                case let .success(m): p.lines[i].model = m
                case let .failure(e):
                    return .failure(ShockError(shock: s.description, rule: "line \(MessageText.quoted(p.lines[i].name)): \(e.description)"))
                }
            }
        }
        return .success(p)
    }
}

/// A portfolio's base and scenarios on common random numbers: the total's metrics in each, and each metric's
/// change with its paired standard error from the per-trial influence terms on the shared trials (`PairedError`),
/// as `StressComparison` does for one model. Every scenario runs with the base's seed and blocks; each line
/// keeps its streams (keyed by its name), so a shock to one line leaves every other line's draws alone.
public enum PortfolioStress {
    /// The comparison, shaped as a model's (`StressComparison`) for the stress output: its `base` is the
    /// portfolio's total (`model` names the portfolio; its contract is the first line's, for the header), and each
    /// scenario's name lists its shocks with their lines.
    public static func run(_ portfolio: Portfolio, scenarios: [PortfolioScenario], threads: Int,
                           control: RunControl? = nil) throws -> StressComparison {
        guard portfolio.run.trials >= StressComparison.minimumTrials else {
            throw ModelError(field: "trials", rule: "stress needs at least \(StressComparison.minimumTrials) trials "
                + "for paired errors, got \(portfolio.run.trials)")
        }
        let base = try PortfolioSimulation.run(portfolio, threads: threads, control: control)
        var pinned = portfolio
        pinned.run.blockTrials = base.job.blockTrials
        let metrics = RiskMetric.compared(levels: base.settings.levels)
        let baseMargins = totals(base)
        var results: [StressComparison.ScenarioResult] = []
        for scenario in scenarios {
            let shocked = try scenario.apply(to: pinned).get()
            let run = try PortfolioSimulation.run(shocked, threads: threads, control: control)
            let margins = totals(run)
            let changes = metrics.map { metric in
                let b = metric.estimate(in: base.total), s = metric.estimate(in: run.total)
                let paired = PairedError.of(metric, base: baseMargins, base.total, scenario: margins, run.total)
                return StressComparison.Change(metric: metric, base: b.value, scenario: s.value,
                                               pairedStandardError: paired.standardError ?? .infinity,
                                               unpairedStandardError: (b.standardError * b.standardError + s.standardError * s.standardError).squareRoot(),
                                               note: paired.note, unpairedNote: b.errorNote ?? s.errorNote)
            }
            let shown = Scenario(name: "\(scenario.name) [\(scenario.shocks.map(\.description).joined(separator: ", "))]",
                                 shocks: [])
            results.append(StressComparison.ScenarioResult(scenario: shown, report: run.total, changes: changes))
        }
        var model = portfolio.lines[0].model
        model.name = "\(portfolio.name ?? "portfolio"): the total of \(portfolio.lines.count) lines"
        model.warnings = portfolio.warnings
        let total = Simulation(model: model, job: base.job.lines[0].job, outcome: base.outcome.total, report: base.total,
                               settings: base.settings, ledger: nil)
        return StressComparison(base: total, results: results, metrics: metrics)
    }

    /// Every trial's total margin, the lines summed in line order as the engine sums them.
    private static func totals(_ s: PortfolioSimulation) -> [Double] {
        guard let lines = s.outcome.lineMargins, let first = lines.first else { return [] }
        var out = first.map { _ in 0.0 }
        for margins in lines { for t in out.indices { out[t] += margins[t] } }
        return out
    }
}
