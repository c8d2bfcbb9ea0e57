/// The CSV form: one row per metric — `metric,level,value,standard_error,ci95_lower,ci95_upper`.
/// Dollars for money, fractions for probabilities and ratios; empty cells where a column does not apply or a
/// figure is not finite (`Figure.csv`).
enum ReportCSV {
    static let header = "metric,level,value,standard_error,ci95_lower,ci95_upper"

    static func render(_ r: RiskReport) -> String {
        var rows = [header]
        func row(_ name: String, _ level: Double?, _ value: Double, _ se: Double, _ lo: Double? = nil, _ hi: Double? = nil) {
            let cells: [String] = [name, level.map { "\($0)" } ?? "", Figure.csv(value), Figure.csv(se),
                                   lo.map(Figure.csv) ?? "", hi.map(Figure.csv) ?? ""]
            rows.append(cells.joined(separator: ","))
        }
        row("trials", nil, Double(r.trials), 0)
        row("loss_probability", nil, r.lossProbability.value, r.lossProbability.standardError)
        row("expected_margin", nil, r.expectedMargin.value, r.expectedMargin.standardError)
        row("revenue", nil, r.revenue, 0)
        row("expected_margin_ratio", nil, r.expectedMarginRatio.value, r.expectedMarginRatio.standardError)
        row("margin_sd", nil, r.marginStandardDeviation.value, r.marginStandardDeviation.standardError)
        for t in r.tails {
            let v = t.valueAtRisk
            row("var", t.level, v.value, v.standardError, v.lower, v.upper)
            row("tvar", t.level, t.tailValueAtRisk.value, t.tailValueAtRisk.standardError)
        }
        for p in r.percentiles {
            row("margin_percentile", p.level, p.estimate.value, p.estimate.standardError, p.estimate.lower, p.estimate.upper)
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
