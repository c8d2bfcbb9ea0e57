import APMRiskKit
import ArgumentParser
import Foundation

struct Stress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stress a contract: scenarios side by side, sensitivities, and reverse stress tests.",
        usage: "apmrisk stress <model> [<mode>] [<options>]",
        discussion: """
        Every run uses the same seed and blocks as the base run (common random numbers), so a change reflects \
        the shock rather than noise; each change comes with its paired Monte Carlo error.

        Modes: scenarios side by side (the default: every scenario of the model, or those named by --scenario, \
        and --shock as one more); --sensitivity, ranked by --metric, with --step sizes; or a reverse stress \
        test, --break METRIC=VALUE along one shock (--along, --range).

        Shocks (NAME=VALUE): trend=0.05 (all costs × 1.05), severity=1.1, frequency=1.2, volume=-0.1, \
        add_on_probability=1.5, catastrophe=0.05:1.3 (probability:multiplier), lognormal_cv=1.25, \
        pareto_shape=0.8, quality_mean=0.8 (the mean of the quality score, its shape kept), or any contract \
        term by its model-file name (price=24000, pmpm=900, attachment=200000, withhold=0.03).

        Examples:
          apmrisk stress Models/knee-replacement-bundle.yaml
          apmrisk stress Models/knee-replacement-bundle.yaml \\
              --shock trend=0.05 --shock volume=-0.1
          apmrisk stress Models/primary-care-capitation.yaml \\
              --sensitivity --metric tvar:0.99
          apmrisk stress Models/knee-replacement-bundle.yaml \\
              --break expected_margin=0 --along trend
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .customLong("scenario"),
            help: ArgumentHelp("Run only the model's scenario with this name (repeatable).", valueName: "name"))
    var scenarioNames: [String] = []

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An ad-hoc shock NAME=VALUE (repeatable); together they form one scenario, "
                + "'command line'.", valueName: "name=value"))
    var shock: [Checked<ShockOption>] = []

    @Flag(help: "Shock each parameter down and up (default ±10%) and rank them by their effect on --metric.")
    var sensitivity = false

    @Option(help: ArgumentHelp("The metric sensitivities rank by: expected_margin, loss_probability, var:LEVEL or "
        + "tvar:LEVEL.", valueName: "metric"))
    var metric = Checked<MetricOption>(argument: "expected_margin")

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A sensitivity step NAME=SIZE overriding the default 0.10 for that parameter "
                + "(repeatable).", valueName: "name=size"))
    var step: [Checked<StepOption>] = []

    @Option(name: .customLong("break"),
            help: ArgumentHelp("Reverse stress: METRIC=VALUE, e.g. expected_margin=0, loss_probability=0.25, "
                + "tvar:0.99=5000000.", valueName: "metric=value"))
    var breakTarget: Checked<BreakOption>?

    @Option(help: ArgumentHelp("The shock to size for --break: trend, severity, frequency, volume, add_on_probability, "
        + "lognormal_cv, pareto_shape, quality_mean or a contract term.", valueName: "shock"))
    var along: Checked<AlongOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The range LO:HI of --along sizes to search (needed for contract terms).", valueName: "lo:hi"))
    var range: Checked<RangeOption>?

    @OptionGroup var options: RunOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        try CommandLineValues.checkRepeats(scenarioNames, option: "--scenario")
        _ = try shock.values()
        _ = try metric.value()
        _ = try step.values()
        _ = try breakTarget?.value()
        _ = try along?.value()
        _ = try range?.value()
        let modes = [sensitivity, breakTarget != nil, !shock.isEmpty || !scenarioNames.isEmpty].filter { $0 }.count
        guard modes <= 1 else {
            throw CommandFailure(message: "choose one of --sensitivity, --break, or scenarios (--scenario/--shock)")
        }
        if breakTarget != nil && along == nil {
            throw ModelError(field: AlongOption.option, rule: "--break needs the shock to size, e.g. --along trend")
        }
        if breakTarget == nil, let option = along != nil ? AlongOption.option : range != nil ? RangeOption.option : nil {
            throw ModelError(field: option, rule: "goes with --break, which is not given")
        }
    }

    func run() throws {
        if PortfolioLoader.isPortfolio(path: model) { return try runPortfolio() }
        if let prefixed = try shock.first(where: { try ShockOption.portfolioShock($0.text).line != nil }) {
            throw ModelError(field: ShockOption.option, rule: "a line prefix needs a portfolio file; this model is one "
                + "contract, got \(MessageText.quoted(prefixed.text))")
        }
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        let loaded = file.model
        let threads = try options.threadCount
        let trials = "\(loaded.run.trials.formatted()) trials"
        let activity = Activity(command: "stress", quiet: progress.quiet, step: "reading the model")
        Interruption.install(control: nil, activity: activity)   // Ctrl-C: stop at once, nothing half-written
        let output: StressOutput
        let recordOutcome: SimulationOutcome
        do {
            if sensitivity {
                let m = try metric.value()
                let steps = try parsedSteps(loaded)
                let count = Sensitivity.parameters(of: loaded, steps: steps).count
                activity.begin("sensitivity of \(m): the base, then \(count) parameters down and up "
                    + "(\(2 * count + 1) runs of \(trials))")
                let result = try Sensitivity.run(loaded, metric: m, steps: steps, threads: threads,
                                                 progress: activity.runs)
                output = .sensitivity(result)
                recordOutcome = result.base.outcome
            } else if breakTarget != nil {
                let search = try reverseSearch(loaded)
                activity.begin("reverse stress along \(search.along) from \(Figure.significant(search.range.0)) to "
                    + "\(Figure.significant(search.range.1)) (runs of \(trials))")
                let result = try ReverseStress.run(loaded, shock: search.along, metric: search.metric, target: search.target,
                                                   range: search.range, threads: threads,
                                                   progress: activity.runs)
                output = .reverse(result)
                recordOutcome = result.outcome
            } else {
                let scenarios = try chosenScenarios(loaded, from: file.scenarios)
                activity.begin("the base and \(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s") "
                    + "(\(scenarios.count + 1) runs of \(trials))")
                let result = try StressComparison.run(loaded, scenarios: scenarios, threads: threads,
                                                      progress: activity.runs)
                output = .comparison(result)
                recordOutcome = result.base.outcome
            }
        } catch let error as ShockError {
            activity.stop()
            throw CommandFailure(message: error.description)
        }
        activity.stop()
        let record = options.record(model: file, settings: loaded.run, outcome: recordOutcome)
        try destination.write(output.render(try options.reportFormat, model: loaded, record: record))
    }

    /// The scenarios to run: those named by `--scenario`, then the `--shock`s as one, else every scenario of the
    /// model; each checked against the model.
    func chosenScenarios(_ m: RiskModel, from named: [Scenario]) throws -> [Scenario] {
        var chosen: [Scenario] = []
        for name in scenarioNames {
            guard let s = named.first(where: { $0.name == name }) else {
                let names = named.map { MessageText.quoted($0.name) }.joined(separator: ", ")
                throw ModelError(field: "--scenario", rule: "the model has no scenario \(MessageText.quoted(name))"
                    + (names.isEmpty ? " (it has none)" : " (it has \(names))"))
            }
            chosen.append(s)
        }
        if !shock.isEmpty {
            let s = Scenario(name: "command line", shocks: try shock.values())
            if case let .failure(e) = s.apply(to: m) { throw CommandFailure(message: "--shock \(e.description)") }
            chosen.append(s)
        }
        if chosen.isEmpty { chosen = named }
        guard !chosen.isEmpty else {
            throw CommandFailure(message: "nothing to stress: the model has no scenarios; give --shock NAME=VALUE, --sensitivity or --break")
        }
        return chosen
    }

    /// The `--step` sizes by parameter, each a parameter of `m`.
    func parsedSteps(_ m: RiskModel) throws -> [String: Double] {
        var steps: [String: Double] = [:]
        let known = Set(Sensitivity.parameters(of: m, steps: [:]).map(\.0))
        for s in try step.values() {
            guard known.contains(s.name) else {
                throw ModelError(field: StepOption.option, rule: "\(MessageText.quoted(s.name)) is not a parameter of this model "
                    + "(\(known.sorted().joined(separator: ", ")))")
            }
            steps[s.name] = s.size
        }
        return steps
    }

    /// What `--break`, `--along` and `--range` ask for, checked against `m` without running anything.
    func reverseSearch(_ m: RiskModel) throws
        -> (metric: RiskMetric, target: Double, along: String, range: (Double, Double))
    {
        guard let breakTarget else { throw ModelError(field: BreakOption.option, rule: "is not given") }
        let (metric, target) = try breakTarget.value()
        guard let along else { throw ModelError(field: AlongOption.option, rule: "--break needs the shock to size, e.g. --along trend") }
        let shock = try along.value()
        let searchRange: (Double, Double)
        if let range {
            searchRange = try range.value()
        } else if let d = ReverseStress.defaultRange(shock, model: m) {
            searchRange = d
        } else {
            throw ModelError(field: RangeOption.option, rule: shock == "quality_mean"
                ? "quality_mean needs a range to search, e.g. --range 0.9:0.5"
                : "a contract term needs a range to search, e.g. --range 15000:25000")
        }
        return (metric, target, shock, searchRange)
    }

    /// `stress` on a portfolio file: the base and scenarios (the file's, `--scenario`s, the `--shock`s as one, a
    /// shock without a line prefix applying to every line), the total's changes with paired errors.
    func runPortfolio() throws {
        if sensitivity || breakTarget != nil {
            throw ModelError(field: sensitivity ? "--sensitivity" : BreakOption.option,
                             rule: "is not available for a portfolio file yet; give scenarios (--scenario/--shock)")
        }
        let file = try options.loadPortfolio(model)
        let destination = try OutputDestination(path: options.output, inputs: [model] + file.lineFiles.map(\.path))
        var chosen: [PortfolioScenario] = []
        for name in scenarioNames {
            guard let s = file.scenarios.first(where: { $0.name == name }) else {
                let names = file.scenarios.map { MessageText.quoted($0.name) }.joined(separator: ", ")
                throw ModelError(field: "--scenario", rule: "the portfolio has no scenario \(MessageText.quoted(name))"
                    + (names.isEmpty ? " (it has none)" : " (it has \(names))"))
            }
            chosen.append(s)
        }
        if !shock.isEmpty {
            let s = PortfolioScenario(name: "command line", shocks: try shock.map { try ShockOption.portfolioShock($0.text) })
            if case let .failure(e) = s.apply(to: file.portfolio) { throw ModelError(field: ShockOption.option, rule: e.description) }
            chosen.append(s)
        }
        if chosen.isEmpty { chosen = file.scenarios }
        guard !chosen.isEmpty else {
            throw CommandFailure(message: "nothing to stress: the portfolio has no scenarios; give --shock [LINE:]NAME=VALUE")
        }
        let activity = Activity(command: "stress", quiet: progress.quiet, step: "the base and \(chosen.count) scenario"
            + "\(chosen.count == 1 ? "" : "s") (\(chosen.count + 1) runs of \(file.portfolio.run.trials.formatted()) trials)")
        Interruption.install(control: nil, activity: activity)
        let result: StressComparison
        do {
            result = try PortfolioStress.run(file.portfolio, scenarios: chosen, threads: try options.threadCount)
        } catch let error as ShockError {
            activity.stop()
            throw CommandFailure(message: error.description)
        }
        activity.stop()
        let record = RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: result.base.settings,
                               outcome: result.base.outcome, modelText: file.text)
        try destination.write(StressOutput.comparison(result).render(try options.reportFormat, model: result.base.model,
                                                                      record: record))
    }
}
