import APMRiskKit
import ArgumentParser
import Foundation

/// The options every simulating command shares. Numeric values are read unconditionally (`--threads -1` is the
/// value -1, refused by its rule, not a missing value followed by an option `-1`).
struct RunOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Number of trials (overrides run.trials); 1e6 works.", valueName: "n"))
    var trials: Checked<TrialsOption>?

    @Option(parsing: .unconditional, help: ArgumentHelp("Run seed, 0 to 2^64-1 (overrides run.seed).", valueName: "seed"))
    var seed: Checked<SeedOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Worker threads (default: all cores). Does not change the figures.", valueName: "n"))
    var threads: Checked<ThreadsOption>?

    @Option(help: ArgumentHelp("GSL generator: taus2 or mt19937 (overrides run.generator).", valueName: "name"))
    var rng: Checked<GeneratorOption>?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("VaR/TVaR levels, comma-separated, e.g. 0.9,0.99 (overrides run.levels).", valueName: "levels"))
    var levels: Checked<LevelsOption>?

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format = Checked<FormatOption>(argument: "table")

    @Option(help: "Percentiles of the margin M to report, in percent, comma-separated, e.g. 1,5,50,95,99.9 (default 1,5,25,50,75,95,99).")
    var percentiles: String?

    @Option(help: "Losses x in dollars at which to report P(L > x) with its standard error, comma-separated, e.g. 1e6,5e6.")
    var exceedance: String?

    @Option(name: [.short, .long],
            help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    /// Checks every value before anything is read or run.
    func validate() throws {
        _ = try trials?.value()
        _ = try seed?.value()
        _ = try threads?.value()
        _ = try rng?.value()
        _ = try levels?.value()
        _ = try format.value()
    }

    /// `--threads`, or every core.
    var threadCount: Int {
        get throws { try threads?.value() ?? ProcessInfo.processInfo.activeProcessorCount }
    }

    /// `--format`.
    var reportFormat: OutputFormat {
        get throws { try format.value() }
    }

    /// The model file at `path`, read once, with this command line's overrides applied to its run settings;
    /// warnings go to stderr.
    func load(_ path: String) throws -> ModelFile {
        var file = try ModelLoader.read(path: path)
        if let trials { file.model.run.trials = try trials.value() }
        if let seed { file.model.run.seed = try seed.value() }
        if let rng { file.model.run.generator = try rng.value() }
        if let levels { file.model.run.levels = try levels.value() }
        try ReportFigures.apply(percentiles: percentiles, exceedance: exceedance, to: &file.model.run)
        for w in file.model.warnings { warn(w) }
        return file
    }

    /// The portfolio file at `path`, read once with its lines' model files, with this command line's overrides
    /// applied to its run settings; warnings go to stderr.
    func loadPortfolio(_ path: String) throws -> PortfolioFile {
        var file = try PortfolioLoader.read(path: path)
        if let trials { file.portfolio.run.trials = try trials.value() }
        if let seed { file.portfolio.run.seed = try seed.value() }
        if let rng { file.portfolio.run.generator = try rng.value() }
        if let levels { file.portfolio.run.levels = try levels.value() }
        try ReportFigures.apply(percentiles: percentiles, exceedance: exceedance, to: &file.portfolio.run)
        for w in file.portfolio.warnings { warn(w) }
        return file
    }

    /// The run record for a model file and its outcome; the SHA-256 is of the bytes the model was parsed from, and
    /// the record keeps their text (for the HTML report).
    func record(model file: ModelFile, settings: RunSettings, outcome: SimulationOutcome) -> RunRecord {
        RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: settings, outcome: outcome, modelText: file.text)
    }
}
