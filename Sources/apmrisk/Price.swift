import APMRiskKit
import ArgumentParser
import Foundation

struct Price: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve for the bundle price, PMPM or benchmark that meets risk targets.",
        discussion: """
        Simulates the costs once and solves on that same sample (common random numbers), so the answer is
        deterministic for a seed. The solution is the least favourable term for the provider that still meets
        every target: the lowest price, PMPM, benchmark or savings rate, or the highest loss rate. It comes with a
        95% interval (delta method on the binding target; batch means for a P(loss) target) and the full metrics
        at that value.

        FIELD: price (bundle), pmpm (capitation), benchmark, savings_rate or loss_rate (shared_risk).

        Examples:
          apmrisk price Models/knee-replacement-bundle.yaml --solve price --max-loss-probability 0.10
          apmrisk price Models/primary-care-capitation.yaml --solve pmpm --target-margin 2% --max-tvar 0.99:8000000
          apmrisk price Models/knee-replacement-bundle.yaml --solve price --grid 22000:26000:500 --format csv
        """
    )

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: "The contract term to solve for: price, pmpm, benchmark, savings_rate or loss_rate.")
    var solve: String

    @Option(help: "Target: P(loss) at most this probability, e.g. 0.10.", transform: CommandLineValues.finiteNumber)
    var maxLossProbability: Double?

    @Option(help: "Target: E[M] at least this many dollars, or this share of revenue when written with %, e.g. 3%.")
    var targetMargin: String?

    @Option(help: "Target: TVaR of the loss at LEVEL at most AMOUNT dollars, e.g. 0.99:500000. Repeatable.")
    var maxTvar: [String] = []

    @Option(help: "Target: VaR of the loss at LEVEL at most AMOUNT dollars, e.g. 0.995:250000. Repeatable.")
    var maxVar: [String] = []

    @Option(help: "Also print metrics at FROM, FROM+STEP, … TO, from the same trials, e.g. 22000:26000:500.")
    var grid: String?

    @OptionGroup var options: RunOptions

    func run() throws {
        let destination = try OutputDestination(path: options.output, inputs: [model])
        let file = try options.load(model)
        let loaded = file.model
        Interruption.install(control: nil)   // Ctrl-C: stop at once, nothing half-written
        guard let field = PriceField(rawValue: solve), PriceField.fields(for: loaded.contract).contains(field) else {
            let allowed = PriceField.fields(for: loaded.contract).map(\.rawValue)
            throw CommandFailure(message: "--solve: a \(loaded.contract.kind) contract can solve for "
                + allowed.joined(separator: ", ") + ", not \(MessageText.quoted(solve))")
        }
        let targets = try parsedTargets()
        let gridValues = try grid.map { try CommandLineValues.grid($0, isRate: field.isRate) }
        guard !targets.isEmpty || gridValues != nil else {
            throw CommandFailure(message: "price needs at least one target (--max-loss-probability, --target-margin, "
                + "--max-tvar, --max-var) or a --grid")
        }
        let simulation = try Simulation.run(loaded, threads: options.threads, keepingLedger: true,
                                            extraTailLevels: targets.compactMap(\.level))
        let solver = PriceSolver(ledger: simulation.ledger!, contract: loaded.contract, field: field,
                                 targets: targets, levels: simulation.settings.levels,
                                 percentiles: simulation.settings.percentiles, exceedances: simulation.settings.exceedances)
        let solution: PriceSolution?
        do {
            solution = targets.isEmpty ? nil : try solver.solve()
        } catch let error as PriceError {
            throw CommandFailure(message: error.description)
        }
        let priceGrid = try gridValues.map { try PriceGrid(solver: solver, values: $0) }
        let record = options.record(model: file, settings: simulation.settings, outcome: simulation.outcome)
        let output = PriceOutput(model: loaded, field: field, solution: solution, grid: priceGrid, record: record)
        try destination.write(output.render(options.format))
    }

    func parsedTargets() throws -> [RiskTarget] {
        try CommandLineValues.checkRepeats(maxTvar, option: "--max-tvar")
        try CommandLineValues.checkRepeats(maxVar, option: "--max-var")
        var targets: [RiskTarget] = []
        if let p = maxLossProbability {
            guard p >= 0 && p < 1 else {
                throw ModelError(field: "--max-loss-probability", rule: "must be a probability from 0 up to (not including) 1, got \(p)")
            }
            targets.append(.maxLossProbability(p))
        }
        if let m = targetMargin { targets.append(try CommandLineValues.margin(m)) }
        for t in maxTvar {
            let (level, amount) = try CommandLineValues.levelAmount(t, option: "--max-tvar")
            targets.append(.maxTailValueAtRisk(level: level, amount: amount))
        }
        for t in maxVar {
            let (level, amount) = try CommandLineValues.levelAmount(t, option: "--max-var")
            targets.append(.maxValueAtRisk(level: level, amount: amount))
        }
        return targets
    }
}
