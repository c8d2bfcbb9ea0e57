/// The JSON form of a simulation: every metric with its Monte Carlo error, and the run record.
enum ReportJSON {
    static func document(_ simulation: Simulation, record: RunRecord) -> JSONValue {
        .object([
            ("model", .string(simulation.model.name ?? "")),
            ("contract", .string(simulation.model.contract.kind)),
            ("metrics", metrics(simulation.report)),
            ("warnings", .array(simulation.model.warnings.map { .string($0) })),
            ("run", record.json),
        ])
    }

    /// The metrics alone: identical for any thread count.
    static func metrics(_ r: RiskReport) -> JSONValue {
        .object([
            ("trials", .integer(r.trials)),
            ("loss_probability", estimate(r.lossProbability)),
            ("expected_margin", estimate(r.expectedMargin)),
            ("revenue", .number(r.revenue)),
            ("expected_margin_ratio", estimate(r.expectedMarginRatio)),
            ("margin_sd", estimate(r.marginStandardDeviation)),
            ("tail_risk", .array(r.tails.map { t in
                .object([
                    ("level", .number(t.level)),
                    ("var", quantile(t.valueAtRisk)),
                    ("tvar", estimate(t.tailValueAtRisk)),
                    ("tvar_trials", .integer(t.tailTrials)),
                ])
            })),
            ("margin_percentiles", .array(r.percentiles.map { p in
                .object([("level", .number(p.level))] + quantileFields(p.estimate))
            })),
        ])
    }

    /// `value` and `standard_error`; where no honest standard error exists, `standard_error` is null with a
    /// `standard_error_reason` saying why, and `upper_bound_95` where a one-sided bound replaces it.
    static func estimate(_ e: Estimate) -> JSONValue {
        guard let note = e.errorNote else {
            return .object([("value", .number(e.value)), ("standard_error", .number(e.standardError))])
        }
        var fields: [(String, JSONValue)] = [("value", .number(e.value)), ("standard_error", .null),
                                             ("standard_error_reason", .string(note))]
        if let bound = e.upperBound95 { fields.append(("upper_bound_95", .number(bound))) }
        return .object(fields)
    }

    static func quantile(_ q: QuantileEstimate) -> JSONValue { .object(quantileFields(q)) }

    static func quantileFields(_ q: QuantileEstimate) -> [(String, JSONValue)] {
        [("value", .number(q.value)), ("ci95_lower", .number(q.lower)), ("ci95_upper", .number(q.upper)),
         ("standard_error", .number(q.standardError)), ("sample_trials", .integer(q.sampleTrials))]
    }
}
