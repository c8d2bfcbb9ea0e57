import Foundation
import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

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

    package func formatValue(_ v: Double) -> String {
        field.isRate ? Figure.fixed(v, decimals: 6) : field.isCount ? Figure.fixed(v, decimals: 4) : Figure.dollarsAndCents(v)
    }

    // MARK: Table

    package func table() -> String {
        var out = "\(model.name ?? record.modelFile) — solving \(field.rawValue) (\(model.contract.kind)), "
            + "\(record.trials.formatted()) trials, common random numbers\n"
        if field.changesRetainedCost {
            out += "\(field.rawValue) changes retained costs: each value is simulated again with the same seed and streams\n"
        }
        if let s = solution {
            out += "\nTargets: " + s.targets.map(\.description).joined(separator: "; ") + "\n"
            out += "Solution: the \(field.directionText)\n\n"
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

    /// Long form, `point,field_value,metric,level,value,standard_error,ci95_lower,ci95_upper`: with targets, the
    /// `solution` rows (first `solved_<field>` with the value and its interval, then every metric at it); with
    /// `--grid`, the `grid` rows (every metric at each value). Dollars for prices, fractions for rates.
    package func csv() -> String {
        var rows: [[CSVCell]] = []
        if let s = solution {
            let i = s.interval
            rows.append([.text("solution"), .number(s.value), .text("solved_\(field.rawValue)"), .empty, .number(s.value),
                         i.map { .number($0.standardError) } ?? .empty, i.map { .number($0.lower) } ?? .empty,
                         i.map { .number($0.upper) } ?? .empty])
            rows += ReportCSV.rows(s.report).map { [.text("solution"), .number(s.value)] + $0 }
        }
        for row in grid?.rows ?? [] {
            rows += ReportCSV.rows(row.report).map { [.text("grid"), .number(row.value)] + $0 }
        }
        var metadata = ReportCSV.metadata(model: model, record: record, command: "price")
        metadata.insert(contentsOf: [("field", field.rawValue), ("direction", field.directionText),
                                     ("evaluated_by", field.changesRetainedCost ? "simulating again with the same seed and streams"
                                         : "re-settling the simulated totals")], at: 3)
        if let s = solution {
            metadata.insert(("targets", s.targets.map(\.description).joined(separator: "; ")), at: 6)
            if s.interval == nil { metadata.insert(("interval", s.intervalNote ?? "no interval"), at: 7) }
            else { metadata.insert(("interval", s.intervalMethod), at: 7) }
        }
        return CSVWriter.document(metadata: metadata, header: ["point", "field_value"] + ReportCSV.columns, rows: rows)
    }
}
