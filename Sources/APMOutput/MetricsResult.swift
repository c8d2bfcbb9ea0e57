import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// An estimate as a result document writes it: `value` and `standard_error`; where no honest standard error
/// exists, `standard_error` is null with `standard_error_reason`, and `upper_bound_95` where a one-sided bound
/// replaces it. Dollars for money (margin M > 0 is a gain), fractions for probabilities and ratios.
public struct EstimateResult: Codable, Sendable {
    public var value: Double
    /// Nil when there is no honest standard error (`errorNote` says why).
    public var standardError: Double?
    public var errorNote: String?
    public var upperBound95: Double?

    /// A figure with its standard error, or none for the stated reason.
    public init(value: Double, standardError: Double?, errorNote: String? = nil, upperBound95: Double? = nil) {
        self.value = value
        self.standardError = standardError
        self.errorNote = standardError == nil ? (errorNote ?? "no standard error") : nil
        self.upperBound95 = standardError == nil ? upperBound95 : nil
    }

    public init(_ e: Estimate) {
        value = e.value
        standardError = e.errorNote == nil ? e.standardError : nil
        errorNote = e.errorNote
        upperBound95 = e.errorNote == nil ? nil : e.upperBound95
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try encodeFields(into: &c)
    }

    /// `value`, `standard_error` (or null with its reason) and `upper_bound_95`, beside other fields.
    package func encodeFields(into c: inout KeyedEncodingContainer<ResultKey>) throws {
        try c.figure(value, "value")
        if let note = errorNote {
            try c.missing("standard_error", because: note)
            try c.figure(upperBound95, "upper_bound_95")
        } else {
            try c.figure(standardError ?? .nan, "standard_error")
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        value = try c.figure("value")
        errorNote = try c.missingReason("standard_error")
        standardError = errorNote == nil ? try c.figure("standard_error") : nil
        upperBound95 = try c.figureIfPresent("upper_bound_95")
    }
}

/// A quantile (dollars) with its 95% interval from order statistics, the s.e. implied by that interval and the
/// trials it was estimated from.
public struct QuantileResult: Codable, Sendable {
    public var value: Double
    public var ci95Lower: Double
    public var ci95Upper: Double
    public var standardError: Double
    public var sampleTrials: Int

    public init(_ q: QuantileEstimate) {
        value = q.value
        ci95Lower = q.lower
        ci95Upper = q.upper
        standardError = q.standardError
        sampleTrials = q.sampleTrials
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try encodeFields(into: &c)
    }

    package func encodeFields(into c: inout KeyedEncodingContainer<ResultKey>) throws {
        try c.figure(value, "value")
        try c.figure(ci95Lower, "ci95_lower")
        try c.figure(ci95Upper, "ci95_upper")
        try c.figure(standardError, "standard_error")
        try c.field(sampleTrials, "sample_trials")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        value = try c.figure("value")
        ci95Lower = try c.figure("ci95_lower")
        ci95Upper = try c.figure("ci95_upper")
        standardError = try c.figure("standard_error")
        sampleTrials = try c.field(Int.self, "sample_trials")
    }
}

/// VaR and TVaR of the loss L = −M at one level α (dollars; a negative VaR is a gain even in the bad tail).
public struct TailRiskResult: Codable, Sendable {
    public var level: Double
    public var valueAtRisk: QuantileResult
    public var tailValueAtRisk: EstimateResult
    /// The trials the TVaR averages: (1 − α)·n, rounded up.
    public var tvarTrials: Int
    /// E[component of M | those trials] of each component, adding up to −TVaR; nil without trial records.
    public var tailBreakdown: TailBreakdownResult?

    public init(_ t: TailRisk, breakdown: TailBreakdown? = nil) {
        level = t.level
        valueAtRisk = QuantileResult(t.valueAtRisk)
        tailValueAtRisk = EstimateResult(t.tailValueAtRisk)
        tvarTrials = t.tailTrials
        tailBreakdown = breakdown.map(TailBreakdownResult.init)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(level, "level")
        try c.field(valueAtRisk, "var")
        try c.field(tailValueAtRisk, "tvar")
        try c.field(tvarTrials, "tvar_trials")
        try c.field(tailBreakdown, "tail_breakdown")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        level = try c.figure("level")
        valueAtRisk = try c.field(QuantileResult.self, "var")
        tailValueAtRisk = try c.field(EstimateResult.self, "tvar")
        tvarTrials = try c.field(Int.self, "tvar_trials")
        tailBreakdown = try c.optional(TailBreakdownResult.self, "tail_breakdown")
    }
}

/// A percentile of the margin M (dollars) at level q, with the fields of a `QuantileResult` beside `level`.
public struct PercentileResult: Codable, Sendable {
    public var level: Double
    public var estimate: QuantileResult

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(level, "level")
        try estimate.encodeFields(into: &c)
    }

