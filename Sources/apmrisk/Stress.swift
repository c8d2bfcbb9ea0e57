import APMRiskKit
import ArgumentParser
import Foundation

struct Stress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stress a contract: scenarios side by side, sensitivities, and reverse stress tests.",
        discussion: """
        Every run uses the same seed and blocks as the base run (common random numbers), so a change reflects
        the shock rather than noise; each change comes with its paired Monte Carlo error.

        Shocks (NAME=VALUE): trend=0.05 (all costs × 1.05), severity=1.1, frequency=1.2, volume=-0.1,
        add_on_probability=1.5, catastrophe=0.05:1.3 (probability:multiplier), lognormal_cv=1.25,
        pareto_shape=0.8, or any contract term by its model-file name (price=24000, pmpm=900, attachment=200000).

        Examples:
          apmrisk stress Models/knee-replacement-bundle.yaml
          apmrisk stress Models/knee-replacement-bundle.yaml --shock trend=0.05 --shock volume=-0.1
          apmrisk stress Models/primary-care-capitation.yaml --sensitivity --metric tvar:0.99
          apmrisk stress Models/knee-replacement-bundle.yaml --break expected_margin=0 --along trend
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .customLong("scenario"), help: "Run only the model's scenario with this name (repeatable).")
    var scenarioNames: [String] = []

    @Option(help: "An ad-hoc shock NAME=VALUE (repeatable); together they form one scenario, 'command line'.")
    var shock: [String] = []

    @Flag(help: "Shock each parameter down and up (default ±10%) and rank them by their effect on --metric.")
    var sensitivity = false

    @Option(help: "The metric sensitivities rank by: expected_margin, loss_probability, var:LEVEL or tvar:LEVEL.")
    var metric: String = "expected_margin"

    @Option(help: "A sensitivity step NAME=SIZE overriding the default 0.10 for that parameter (repeatable).")
    var step: [String] = []

    @Option(name: .customLong("break"), help: "Reverse stress: METRIC=VALUE, e.g. expected_margin=0, loss_probability=0.25, tvar:0.99=5000000.")
    var breakTarget: String?

    @Option(help: "The shock to size for --break: trend, severity, frequency, volume, add_on_probability, lognormal_cv, pareto_shape or a contract term.")
    var along: String?

    @Option(help: "The range LO:HI of --along sizes to search (needed for contract terms).")
    var range: String?

    @OptionGroup var options: RunOptions

    func run() throws {
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        let loaded = file.model
        Interruption.install(control: nil)   // Ctrl-C: stop at once, nothing half-written
        let output: StressOutput
        let recordOutcome: SimulationOutcome
        let modes = [sensitivity, breakTarget != nil, !shock.isEmpty || !scenarioNames.isEmpty].filter { $0 }.count
        guard modes <= 1 else {
            throw CommandFailure(message: "choose one of --sensitivity, --break, or scenarios (--scenario/--shock)")
        }
        do {
            if sensitivity {
                let m = try parsedMetric(metric, option: "--metric")
                let result = try Sensitivity.run(loaded, metric: m, steps: try parsedSteps(loaded), threads: options.threads)
                output = .sensitivity(result)
                recordOutcome = result.base.outcome
            } else if let breakTarget {
                let result = try reverse(loaded, breakTarget)
                output = .reverse(result)
                recordOutcome = result.outcome
            } else {
                let scenarios = try chosenScenarios(loaded, from: file.scenarios)
                let result = try StressComparison.run(loaded, scenarios: scenarios, threads: options.threads)
                output = .comparison(result)
                recordOutcome = result.base.outcome
            }
        } catch let error as ShockError {
            throw CommandFailure(message: error.description)
        }
        let record = options.record(model: file, settings: loaded.run, outcome: recordOutcome)
        try destination.write(output.render(options.format, model: loaded, record: record))
    }

    func chosenScenarios(_ m: RiskModel, from named: [Scenario]) throws -> [Scenario] {
        try CommandLineValues.checkRepeats(scenarioNames, option: "--scenario")
        try CommandLineValues.checkRepeats(shock, option: "--shock")
        var chosen: [Scenario] = []
        for name in scenarioNames {
            guard let s = named.first(where: { $0.name == name }) else {
                let names = named.map { MessageText.quoted($0.name) }.joined(separator: ", ")
                throw CommandFailure(message: "--scenario: the model has no scenario \(MessageText.quoted(name))"
                    + (names.isEmpty ? " (it has none)" : " (it has \(names))"))
            }
            chosen.append(s)
        }
        if !shock.isEmpty {
            let s = Scenario(name: "command line", shocks: try shock.map(CommandLineValues.shock))
            if case let .failure(e) = s.apply(to: m) { throw CommandFailure(message: "--shock \(e.description)") }
            chosen.append(s)
        }
        if chosen.isEmpty { chosen = named }
        guard !chosen.isEmpty else {
            throw CommandFailure(message: "nothing to stress: the model has no scenarios; give --shock NAME=VALUE, --sensitivity or --break")
        }
        return chosen
    }

    func parsedMetric(_ text: String, option: String) throws -> RiskMetric {
        guard let m = RiskMetric(text) else {
            throw ModelError(field: option, rule: "must be expected_margin, loss_probability, var:LEVEL or tvar:LEVEL, got \(MessageText.quoted(text))")
        }
        return m
    }

    func parsedSteps(_ m: RiskModel) throws -> [String: Double] {
        try CommandLineValues.checkRepeats(step, option: "--step")
        var steps: [String: Double] = [:]
        let known = Set(Sensitivity.parameters(of: m, steps: [:]).map(\.0))
        for s in step {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let v = try CommandLineValues.finite(parts[1], option: "--step"), v > 0, v < 1 else {
                throw ModelError(field: "--step", rule: "must be NAME=SIZE with 0 < SIZE < 1, got \(MessageText.quoted(s))")
            }
            guard known.contains(parts[0]) else {
                throw ModelError(field: "--step", rule: "\(MessageText.quoted(parts[0])) is not a parameter of this model (\(known.sorted().joined(separator: ", ")))")
            }
            steps[parts[0]] = v
        }
        return steps
    }

    func reverse(_ m: RiskModel, _ text: String) throws -> ReverseStress {
        let search = try reverseSearch(m, text)
        return try ReverseStress.run(m, shock: search.along, metric: search.metric, target: search.target,
                                     range: search.range, threads: options.threads)
    }

    /// What `--break`, `--along` and `--range` ask for, checked without running anything.
    func reverseSearch(_ m: RiskModel, _ text: String) throws
        -> (metric: RiskMetric, target: Double, along: String, range: (Double, Double))
    {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let target = try CommandLineValues.finite(parts[1], option: "--break") else {
            throw ModelError(field: "--break", rule: "must be METRIC=VALUE, e.g. expected_margin=0, got \(MessageText.quoted(text))")
        }
        let metric = try parsedMetric(parts[0], option: "--break")
        guard let along else { throw ModelError(field: "--along", rule: "--break needs the shock to size, e.g. --along trend") }
        guard along != "catastrophe", Shock.named(along, size: 1) != nil else {
            throw ModelError(field: "--along", rule: "must be one of trend, severity, frequency, volume, add_on_probability, "
                + "lognormal_cv, pareto_shape or a contract term, got \(MessageText.quoted(along))")
        }
        let searchRange: (Double, Double)
        if let range {
            let r = try range.split(separator: ":", omittingEmptySubsequences: false).map { try CommandLineValues.finite($0, option: "--range") }
            guard r.count == 2, let lo = r[0], let hi = r[1], lo != hi else {
                throw ModelError(field: "--range", rule: "must be LO:HI with two different numbers, got \(MessageText.quoted(range))")
            }
            searchRange = (lo, hi)
        } else if let d = ReverseStress.defaultRange(along, model: m) {
            searchRange = d
        } else {
            throw ModelError(field: "--range", rule: "a contract term needs a range to search, e.g. --range 15000:25000")
        }
        return (metric, target, along, searchRange)
    }
}
