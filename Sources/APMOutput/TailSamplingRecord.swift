import APMEngine
import APMSampling

/// How an importance-sampled run drew its trials, for the run record: the tilt (as `--tilt` takes it, so the
/// run can be replayed), the effective sample size (Σw)²/Σw² and the mean weight Σw/n with its standard error
/// (1 within error when the likelihood ratios are right). Every figure of such a run is a weighted estimate.
public struct TailSamplingRecord: Sendable, Codable, Hashable {
    public var method = "importance sampling"
    public var tilt: String
    public var effectiveSampleSize: Double
    public var meanWeight: Double
    public var meanWeightStandardError: Double

    public init(tilt: Tilt, _ weighted: WeightedTrials) {
        self.tilt = tilt.description
        effectiveSampleSize = weighted.effectiveSampleSize
        (meanWeight, meanWeightStandardError) = weighted.meanWeight
    }

    /// One line for people: the tilt and the effective sample size.
    public var summary: String {
        "Importance sampling (weighted figures), tilt \(tilt); effective sample size \(Int(effectiveSampleSize.rounded()))"
            + ", mean weight \(String(format: "%.4f", meanWeight)) ± \(String(format: "%.4f", meanWeightStandardError))"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(method, "method")
        try c.field(tilt, "tilt")
        try c.figure(effectiveSampleSize, "effective_sample_size")
        try c.figure(meanWeight, "mean_weight")
        try c.figure(meanWeightStandardError, "mean_weight_standard_error")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        method = try c.field(String.self, "method")
        tilt = try c.field(String.self, "tilt")
        effectiveSampleSize = try c.figure("effective_sample_size")
        meanWeight = try c.figure("mean_weight")
        meanWeightStandardError = try c.figure("mean_weight_standard_error")
    }
}
