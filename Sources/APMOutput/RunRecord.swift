import APMAnalysis
import APMBench
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// Where a set of figures came from: enough to reproduce them exactly.
public struct RunRecord: Sendable, Codable {
    public var modelFile: String
    /// SHA-256 of the model file's bytes.
    public var modelSHA256: String
    /// The model file's text as it was read and hashed (nil when not recorded): what the HTML report shows.
    public var modelText: String?
    public var seed: UInt64
    public var trials: Int
    public var threads: Int
    /// Trials per block: fixed for the run from the base model, kept by every scenario and price grid.
    public var blockTrials: Int
    public var generator: String
    /// The version of the random streams (`StreamKey.version`): the same model, seed, trials and stream
    /// version give the same figures.
    public var streamVersion: Int
    public var gslVersion: String
    public var apmriskVersion: String
    public var elapsedSeconds: Double
    /// The trials asked for; `trials` is fewer when the run was interrupted or met its precision target.
    public var trialsRequested: Int
    /// True when the run was interrupted: the figures are partial.
    public var partial: Bool
    /// The precision target that could end the run early, in words.
    public var precisionTarget: String?
    /// With a precision target: whether the figures meet it (false: `--max-trials` ran out first).
    public var precisionReached: Bool?
    /// Importance sampling (`--tail-sampling auto`, `--tilt`): the tilt, the effective sample size and the mean
    /// weight; nil for a plain run.
    public var tailSampling: TailSamplingRecord?

    public init(modelFile: String, modelSHA256: String, settings: RunSettings, outcome: SimulationOutcome,
                modelText: String? = nil) {
        self.modelFile = modelFile
        self.modelSHA256 = modelSHA256
        self.modelText = modelText
        seed = settings.seed
        trials = outcome.trials
        threads = outcome.threads
        blockTrials = outcome.blockTrials
        generator = settings.generator.name
        streamVersion = StreamKey.version
        gslVersion = GSL.version
        apmriskVersion = Simulation.version
        elapsedSeconds = outcome.elapsedSeconds
        trialsRequested = outcome.trialsRequested
        partial = outcome.interrupted
        if let tilt = outcome.tilt, let weighted = outcome.weighted { tailSampling = TailSamplingRecord(tilt: tilt, weighted) }
    }

    public var trialsPerSecond: Double { elapsedSeconds > 0 ? Double(trials) / elapsedSeconds : 0 }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(modelFile, "model_file")
        try c.field(modelSHA256, "model_sha256")
        try c.field(modelText, "model_text")
        // A string: a seed above 2^53 would lose digits as a JSON number in most readers.
        try c.field(String(seed), "seed")
        try c.field(trials, "trials")
        try c.field(trialsRequested, "trials_requested")
        try c.field(partial, "partial")
        if let precisionTarget { try c.field(precisionTarget, "precision_target") }
        try c.field(precisionReached, "precision_reached")
        if let tailSampling { try c.field(tailSampling, "tail_sampling") }
        try c.field(threads, "threads")
        try c.field(blockTrials, "block_trials")
        try c.field(generator, "generator")
        try c.field(streamVersion, "stream_version")
        try c.field(gslVersion, "gsl_version")
        try c.field(apmriskVersion, "apmrisk_version")
        try c.figure(elapsedSeconds, "elapsed_seconds")
        try c.figure(trialsPerSecond, "trials_per_second")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        modelFile = try c.field(String.self, "model_file")
        modelSHA256 = try c.field(String.self, "model_sha256")
        modelText = try c.optional(String.self, "model_text")
        let seedText = try c.field(String.self, "seed")
        guard let seed = UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(forKey: ResultKey("seed"), in: c, debugDescription: "seed is not a whole number 0 … 2^64 − 1")
        }
        self.seed = seed
        trials = try c.field(Int.self, "trials")
        trialsRequested = try c.field(Int.self, "trials_requested")
        partial = try c.field(Bool.self, "partial")
        precisionTarget = try c.optional(String.self, "precision_target")
        precisionReached = try c.optional(Bool.self, "precision_reached")
        tailSampling = try c.optional(TailSamplingRecord.self, "tail_sampling")
        threads = try c.field(Int.self, "threads")
        blockTrials = try c.field(Int.self, "block_trials")
        generator = try c.field(String.self, "generator")
        streamVersion = try c.field(Int.self, "stream_version")
        gslVersion = try c.field(String.self, "gsl_version")
        apmriskVersion = try c.field(String.self, "apmrisk_version")
        elapsedSeconds = try c.figure("elapsed_seconds")
    }
}
