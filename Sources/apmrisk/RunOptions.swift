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

    @Option(help: "Output format: table, json or csv.")
    var format: ReportFormat = .table

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
        for w in file.model.warnings { warn(w) }
        return file
    }

    /// The run record for a model file and its outcome; the SHA-256 is of the bytes the model was parsed from.
    func record(model file: ModelFile, settings: RunSettings, outcome: SimulationOutcome) -> RunRecord {
        RunRecord(modelFile: file.path, modelSHA256: file.sha256, settings: settings, outcome: outcome)
    }
}