    public init(level: Double, estimate: QuantileResult) {
        self.level = level
        self.estimate = estimate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        level = try c.figure("level")
        estimate = try QuantileResult(from: decoder)
    }
}

/// Every metric of a `RiskReport` with its Monte Carlo error: the `metrics` object of every command's JSON.
/// Money in dollars per performance period, margin M > 0 a gain for the provider, loss L = −M; probabilities
/// and ratios as fractions. Identical for any thread count.
public struct MetricsResult: Codable, Sendable {
    public var trials: Int
    public var lossProbability: EstimateResult
    public var expectedMargin: EstimateResult
    /// The revenue fractions are measured against (dollars).
    public var revenue: Double
    public var expectedMarginRatio: EstimateResult
    public var marginSD: EstimateResult
    public var tailRisk: [TailRiskResult]
    public var marginPercentiles: [PercentileResult]
    /// E[component] of each component of M with its standard error (`RiskReport.breakdown`); empty for results
    /// without one.
    public var breakdown: [NamedEstimateResult]
    /// P(event) of each event with its standard error (`RiskReport.eventProbabilities`).
    public var eventProbabilities: [NamedEstimateResult]
    /// P(L > x) at each loss asked for with `--exceedance` (nil when none was: the key is then absent).
    public var exceedance: [ExceedanceResult]?

    public init(_ r: RiskReport) {
        trials = r.trials
        lossProbability = EstimateResult(r.lossProbability)
        expectedMargin = EstimateResult(r.expectedMargin)
        revenue = r.revenue
        expectedMarginRatio = EstimateResult(r.expectedMarginRatio)
        marginSD = EstimateResult(r.marginStandardDeviation)
        tailRisk = r.tails.map { TailRiskResult($0, breakdown: r.tailBreakdown(at: $0.level)) }
        marginPercentiles = r.percentiles.map { PercentileResult(level: $0.level, estimate: QuantileResult($0.estimate)) }
        breakdown = r.breakdown.map { NamedEstimateResult(name: $0.name, estimate: EstimateResult($0.estimate)) }
        eventProbabilities = r.eventProbabilities.map { NamedEstimateResult(name: $0.name, estimate: EstimateResult($0.estimate)) }
        exceedance = r.exceedances.isEmpty ? nil : r.exceedances.map(ExceedanceResult.init)
    }

    /// The document as JSON text (no final newline).
    public func serialized() -> String { ResultJSON.text(self) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(trials, "trials")
        try c.field(lossProbability, "loss_probability")
        try c.field(expectedMargin, "expected_margin")
        try c.figure(revenue, "revenue")
        try c.field(expectedMarginRatio, "expected_margin_ratio")
        try c.field(marginSD, "margin_sd")
        try c.field(tailRisk, "tail_risk")
        try c.field(marginPercentiles, "margin_percentiles")
        if !breakdown.isEmpty { try c.field(breakdown, "breakdown") }
        if !eventProbabilities.isEmpty { try c.field(eventProbabilities, "event_probabilities") }
        try c.field(exceedance, "exceedance")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        trials = try c.field(Int.self, "trials")
        lossProbability = try c.field(EstimateResult.self, "loss_probability")
        expectedMargin = try c.field(EstimateResult.self, "expected_margin")
        revenue = try c.figure("revenue")
        expectedMarginRatio = try c.field(EstimateResult.self, "expected_margin_ratio")
        marginSD = try c.field(EstimateResult.self, "margin_sd")
        tailRisk = try c.field([TailRiskResult].self, "tail_risk")
        marginPercentiles = try c.field([PercentileResult].self, "margin_percentiles")
        exceedance = try c.optional([ExceedanceResult].self, "exceedance")
        breakdown = try c.optional([NamedEstimateResult].self, "breakdown") ?? []
        eventProbabilities = try c.optional([NamedEstimateResult].self, "event_probabilities") ?? []
    }
}

/// A named estimate: one component of the margin's breakdown (`name`: "revenue", "cost", "stop-loss limit", …;
/// dollars, > 0 adds to the provider's margin) or one event's probability (a fraction).
public struct NamedEstimateResult: Codable, Sendable {
    public var name: String
    public var estimate: EstimateResult

    public init(name: String, estimate: EstimateResult) {
        self.name = name
        self.estimate = estimate
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(name, "name")
        try estimate.encodeFields(into: &c)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        name = try c.field(String.self, "name")
        estimate = try EstimateResult(from: decoder)
    }
}

/// The metrics of a report as a result document (kept under this name for the golden and invariance tests).
package enum ReportJSON {
    package static func metrics(_ r: RiskReport) -> MetricsResult { MetricsResult(r) }
}
