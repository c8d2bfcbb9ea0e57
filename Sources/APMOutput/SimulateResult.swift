import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMSupport

/// The JSON document of `apmrisk simulate`: every metric with its Monte Carlo error (dollars per performance
/// period, margin M > 0 a gain for the provider, loss L = −M), the model's warnings and the run record.
public struct SimulateResult: Codable, Sendable {
    public var header: ResultHeader
    public var metrics: MetricsResult
    /// The margin's histogram, exceedance curve and convergence trace (nil in documents written before them).
    public var distribution: DistributionResult?
    public var run: RunRecord

    public init(_ simulation: Simulation, record: RunRecord) {
        header = ResultHeader(command: "simulate", model: simulation.model)
        metrics = MetricsResult(simulation.report)
        // An importance-sampled run keeps no histogram of its (tilted) margins: no distribution.
        distribution = simulation.outcome.weighted == nil ? DistributionResult(simulation.distribution) : nil
        run = record
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try header.encode(into: &c)
        try c.field(metrics, "metrics")
        if let distribution { try c.field(distribution, "distribution") }
        try c.field(run, "run")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        header = try ResultHeader(from: c)
        metrics = try c.field(MetricsResult.self, "metrics")
        distribution = try c.optional(DistributionResult.self, "distribution")
        run = try c.field(RunRecord.self, "run")
    }
}
