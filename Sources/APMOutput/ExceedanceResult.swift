import APMRisk
import APMSupport

/// P(L > `loss`) for one loss asked for with `--exceedance` (dollars; L = −M, so a negative loss is a gain):
/// `value` (a fraction) and its binomial `standard_error` (null with its reason and `upper_bound_95` when no
/// trial exceeded it), and `sample_trials`, the trials counted (all, or a huge run's middle sample).
public struct ExceedanceResult: Codable, Sendable {
    public var loss: Double
    public var probability: EstimateResult
    public var sampleTrials: Int

    public init(loss: Double, probability: EstimateResult, sampleTrials: Int) {
        (self.loss, self.probability, self.sampleTrials) = (loss, probability, sampleTrials)
    }

    public init(_ e: Exceedance) {
        self.init(loss: e.loss, probability: EstimateResult(e.probability), sampleTrials: e.sampleTrials)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(loss, "loss")
        try probability.encodeFields(into: &c)
        try c.field(sampleTrials, "sample_trials")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        loss = try c.figure("loss")
        probability = try EstimateResult(from: decoder)
        sampleTrials = try c.field(Int.self, "sample_trials")
    }
}
