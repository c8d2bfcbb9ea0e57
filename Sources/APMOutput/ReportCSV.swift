import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling

/// The long-form metric rows every command's CSV shares: `metric,level,value,standard_error,ci95_lower,ci95_upper`.
/// Dollars per performance period for money (margin M > 0 is a gain for the provider; VaR and TVaR are of the
/// loss L = −M), fractions for probabilities and ratios; counts as integers; empty cells where a column does not
/// apply, there is no honest standard error, or a figure is not finite.
package enum ReportCSV {
    package static let columns = ["metric", "level", "value", "standard_error", "ci95_lower", "ci95_upper"]

    /// Every metric of `r`, one row each: trials, loss_probability, expected_margin, revenue,
    /// expected_margin_ratio, margin_sd, then var and tvar per level, then margin_percentile per level, then
    /// `component:NAME` (the mean of each component of M, dollars), `event:NAME` (each event's probability), then
    /// `tail_component:NAME` per level (the component's mean over the worst (1 − level)·n trials, the trials the
    /// TVaR averages; at each level they add up to −tvar), and exceedance_probability per loss x asked for
    /// (`--exceedance`; its `level` cell is x in dollars).
    package static func rows(_ r: RiskReport) -> [[CSVCell]] {
        var rows: [[CSVCell]] = [
            [.text("trials"), .empty, .integer(r.trials), .empty, .empty, .empty],
            estimateRow("loss_probability", nil, r.lossProbability),
            estimateRow("expected_margin", nil, r.expectedMargin),
            [.text("revenue"), .empty, .number(r.revenue), .empty, .empty, .empty],
            estimateRow("expected_margin_ratio", nil, r.expectedMarginRatio),
            estimateRow("margin_sd", nil, r.marginStandardDeviation),
        ]
        for t in r.tails {
            rows.append(quantileRow("var", t.level, t.valueAtRisk))
            rows.append(estimateRow("tvar", t.level, t.tailValueAtRisk))
        }
        for p in r.percentiles { rows.append(quantileRow("margin_percentile", p.level, p.estimate)) }
        // P(L > x): the level cell holds the loss x in dollars.
        for e in r.exceedances { rows.append(estimateRow("exceedance_probability", e.loss, e.probability)) }
        for c in r.breakdown { rows.append(estimateRow("component:" + c.name, nil, c.estimate)) }
        for e in r.eventProbabilities { rows.append(estimateRow("event:" + e.name, nil, e.estimate)) }
        for t in r.tailBreakdowns {
            for c in t.components { rows.append(estimateRow("tail_component:" + c.name, t.level, c.estimate)) }
        }
        return rows
    }

    /// The row of one metric that stress compares or price targets.
    package static func row(_ metric: RiskMetric, in r: RiskReport) -> [CSVCell] {
        switch metric {
        case let .valueAtRisk(level): return quantileRow("var", level, r.tail(at: level).valueAtRisk)
        default: return estimateRow(metric.name, metric.level, metric.estimate(in: r))
        }
    }

    /// An estimate without an honest standard error has an empty `standard_error` cell.
    package static func estimateRow(_ name: String, _ level: Double?, _ e: Estimate) -> [CSVCell] {
        // A probability with no event seen has the one-sided 95% interval [0, upper bound] instead of an s.e.
        [.text(name), level.map(CSVCell.number) ?? .empty, .number(e.value),
         e.hasStandardError ? .number(e.standardError) : .empty,
         e.upperBound95 == nil ? .empty : .number(0), e.upperBound95.map(CSVCell.number) ?? .empty]
    }

    package static func quantileRow(_ name: String, _ level: Double, _ q: QuantileEstimate) -> [CSVCell] {
        [.text(name), .number(level), .number(q.value), .number(q.standardError), .number(q.lower), .number(q.upper)]
    }

    /// The run as comment lines: model, contract, units, sign convention and the run record.
    package static func metadata(model: RiskModel, record: RunRecord, command: String) -> [(String, String)] {
        var m: [(String, String)] = [
            ("command", command), ("model", model.name ?? ""), ("contract", model.contract.kind),
            ("units", "money in \(ResultConventions.standard.money); probabilities and ratios as a \(ResultConventions.standard.probability)"),
            ("sign_convention", ResultConventions.signConvention),
            ("tail_components", "tail_component:NAME rows are components of M averaged over the worst (1 - level)*n "
                + "trials, the trials tvar averages; at each level they add up to -tvar"),
            ("model_file", record.modelFile), ("model_sha256", record.modelSHA256), ("seed", String(record.seed)),
            ("trials", String(record.trials)), ("trials_requested", String(record.trialsRequested)),
            ("partial", String(record.partial)),
        ]
        if let target = record.precisionTarget { m.append(("precision_target", target)) }
        if let reached = record.precisionReached { m.append(("precision_reached", String(reached))) }
        if let t = record.tailSampling {
            m += [("tail_sampling", "\(t.method), tilt \(t.tilt); every figure is a weighted estimate"),
                  ("effective_sample_size", String(t.effectiveSampleSize)),
                  ("mean_weight", "\(t.meanWeight) +- \(t.meanWeightStandardError)")]
        }
        m += [("threads", String(record.threads)), ("block_trials", String(record.blockTrials)),
              ("generator", record.generator), ("stream_version", String(record.streamVersion)),
              ("gsl_version", record.gslVersion), ("apmrisk_version", record.apmriskVersion)]
        m += model.warnings.map { ("warning", $0) }
        return m
    }
}
