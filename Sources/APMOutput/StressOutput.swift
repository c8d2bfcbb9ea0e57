import Foundation
import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The output of `apmrisk stress`: the scenario comparison, the tornado, or the reverse stress result.
public enum StressOutput {
    case comparison(StressComparison)
    case sensitivity(Sensitivity)
    case reverse(ReverseStress)

    public func render(_ format: ReportFormat, model: RiskModel, record: RunRecord) -> String {
        switch format {
        case .table: return table(model: model, record: record)
        case .json: return ResultJSON.text(StressResult(self, model: model, record: record)) + "\n"
        case .csv: return csv(model: model, record: record)
        }
    }

    // MARK: Table

    package func table(model: RiskModel, record: RunRecord) -> String {
        var out = "\(model.name ?? record.modelFile) — \(model.contract.kind), \(record.trials.formatted()) trials, "
            + "same seed and blocks in every run (common random numbers)\n\n"
        switch self {
        case let .comparison(c):
            let shown: [RiskMetric] = [.lossProbability, .expectedMargin]
                + (c.base.settings.levels.contains(0.99) ? [.valueAtRisk(0.99), .tailValueAtRisk(0.99)]
                   : c.base.settings.levels.suffix(1).flatMap { [RiskMetric.valueAtRisk($0), .tailValueAtRisk($0)] })
            var header = ReportTable.pad("scenario", 30)
            for m in shown { header += ReportTable.lpad(m.description, 14) + ReportTable.lpad("change ± paired s.e.", 30) }
            out += header + "\n"
            var baseLine = ReportTable.pad("base", 30)
            for m in shown { baseLine += ReportTable.lpad(m.format(m.estimate(in: c.base.report).value), 14) + String(repeating: " ", count: 30) }
            out += baseLine + "\n"
            for r in c.results {
                var line = ReportTable.pad(String(r.scenario.name.prefix(29)), 30)
                for m in shown {
                    let ch = r.changes.first { $0.metric == m }!
                    line += ReportTable.lpad(m.format(ch.scenario), 14)
                        + ReportTable.lpad("\(signed(m, ch.change)) ± \(ch.note == nil ? m.format(ch.pairedStandardError) : "n/a¹")", 30)
                }
                out += line + "\n"
            }
            out += "\nShocks:\n"
            for r in c.results { out += "  \(r.scenario.name): " + r.scenario.shocks.map(\.description).joined(separator: ", ") + "\n" }
            out += "\nPaired s.e.: from each metric's per-trial influence terms on the shared trials. "
                + "JSON and CSV carry every level and the unpaired s.e. for comparison.\n"
            if let note = c.results.flatMap({ $0.changes }).compactMap({ $0.note }).first {
                out += "¹ no honest paired s.e.: \(note)\n"
            }
        case let .sensitivity(s):
            out += "Sensitivity of \(s.metric) (base \(s.metric.format(s.metric.estimate(in: s.base.report).value))), "
                + "largest swing first\n\n"
            let width = 40
            let maxSwing = s.rows.map(\.swing).max() ?? 0
            out += ReportTable.pad("parameter", 22) + ReportTable.lpad("down", 22) + ReportTable.lpad("up", 22)
                + ReportTable.lpad("swing", 14) + "\n"
            for r in s.rows {
                let share = r.swing / maxSwing
                let bar = maxSwing > 0 && share.isFinite ? String(repeating: "█", count: Int((share * Double(width)).rounded())) : ""
                out += ReportTable.pad(r.parameter, 22)
                    + ReportTable.lpad(s.metric.format(s.metric.estimate(in: r.downReport).value), 22)
                    + ReportTable.lpad(s.metric.format(s.metric.estimate(in: r.upReport).value), 22)
                    + ReportTable.lpad(s.metric.format(r.swing), 14) + "  " + bar + "\n"
            }
            out += "\nShocks (down / up):\n" + s.rows.map { "  \($0.down.description) / \($0.up.description)\n" }.joined()
        case let .reverse(r):
            out += "Reverse stress: \(r.metric) reaches \(r.metric.format(r.target)) at \(r.shock) = \(number(r.size))"
                + " ± \(number(r.standardError)) (delta-method s.e.)\n\n"
            out += "Metrics at \(r.shock) = \(number(r.size)):\n\n" + ReportTable.metrics(r.report, warnings: [])
        }
        out += "\n" + ReportTable.footer(record)
        return out
    }

    package func signed(_ m: RiskMetric, _ v: Double) -> String {
        (v >= 0 ? "+" : "") + m.format(v).replacingOccurrences(of: "-", with: "−")
    }

    package func number(_ v: Double) -> String { Figure.significant(v) }

    // MARK: CSV

    /// Scenarios: `scenario,metric,level,value,standard_error,ci95_lower,ci95_upper,change,change_se_paired,
    /// change_se_unpaired` (the base first, its change cells empty). Sensitivity:
    /// `parameter,down_shock,up_shock,metric,level,base,down,up,swing`. Reverse stress:
    /// `shock,metric,level,target,size,standard_error`.
    package func csv(model: RiskModel, record: RunRecord) -> String {
        var metadata = ReportCSV.metadata(model: model, record: record, command: "stress")
        func level(_ m: RiskMetric) -> CSVCell { m.level.map(CSVCell.number) ?? .empty }
        switch self {
        case let .comparison(c):
            metadata.insert(("mode", "scenarios"), at: 1)
            var rows = c.metrics.map { [.text("base")] + ReportCSV.row($0, in: c.base.report) + [.empty, .empty, .empty] }
            for r in c.results {
                metadata.append(("scenario", r.scenario.name + ": " + r.scenario.shocks.map(\.description).joined(separator: ", ")))
                for ch in r.changes {
                    rows.append([.text(r.scenario.name)] + ReportCSV.row(ch.metric, in: r.report)
                        + [.number(ch.change), ch.note == nil ? .number(ch.pairedStandardError) : .empty, .number(ch.unpairedStandardError)])
                }
            }
            return CSVWriter.document(metadata: metadata, header: ["scenario"] + ReportCSV.columns
                + ["change", "change_se_paired", "change_se_unpaired"], rows: rows)
        case let .sensitivity(s):
            metadata.insert(("mode", "sensitivity"), at: 1)
            let base = s.metric.estimate(in: s.base.report).value
            let rows: [[CSVCell]] = s.rows.map { r in
                [.text(r.parameter), .text(r.down.description), .text(r.up.description), .text(s.metric.name), level(s.metric),
                 .number(base), .number(s.metric.estimate(in: r.downReport).value), .number(s.metric.estimate(in: r.upReport).value),
                 .number(r.swing)]
            }
            return CSVWriter.document(metadata: metadata, header: ["parameter", "down_shock", "up_shock", "metric", "level",
                                                                   "base", "down", "up", "swing"], rows: rows)
        case let .reverse(r):
            metadata.insert(("mode", "reverse"), at: 1)
            return CSVWriter.document(metadata: metadata, header: ["shock", "metric", "level", "target", "size", "standard_error"],
                                      rows: [[.text(r.shock), .text(r.metric.name), level(r.metric), .number(r.target),
                                              .number(r.size), .number(r.standardError)]])
        }
    }
}
