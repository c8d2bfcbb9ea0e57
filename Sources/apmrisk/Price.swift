import APMRiskKit
import ArgumentParser
import Foundation

struct Price: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve for the price, PMPM, budget or other term that meets risk targets.",
        usage: "apmrisk price <model> --solve <field> [<target>...] [<options>]",
        discussion: """
        Simulates the costs once and solves on that same sample (common random numbers), so the answer is \
        deterministic for a seed. The solution is the least favourable term for the provider that still meets \
        every target: the lowest price, PMPM, budget or benchmark, the highest loss rate, withhold or outlier \
        cap. It comes with a 95% interval (delta method on the binding target; batch means for a P(loss) \
        target) and the full metrics at that value.

        For a portfolio file, --solve LINE:FIELD solves one line's term for targets on the portfolio's \
        total (the other lines' margins are kept trial by trial: common random numbers).

        FIELD: any term of the model's contract in dollars, as a count or as a fraction, by its model-file \
        name: the price-like term of each preset (price, pmpm, benchmark, budget, target_price) or any other \
        (withhold, savings_rate, loss_rate, stop_loss, discount, …); a name the contract lacks is refused \
        with the list it offers. A unit term (outlier_cap, attachment, coinsurance) changes retained costs, \
        so each value tried is simulated again with the same seed and streams (about 30 runs). Targets: \
        --max-loss-probability, --target-margin, --max-tvar, --max-var.

        Examples:
          apmrisk price Models/knee-replacement-bundle.yaml --solve price \\
              --max-loss-probability 0.10
          apmrisk price Models/primary-care-capitation.yaml --solve pmpm \\
              --target-margin 2% --max-tvar 0.99:8000000
          apmrisk price Models/knee-replacement-bundle.yaml --solve price \\
              --grid 22000:26000:500 --format csv
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: ArgumentHelp("The contract term to solve for: price, pmpm, benchmark, budget, target_price, or "
        + "any other dollar, count or fraction term of the model's contract.", valueName: "field"))
    var solve: Checked<SolveOption>

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Target: P(loss) at most this probability, e.g. 0.10.", valueName: "p"))
    var maxLossProbability: Checked<MaxLossProbabilityOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Target: E[M] at least this many dollars, or this share of revenue when written with %, "
                + "e.g. 3%.", valueName: "x"))
    var targetMargin: Checked<TargetMarginOption>?

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Target: TVaR of the loss at LEVEL at most AMOUNT dollars, e.g. 0.99:500000. Repeatable.",
                               valueName: "level:amount"))
    var maxTvar: [Checked<MaxTVaROption>] = []

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Target: VaR of the loss at LEVEL at most AMOUNT dollars, e.g. 0.995:250000. Repeatable.",
                               valueName: "level:amount"))
    var maxVar: [Checked<MaxVaROption>] = []

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Also print metrics at FROM, FROM+STEP, … TO, from the same trials, e.g. 22000:26000:500.",
                               valueName: "from:to:step"))
    var grid: Checked<GridOption>?

    @OptionGroup var options: RunOptions

    @OptionGroup var progress: ProgressOptions

    func validate() throws {
        _ = try solve.value()
        guard try !parsedTargets().isEmpty || grid?.value() != nil else {
            throw CommandFailure(message: "price needs at least one target (--max-loss-probability, --target-margin, "
                + "--max-tvar, --max-var) or a --grid")
        }
    }

    func run() throws {
        if PortfolioLoader.isPortfolio(path: model) { return try runPortfolio() }
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        let loaded = file.model
        let field: PriceField
        switch PriceField.resolve(try solve.value(), in: loaded.contract) {
        case let .success(f): field = f
        case let .failure(e): throw ModelError(field: SolveOption.option, rule: e.description)
        }
        let targets = try parsedTargets()
        let gridValues = try gridValues(field)
        let trials = loaded.run.trials.formatted()
        let activity = Activity(command: "price", quiet: progress.quiet, step: "simulating the costs")
        Interruption.install(control: nil, activity: activity)   // Ctrl-C: stop at once, nothing half-written
        // A term that leaves retained costs alone re-settles the kept totals; a unit term needs no ledger.
        let simulation = try Simulation.run(loaded, threads: try options.threadCount,
                                            keepingLedger: !field.changesRetainedCost,
                                            extraTailLevels: targets.compactMap(\.level),
                                            control: RunControl(progress: activity.report))
        let sample = PriceSample.solving(field, job: simulation.job, ledger: simulation.ledger)
        let solver: PriceSolver
        let solution: PriceSolution?
        do {
            // Which way M moves matters only for a solution, not for a grid.
            let resolved = targets.isEmpty ? field
                : try simulation.ledger.map { try field.resolvingDirection(on: $0, contract: loaded.contract) } ?? field
            solver = PriceSolver(sample: sample, contract: loaded.contract, field: resolved, targets: targets,
                                 levels: simulation.settings.levels, percentiles: simulation.settings.percentiles,
                                 exceedances: simulation.settings.exceedances)
            activity.begin(sample.simulatesAgain
                ? "solving for \(field.rawValue), simulating \(trials) trials again at each value"
                : "solving for \(field.rawValue) on \(trials) trials")
            solution = targets.isEmpty ? nil : try solver.solve()
        } catch let error as PriceError {
            activity.stop()
            throw CommandFailure(message: error.description)
        } catch let error as PriceFieldError {
            activity.stop()
            throw ModelError(field: SolveOption.option, rule: error.description)
        }
        activity.begin("computing the grid of \(gridValues?.count.formatted() ?? "0") values")
        let priceGrid = try gridValues.map { try PriceGrid(solver: solver, values: $0) }
        activity.stop()
        let record = options.record(model: file, settings: simulation.settings, outcome: simulation.outcome)
        let output = PriceOutput(model: loaded, field: solver.field, solution: solution, grid: priceGrid, record: record)
        try destination.write(output.render(try options.reportFormat))
    }

    /// Every target given, each checked.
    func parsedTargets() throws -> [RiskTarget] {
        var targets: [RiskTarget] = []
        if let p = maxLossProbability { targets.append(try p.value()) }
        if let m = targetMargin { targets.append(try m.value()) }
        targets += try maxTvar.values()
        targets += try maxVar.values()
        return targets
    }

    /// The `--grid` values for `field` (fractions within 0 and 1, amounts above 0), if a grid is asked for.
    func gridValues(_ field: PriceField) throws -> [Double]? {
        try grid?.value { try $0.values(isRate: field.isBounded) }
    }

    /// `price` on a portfolio file: `--solve LINE:FIELD`, the targets on the total. The line's trials are
    /// re-settled with the other lines' margins of each trial kept (`PortfolioSimulation.totalLedger`).
    func runPortfolio() throws {
        let text = try solve.value()
        guard let colon = text.lastIndex(of: ":") else {
            throw ModelError(field: SolveOption.option, rule: "on a portfolio must name a line and its term, LINE:FIELD "
                + "(e.g. 'knee bundle:price'), got \(MessageText.quoted(text))")
        }
        let lineName = String(text[..<colon]), term = String(text[text.index(after: colon)...])
        if case .minExpectedMargin(_, true)? = try targetMargin?.value() {
            throw ModelError(field: TargetMarginOption.option, rule: "on a portfolio must be in dollars (a share of "
                + "revenue would be of one line's revenue), got \(MessageText.quoted(targetMargin?.text ?? ""))")
        }
        let file = try options.loadPortfolio(model)
        let names = file.portfolio.lineNames
        guard let index = names.firstIndex(of: lineName) else {
            throw ModelError(field: SolveOption.option, rule: "no line \(MessageText.quoted(lineName)) in the portfolio "
                + "(lines: \(names.joined(separator: ", ")))")
        }
        let line = file.portfolio.lines[index]
        let field: PriceField
        switch PriceField.resolve(term, in: line.model.contract) {
        case let .success(f): field = f
        case let .failure(e): throw ModelError(field: SolveOption.option, rule: e.description)
        }
        guard !field.changesRetainedCost else {
            throw ModelError(field: SolveOption.option, rule: "\(term) changes a line's retained costs; on a portfolio "
                + "only terms that re-settle the same trials can be solved so far")
        }
        let destination = try OutputDestination(path: options.output, inputs: [model] + file.lineFiles.map(\.path))
        let targets = try parsedTargets()
        let gridValues = try gridValues(field)
        let activity = Activity(command: "price", quiet: progress.quiet, step: "simulating the costs")
        Interruption.install(control: nil, activity: activity)
        let simulation = try PortfolioSimulation.run(file.portfolio, extraTailLevels: targets.compactMap(\.level),
                                                     solvingLine: index, threads: try options.threadCount,
                                                     control: RunControl(progress: activity.report))
        let ledger = simulation.totalLedger!
        let solver: PriceSolver
        let solution: PriceSolution?
        do {
            let resolved = targets.isEmpty ? field : try field.resolvingDirection(on: ledger, contract: line.model.contract)
            var portfolioSolver = PriceSolver(sample: .ledger(ledger), contract: line.model.contract, field: resolved,
                                              targets: targets, levels: simulation.settings.levels,
                                              percentiles: simulation.settings.percentiles,
                                              exceedances: simulation.settings.exceedances)
            portfolioSolver.otherRevenue = file.portfolio.lines.enumerated().reduce(0) {
                $1.offset == index ? $0 : $0 + $1.element.model.contract.expectedRevenue
            }
            solver = portfolioSolver
            activity.begin("solving for \(lineName):\(term) on \(simulation.settings.trials.formatted()) trials")
            solution = targets.isEmpty ? nil : try solver.solve()
        } catch let error as PriceError {
            activity.stop()
            throw CommandFailure(message: error.description)
        } catch let error as PriceFieldError {
            activity.stop()
            throw ModelError(field: SolveOption.option, rule: error.description)
        }
        let priceGrid = try gridValues.map { try PriceGrid(solver: solver, values: $0) }
        activity.stop()
        let record = RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: simulation.settings,
                               outcome: simulation.outcome.total, modelText: file.text)
        var shown = line.model
        shown.name = "\(file.portfolio.name ?? file.path): the total, solving line '\(lineName)'"
        shown.warnings = file.portfolio.warnings
        let output = PriceOutput(model: shown, field: solver.field, solution: solution, grid: priceGrid, record: record)
        try destination.write(output.render(try options.reportFormat))
    }
}
