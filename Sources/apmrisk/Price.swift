import APMRiskKit
import ArgumentParser
import Foundation

struct Price: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve for the bundle price, PMPM or benchmark that meets risk targets.",
        usage: "apmrisk price <model> --solve <field> [<target>...] [<options>]",
        discussion: """
        Simulates the costs once and solves on that same sample (common random numbers), so the answer is \
        deterministic for a seed. The solution is the least favourable term for the provider that still meets \
        every target: the lowest price, PMPM, benchmark or savings rate, or the highest loss rate. It comes with \
        a 95% interval (delta method on the binding target; batch means for a P(loss) target) and the full \
        metrics at that value.

        FIELD: price (bundle), pmpm (capitation), benchmark, savings_rate or loss_rate (shared_risk). Targets: \
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

    @Option(help: ArgumentHelp("The contract term to solve for.", valueName: "field"))
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
        let field = try solve.value()
        guard try !parsedTargets().isEmpty || gridValues(field) != nil else {
            throw CommandFailure(message: "price needs at least one target (--max-loss-probability, --target-margin, "
                + "--max-tvar, --max-var) or a --grid")
        }
    }

    func run() throws {
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        let loaded = file.model
        let field = try solve.value()
        guard PriceField.fields(for: loaded.contract).contains(field) else {
            let allowed = PriceField.fields(for: loaded.contract).map(\.rawValue)
            throw ModelError(field: SolveOption.option, rule: "a \(loaded.contract.kind) contract can solve for "
                + allowed.joined(separator: ", ") + ", not \(MessageText.quoted(solve.text))")
        }
        let targets = try parsedTargets()
        let gridValues = try gridValues(field)
        let trials = loaded.run.trials.formatted()
        let activity = Activity(command: "price", quiet: progress.quiet, step: "simulating the costs")
        Interruption.install(control: nil, activity: activity)   // Ctrl-C: stop at once, nothing half-written
        let simulation = try Simulation.run(loaded, threads: try options.threadCount, keepingLedger: true,
                                            extraTailLevels: targets.compactMap(\.level),
                                            control: RunControl(progress: activity.report))
        let solver = PriceSolver(ledger: simulation.ledger!, contract: loaded.contract, field: field,
                                 targets: targets, levels: simulation.settings.levels,
                                 percentiles: simulation.settings.percentiles, exceedances: simulation.settings.exceedances)
        let solution: PriceSolution?
        do {
            activity.begin("solving for \(field.rawValue) on \(trials) trials")
            solution = targets.isEmpty ? nil : try solver.solve()
        } catch let error as PriceError {
            activity.stop()
            throw CommandFailure(message: error.description)
        }
        activity.begin("computing the grid of \(gridValues?.count.formatted() ?? "0") values")
        let priceGrid = try gridValues.map { try PriceGrid(solver: solver, values: $0) }
        activity.stop()
        let record = options.record(model: file, settings: simulation.settings, outcome: simulation.outcome)
        let output = PriceOutput(model: loaded, field: field, solution: solution, grid: priceGrid, record: record)
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

    /// The `--grid` values for `field` (rates within 0 and 1, prices above 0), if a grid is asked for.
    func gridValues(_ field: PriceField) throws -> [Double]? {
        try grid?.value { try $0.values(isRate: field.isRate) }
    }
}
