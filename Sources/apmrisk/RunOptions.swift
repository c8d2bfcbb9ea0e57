import APMRiskKit
import ArgumentParser
import Foundation

/// The options every simulating command shares.
struct RunOptions: ParsableArguments {
    @Option(help: "Number of trials (overrides run.trials).", transform: CommandLineValues.wholeNumber)
    var trials: Int?

    @Option(help: "Run seed, 0 to 2^64-1 (overrides run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Does not change the figures.", transform: CommandLineValues.wholeNumber)
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "GSL generator name, e.g. taus2 or mt19937 (overrides run.generator).")
    var rng: String?

    @Option(help: "VaR/TVaR levels, comma-separated, e.g. 0.9,0.99 (overrides run.levels).")
    var levels: String?

    @Option(help: "Output format: table, json, csv or html (a self-contained report with charts).")
    var format: OutputFormat = .table

    @Option(help: "Percentiles of the margin M to report, in percent, comma-separated, e.g. 1,5,50,95,99.9 (default 1,5,25,50,75,95,99).")
    var percentiles: String?

    @Option(help: "Losses x in dollars at which to report P(L > x) with its standard error, comma-separated, e.g. 1e6,5e6.")
    var exceedance: String?

    @Option(help: "Write the output to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        if let trials, trials <= 0 { throw ValidationError("--trials must be a whole number greater than 0, got \(trials)") }
        if threads <= 0 { throw ValidationError("--threads must be a whole number greater than 0, got \(threads)") }
        if threads > ModelLimits.maxThreads {
            throw ValidationError("--threads must be at most \(ModelLimits.maxThreads.formatted()), got \(threads)")
        }
    }

    /// The model file at `path`, read once, with this command line's overrides applied to its run settings;
    /// warnings go to stderr.
    func load(_ path: String) throws -> ModelFile {
        var file = try ModelLoader.read(path: path)
        if let trials { file.model.run.trials = trials }
        if let seed { file.model.run.seed = seed }
        if let rng { file.model.run.generator = try CommandLineValues.generator(rng) }
        if let levels { file.model.run.levels = try CommandLineValues.levels(levels) }
        try ReportFigures.apply(percentiles: percentiles, exceedance: exceedance, to: &file.model.run)
        for w in file.model.warnings { warn(w) }
        return file
    }

    /// The run record for a model file and its outcome; the SHA-256 is of the bytes the model was parsed from, and
    /// the record keeps their text (for the HTML report).
    func record(model file: ModelFile, settings: RunSettings, outcome: SimulationOutcome) -> RunRecord {
        RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: settings, outcome: outcome, modelText: file.text)
    }
}
