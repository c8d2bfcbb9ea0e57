import APMRiskKit
import ArgumentParser
import Foundation

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit cost distributions (or claim-count distributions) to a column of a claims CSV file.",
        usage: "apmrisk fit <file.csv> --column <name> [<options>]",
        discussion: """
        Maximum likelihood for each family, with standard errors from the observed information, log-likelihood, \
        AIC and BIC, and goodness of fit (Kolmogorov–Smirnov, Anderson–Darling) with p-values by parametric \
        bootstrap (GSL draws, seeded: the same on any thread count). Zeros are reported as probability_zero and the \
        positive values fitted. With --counts, Poisson against negative binomial with two overdispersion tests. \
        --emit-model writes the best fit as a model-file block, with a comment saying how it was chosen.

        Examples:
          apmrisk fit claims.csv --column cost
          apmrisk fit claims.csv --column cost --by episode_type --families lognormal,gamma
          apmrisk fit claims.csv --column cost --emit-model cost.yaml
          apmrisk fit members.csv --column claims --counts
        """
    )

    @Argument(help: "The claims file: CSV with a header row.")
    var file: String

    @Option(help: ArgumentHelp("The column to fit.", valueName: "name"))
    var column: String

    @Option(help: ArgumentHelp("Fit each value of this column separately.", valueName: "name"))
    var by: String?

    @Option(help: ArgumentHelp("Fit only this group of --by.", valueName: "value"))
    var group: String?

    @Option(help: ArgumentHelp("Cost families to fit, comma-separated (default: lognormal,gamma,weibull,pareto,exponential).",
                               valueName: "list"))
    var families: Checked<FamiliesOption>?

    @Flag(help: "The column holds claim counts: fit Poisson and negative binomial.")
    var counts = false

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Fit the Pareto to the values at or above this cost, its scale fixed there (default: the sample minimum).",
                               valueName: "dollars"))
    var paretoThreshold: Checked<ThresholdOption>?

    @Option(parsing: .unconditional, help: ArgumentHelp("Parametric bootstrap replicates for the p-values (default 199).", valueName: "n"))
    var bootstrap: Checked<BootstrapOption>?

    @Flag(help: "Also fit a two-component lognormal mixture by EM (s.e. by bootstrap).")
    var mixture = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap seed, 0 to 2^64-1 (default 20261123).", valueName: "seed"))
    var seed: Checked<SeedOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Worker threads for the bootstrap (default: all cores). Does not change the figures.", valueName: "n"))
    var threads: Checked<ThreadsOption>?

    @Option(help: ArgumentHelp("Output format: table, json, csv, or html (a page with each fit's QQ and PP plots).",
                               valueName: "format"))
    var format = Checked<FormatOption>(argument: "table")

    @Option(name: [.short, .long],
            help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Also write the best fit as a model-file block (YAML) to this file.", valueName: "file"))
    var emitModel: String?

    @Flag(help: "With --emit-model: add the estimates' covariance, so each trial draws the parameters (parameter risk).")
    var parameterRisk = false

    @Option(help: ArgumentHelp("With --emit-model: write this model file with its cost: block replaced by the fit.",
                               valueName: "model"))
    var template: String?

    func validate() throws {
        _ = try families?.value()
        _ = try paretoThreshold?.value()
        _ = try bootstrap?.value()
        _ = try seed?.value()
        _ = try threads?.value()
        _ = try format.value()
        if counts && (families != nil || paretoThreshold != nil || mixture) {
            throw CommandFailure(message: "--counts fits Poisson and negative binomial; --families, --pareto-threshold and --mixture are for costs")
        }
        if group != nil && by == nil { throw CommandFailure(message: "--group needs --by") }
        if parameterRisk && (emitModel == nil || counts) {
            throw CommandFailure(message: "--parameter-risk needs --emit-model and a cost fit (not --counts)")
        }
        if template != nil && (emitModel == nil || counts) {
            throw CommandFailure(message: "--template needs --emit-model and a cost fit (not --counts)")
        }
        if emitModel != nil && by != nil && group == nil {
            throw CommandFailure(message: "--emit-model writes one fit: with --by, choose the group with --group")
        }
    }

    func run() throws {
        let destination = try OutputDestination(path: output, inputs: [file])
        let modelDestination = try emitModel.map { try OutputDestination(path: $0, inputs: [file] + (template.map { [$0] } ?? [])) }
        let templateText = try template.map { path -> String in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ModelError(file: path, field: "--template", rule: "cannot read the model file")
            }
            _ = try ModelLoader.parse(text, file: path)
            return text
        }
        let data = try ClaimsColumn.read(path: file, column: column, by: by, counts: counts)
        var groups = data.byGroup
        if let group {
            groups = groups.filter { $0.group == group }
            guard !groups.isEmpty else {
                throw ModelError(field: "--group", rule: "column \(MessageText.quoted(by ?? "")) has no value \(MessageText.quoted(group))")
            }
        }
        var options = ColumnFit.Options()
        options.families = try families?.value() ?? CostFamily.allCases
        options.paretoThreshold = try paretoThreshold?.value()
        options.replicates = try bootstrap?.value() ?? 199
        options.seed = try seed?.value() ?? 20_261_123
        options.threads = try threads?.value() ?? ProcessInfo.processInfo.activeProcessorCount
        options.mixture = mixture
        let kind: FitReport.Kind = counts
            ? .counts(groups.map { ($0.group, CountFit($0.values)) })
            : .costs(try groups.map { try ColumnFit($0.values, column: column, group: $0.group, options: options) })
        var report = FitReport(file: file, column: column, by: by, kind: kind, replicates: options.replicates, seed: options.seed)
        report.parameterRisk = parameterRisk
        if let modelDestination, let emitModel {
            var text = report.modelBlock()
            if let templateText, let template {
                guard let model = report.model(fromTemplate: templateText) else {
                    throw ModelError(file: template, field: "cost", rule: "the template has no top-level cost: block to replace")
                }
                // The fitted model must load before it is written; a fit that cannot be a model is reported here.
                _ = try ModelLoader.parse(model, file: emitModel)
                text = model
            }
            try modelDestination.write(text)
        }
        let format = try format.value()
        try destination.write(format.data.map { report.render($0) } ?? FitPage.render(report))
    }
}
