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
}
