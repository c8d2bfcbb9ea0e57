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

    /// Every line fits `ReportTable.width` (100) columns for figures of the usual size. Scenario names are never
    /// cut: the figures table shows them as far as they fit, and the list below the tables gives each in full with
    /// its shocks.
    package func table(model: RiskModel, record: RunRecord) -> String {
        var out = "\(model.name ?? record.modelFile) — \(model.contract.kind), \(record.trials.formatted()) trials\n"
            + "Every run uses the base run's seed and blocks (common random numbers).\n\n"
        switch self {
        case let .comparison(c):
            let shown: [RiskMetric] = [.lossProbability, .expectedMargin]
                + (c.base.settings.levels.contains(0.99) ? [.valueAtRisk(0.99), .tailValueAtRisk(0.99)]
                   : c.base.settings.levels.suffix(1).flatMap { [RiskMetric.valueAtRisk($0), .tailValueAtRisk($0)] })
            let digits = String(c.results.count).count
            let numbers = c.results.indices.map { i in
                let n = String(i + 1)
                return String(repeating: " ", count: digits - n.count) + n
            }
            let figures = [shown.map { $0.format($0.estimate(in: c.base.report).value) }]
                + c.results.map { r in shown.map { m in m.format(r.changes.first { $0.metric == m }!.scenario) } }
            out += Self.columns(header: ["scenario"] + shown.map(\.description),
                                rows: zip(["base"] + zip(numbers, c.results).map { "\($0)  \($1.scenario.name)" },
                                          figures).map { [$0] + $1 },
                                cutFirst: true)
            out += "\nChange from base ± paired s.e.\n"
            let changes = c.results.map { r in
                shown.map { m in
                    let ch = r.changes.first { $0.metric == m }!
                    return "\(signed(m, ch.change)) ± \(ch.note == nil ? m.format(ch.pairedStandardError) : "n/a¹")"
                }
            }
            out += Self.columns(header: [""] + shown.map(\.description), rows: zip(numbers, changes).map { [$0] + $1 },
                                cutFirst: false)
            out += "\nScenarios\n"
            for (n, r) in zip(numbers, c.results) {
                let head = "\(n)  \(r.scenario.name)"
                let shocks = r.scenario.shocks.map { Figure.typeset($0.description) }.joined(separator: ", ")
                if head.count + 2 + shocks.count <= ReportTable.width {
                    out += head + ": " + shocks + "\n"
                } else {
                    out += head + "\n" + ReportTable.wrapped("      " + shocks, indent: "      ")
                }
            }
            out += "\n" + ReportTable.wrapped("Paired s.e.: from each metric's per-trial influence terms on the shared "
                + "trials. JSON and CSV carry every level and the unpaired s.e. for comparison.")
            if let note = c.results.flatMap({ $0.changes }).compactMap({ $0.note }).first {
                out += ReportTable.wrapped("¹ no honest paired s.e.: \(note)", indent: "  ")
            }
        case let .sensitivity(s):
            out += "Sensitivity of \(s.metric) (base \(s.metric.format(s.metric.estimate(in: s.base.report).value))), "
                + "largest swing first\n\n"
            let rows = s.rows.map { r in
                [r.parameter, s.metric.format(s.metric.estimate(in: r.downReport).value),
                 s.metric.format(s.metric.estimate(in: r.upReport).value), s.metric.format(r.swing)]
            }
            let widths = Self.widths(["parameter", "down", "up", "swing"], rows)
            let used = widths.reduce(0, +) + 2
            let barWidth = max(10, min(40, ReportTable.width - used))
            let maxSwing = s.rows.map(\.swing).max() ?? 0
            out += Self.line(["parameter", "down", "up", "swing"], widths) + "\n"
            for (r, cells) in zip(s.rows, rows) {
                let share = r.swing / maxSwing
                let bar = maxSwing > 0 && share.isFinite
                    ? String(repeating: "█", count: Int((share * Double(barWidth)).rounded())) : ""
                out += Self.line(cells, widths) + (bar.isEmpty ? "" : "  " + bar) + "\n"
            }
            out += "\nShocks (down / up):\n" + s.rows.map {
                ReportTable.wrapped("  \(Figure.typeset($0.down.description)) / \(Figure.typeset($0.up.description))",
                                    indent: "    ")
            }.joined()
            if !s.skipped.isEmpty {
                out += "\n" + ReportTable.wrapped("Not shocked: " + s.skipped.map { "\($0.name) (\($0.reason))" }
                    .joined(separator: "; "), indent: "  ")
            }
        case let .reverse(r):
            out += ReportTable.wrapped("Reverse stress: \(r.metric) reaches \(r.metric.format(r.target)) at \(r.shock) = "
                + "\(number(r.size)) ± \(number(r.standardError)) (delta-method s.e.)")
            out += "\nMetrics at \(r.shock) = \(number(r.size)):\n\n" + ReportTable.metrics(r.report, warnings: [])
        }
        out += "\n" + ReportTable.footer(record)
        return out
    }

    /// Each column as wide as its widest cell, plus room to breathe: the first left-aligned, the rest right-aligned.
    package static func widths(_ header: [String], _ rows: [[String]]) -> [Int] {
        header.indices.map { i in
            let widest = ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0
            return i == 0 ? widest : max(12, widest + 3)
        }
    }

    /// One row of cells in `widths`.
    package static func line(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { i, cw in
            i == 0 ? ReportTable.pad(cw.0, cw.1) : ReportTable.lpad(cw.0, cw.1)
        }.joined()
    }

    /// A table of `rows` under `header`. With `cutFirst`, the first column is narrowed so a row fits
    /// `ReportTable.width`, its longer cells cut with "…" (a scenario name, given in full elsewhere).
    package static func columns(header: [String], rows: [[String]], cutFirst: Bool) -> String {
        var widths = widths(header, rows)
        if cutFirst { widths[0] = max(12, min(widths[0], ReportTable.width - widths.dropFirst().reduce(0, +))) }
        func fit(_ row: [String]) -> [String] {
            guard row[0].count > widths[0] else { return row }
            return [String(row[0].prefix(widths[0] - 2)) + "…"] + row.dropFirst()
        }
        return ([header] + rows).map { line(fit($0), widths) + "\n" }.joined()
    }

    /// A change, signed: +1.35%, −$100,000.
    package func signed(_ m: RiskMetric, _ v: Double) -> String {
        (v >= 0 ? "+" : "") + m.format(v)
    }

    /// A shock size or its standard error, for a table.
    package func number(_ v: Double) -> String { Figure.number(v) }

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
