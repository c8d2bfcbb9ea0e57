import Foundation

/// The output of `apmrisk price`: the solved term (if targets were given) with its interval and metrics, and the
/// price-risk grid (if asked for).
public struct PriceOutput: Sendable {
    public let model: RiskModel
    public let field: PriceField
    public let solution: PriceSolution?
    public let grid: PriceGrid?
    public let record: RunRecord

    public init(model: RiskModel, field: PriceField, solution: PriceSolution?, grid: PriceGrid?, record: RunRecord) {
        self.model = model
        self.field = field
        self.solution = solution
        self.grid = grid
        self.record = record
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return ResultJSON.text(PriceResult(self)) + "\n"
        case .csv: return csv()
        }
    }

    func formatValue(_ v: Double) -> String {
        field.isRate ? Figure.fixed(v, decimals: 6) : Figure.dollarsAndCents(v)
    }

    // MARK: Table

    func table() -> String {
        var out = "\(model.name ?? record.modelFile) — solving \(field.rawValue) (\(model.contract.kind)), "
            + "\(record.trials.formatted()) trials, common random numbers\n"
        if let s = solution {
            out += "\nTargets: " + s.targets.map(\.description).joined(separator: "; ") + "\n"
            out += "Solution: the \(field.direction)\n\n"
            out += "  \(field.rawValue) = \(formatValue(s.value))"
            if let i = s.interval {
                out += "   95% CI \(formatValue(i.lower)) … \(formatValue(i.upper))   (s.e. \(formatValue(i.standardError)), \(s.intervalMethod))\n"
            } else {
                out += "   (\(s.intervalNote ?? "no interval"))\n"
            }
            for t in s.targets {
                out += "  at the solution: \(t.metricName) = \(t.formattedAchieved(in: s.report))   (target \(t.description))\n"
            }
            out += "\nMetrics at \(field.rawValue) = \(formatValue(s.value)):\n\n"
            out += ReportTable.metrics(s.report, warnings: [])
        }
        if let g = grid {
            out += "\nPrice-risk grid (same trials at every \(field.rawValue))\n"
            let levels = g.rows.first?.report.tails.map(\.level) ?? []
            var header = ReportTable.pad(field.rawValue, 14) + ReportTable.lpad("P(loss)", 10) + ReportTable.lpad("E[M]", 16)
            for l in levels { header += ReportTable.lpad("VaR\(percentLabel(l))", 15) + ReportTable.lpad("TVaR\(percentLabel(l))", 15) }
            out += header + "\n"
            for row in g.rows {
                var line = ReportTable.pad(formatValue(row.value), 14)
                    + ReportTable.lpad(ReportTable.percent(row.report.lossProbability.value), 10)
                    + ReportTable.lpad(ReportTable.dollars(row.report.expectedMargin.value), 16)
                for t in row.report.tails {
                    line += ReportTable.lpad(ReportTable.dollars(t.valueAtRisk.value), 15)
                        + ReportTable.lpad(ReportTable.dollars(t.tailValueAtRisk.value), 15)
                }
                out += line + "\n"
            }
        }
        out += "\n" + ReportTable.footer(record)
        return out
    }

    // MARK: CSV

    /// With a grid: one row per value (`value,loss_probability,loss_probability_se,expected_margin,
    /// expected_margin_se,var_<level>,tvar_<level>,…`). Otherwise the solution as `solved_<field>` rows followed
    /// by the metric rows of `simulate`.
    func csv() -> String {
        if let g = grid {
            let levels = g.rows.first?.report.tails.map(\.level) ?? []
            var rows = [(["value", "loss_probability", "loss_probability_se", "expected_margin", "expected_margin_se"]
                + levels.flatMap { ["var_\($0)", "tvar_\($0)"] }).joined(separator: ",")]
            for row in g.rows {
                let r = row.report
                let cells = [row.value, r.lossProbability.value, r.lossProbability.standardError,
                             r.expectedMargin.value, r.expectedMargin.standardError]
                    + r.tails.flatMap { [$0.valueAtRisk.value, $0.tailValueAtRisk.value] }
                rows.append(cells.map(Figure.csv).joined(separator: ","))
            }
            return rows.joined(separator: "\n") + "\n"
        }
        guard let s = solution else { return ReportCSV.header + "\n" }
        var text = ReportCSV.render(s.report)
        let i = s.interval
        let solved = "solved_\(field.rawValue),,\(Figure.csv(s.value)),\(i.map { Figure.csv($0.standardError) } ?? ""),"
            + "\(i.map { Figure.csv($0.lower) } ?? ""),\(i.map { Figure.csv($0.upper) } ?? "")"
        text = text.replacingOccurrences(of: ReportCSV.header + "\n", with: ReportCSV.header + "\n" + solved + "\n")
        return text
    }
}
