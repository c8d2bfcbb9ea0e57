/// Where a set of figures came from: enough to reproduce them exactly.
public struct RunRecord: Sendable {
    public var modelFile: String
    /// SHA-256 of the model file's bytes.
    public var modelSHA256: String
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

    public init(modelFile: String, modelSHA256: String, settings: RunSettings, outcome: SimulationOutcome) {
        self.modelFile = modelFile
        self.modelSHA256 = modelSHA256
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
    }

    public var trialsPerSecond: Double { elapsedSeconds > 0 ? Double(trials) / elapsedSeconds : 0 }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("model_file", .string(modelFile)), ("model_sha256", .string(modelSHA256)),
            ("seed", .string(String(seed))), ("trials", .integer(trials)), ("trials_requested", .integer(trialsRequested)),
            ("partial", .bool(partial)), ("precision_target", precisionTarget.map(JSONValue.string) ?? .null),
        ]
        if let precisionReached { pairs.append(("precision_reached", .bool(precisionReached))) }
        pairs += [
            ("threads", .integer(threads)),
            ("block_trials", .integer(blockTrials)), ("generator", .string(generator)),
            ("stream_version", .integer(streamVersion)),
            ("gsl_version", .string(gslVersion)), ("apmrisk_version", .string(apmriskVersion)),
            ("elapsed_seconds", .number(elapsedSeconds)), ("trials_per_second", .number(trialsPerSecond)),
        ]
        return .object(pairs)
    }
}
