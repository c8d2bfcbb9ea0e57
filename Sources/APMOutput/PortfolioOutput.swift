import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMRisk
import APMSupport

/// `simulate`'s output for a portfolio file, in each data format: the total's metrics, a line-by-line summary,
/// the diversification benefit and the Euler allocation of the total's TVaR (`PortfolioResult` for JSON).
public struct PortfolioOutput: Sendable {
    public let simulation: PortfolioSimulation
    public let file: PortfolioFile
    public let record: RunRecord

    public init(_ simulation: PortfolioSimulation, file: PortfolioFile, record: RunRecord) {
        self.simulation = simulation
        self.file = file
        self.record = record
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return ResultJSON.text(PortfolioResult(simulation, file: file, record: record)) + "\n"
        case .csv: return csv()
        }
    }

    // MARK: Table

    func table() -> String {
        let s = simulation, p = s.portfolio
        var out = "\(p.name ?? record.modelFile) — portfolio of \(p.lines.count) lines, \(s.total.trials.formatted()) trials\n"
        if record.partial {
            out += "PARTIAL: interrupted after \(s.total.trials.formatted()) of \(record.trialsRequested.formatted()) trials\n"
        }
        func line(_ text: String = "") { out += text + "\n" }
        line()
        line("TOTAL: M = Σ of the lines' margins")
        out += ReportTable.metrics(s.total, warnings: [])
        line()
        out += lineSummary()
        line()
        out += allocationTable()
        for w in p.warnings { line(); out += ReportTable.wrapped("warning: \(w)", indent: "  ") }
        line()
        return out + ReportTable.footer(record)
    }

    private func lineSummary() -> String {
        let s = simulation
        var out = "Lines (each line's own figures on the same trials; full metrics with --format json or csv)\n"
        let width = max(14, 2 + s.portfolio.lines.map(\.name.count).max()!)
        let top = s.settings.levels.max()!
        out += ReportTable.pad("line", width) + ReportTable.pad("contract", 22) + ReportTable.lpad("P(loss)", 18)
            + ReportTable.lpad("E[M]", 24) + "\n"
        for (line, r) in zip(s.portfolio.lines, s.lines) {
            let loading = line.beta.map { " Θ^\(Figure.number($0))" } ?? ""
            out += ReportTable.pad(line.name, width) + ReportTable.pad(line.model.contract.kind + loading, 22)
                + ReportTable.lpad(Self.percentWithError(r.lossProbability), 18)
                + ReportTable.lpad(Self.dollarsWithError(r.expectedMargin), 24) + "\n"
        }
        _ = top
        return out
    }

    private func allocationTable() -> String {
        let s = simulation
        var out = ReportTable.wrapped("Tail risk by line: each line's own TVaR of its loss, and its Euler allocation of the "
            + "total's TVaR — E[Lᵢ | the total's worst (1 − α)·n trials], the trials the total's TVaR averages; the "
            + "allocations add up to the total's TVaR. ± one standard error.")
        let width = max(26, 4 + s.portfolio.lines.map(\.name.count).max()!)
        let pairs = Array(zip(s.settings.levels, s.allocations))
        func cells(_ estimates: [Estimate]) -> (String, String) {
            (estimates.map { ReportTable.lpad(ReportTable.dollars($0.value), 17) }.joined(),
             estimates.map { ReportTable.lpad($0.hasStandardError ? "± " + ReportTable.dollars($0.standardError) : "± n/a¹", 17) }.joined())
        }
        for chunk in stride(from: 0, to: pairs.count, by: 2).map({ Array(pairs[$0..<min($0 + 2, pairs.count)]) }) {
            out += ReportTable.pad("", width)
                + chunk.map { ReportTable.lpad("TVaR \(percentLabel($0.0))%", 17) + ReportTable.lpad("allocation", 17) }.joined() + "\n"
            for (i, name) in s.portfolio.lineNames.enumerated() {
                let (values, errors) = cells(chunk.flatMap { level, a in [s.lines[i].tail(at: level).tailValueAtRisk, a.lines[i].estimate] })
                out += ReportTable.pad("  " + name, width) + values + "\n" + ReportTable.pad("", width) + errors + "\n"
            }
            let diversification = chunk.map { level, _ in s.diversification.first { $0.level == level }! }
            out += ReportTable.pad("  = Σ lines; total TVaR", width)
                + zip(diversification, chunk).map { ReportTable.lpad(ReportTable.dollars($0.sumOfLines), 17) + ReportTable.lpad(ReportTable.dollars($1.1.total), 17) }.joined() + "\n"
            let (values, errors) = cells(diversification.map(\.benefit))
            func spread(_ text: String) -> String {
                stride(from: 0, to: text.count, by: 17).map { i -> String in
                    let start = text.index(text.startIndex, offsetBy: i)
                    return String(text[start..<text.index(start, offsetBy: 17)]) + String(repeating: " ", count: 17)
                }.joined()
            }
            out += ReportTable.pad("  diversification benefit", width) + spread(values) + "\n"
            out += ReportTable.pad("", width) + spread(errors) + "\n"
        }
        if let note = (s.allocations.flatMap { $0.lines.map(\.estimate) } + s.diversification.map(\.benefit)
                       + s.lines.flatMap { $0.tails.map(\.tailValueAtRisk) }).compactMap(\.errorNote).first {
            out += ReportTable.wrapped("¹ no honest standard error: \(note)", indent: "  ")
        }
        out += ReportTable.wrapped("Diversification benefit: Σᵢ TVaR(Lᵢ) − TVaR(L), s.e. by the delta method on the "
            + "same trials (README, portfolios).", indent: "  ")
        if let (level, a) = pairs.last {
            out += "\nAllocation of the total's TVaR \(percentLabel(level))% to the lines' components (of the loss)\n"
            let w = max(30, 4 + a.components.map(\.name.count).max()!)
            for c in a.components {
                out += ReportTable.pad("  " + c.name, w) + ReportTable.lpad(ReportTable.dollars(c.estimate.value), 17)
                    + ReportTable.lpad(c.estimate.hasStandardError ? "± " + ReportTable.dollars(c.estimate.standardError) : "± n/a¹", 17) + "\n"
            }
        }
        return out
    }

    static func dollarsWithError(_ e: Estimate) -> String {
        ReportTable.dollars(e.value) + (e.hasStandardError ? " ± " + ReportTable.dollars(e.standardError) : " ± n/a")
    }

    static func percentWithError(_ e: Estimate) -> String {
        ReportTable.percent(e.value) + (e.hasStandardError ? " ± " + ReportTable.percent(e.standardError) : " (no s.e.)")
    }

    // MARK: CSV

    static let columns = ["scope"] + ReportCSV.columns

    func csv() -> String {
        let s = simulation
        var rows: [[CSVCell]] = ReportCSV.rows(s.total).map { [.text("total")] + $0 }
        for d in s.diversification {
            rows.append([.text("total")] + ReportCSV.estimateRow("diversification_benefit", d.level, d.benefit))
        }
        for (name, r) in zip(s.portfolio.lineNames, s.lines) {
            rows += ReportCSV.rows(r).map { [.text("line:" + name)] + $0 }
        }
        for a in s.allocations {
            for l in a.lines {
                rows.append([.text("line:" + l.name)] + ReportCSV.estimateRow("tvar_allocation", a.level, l.estimate))
            }
            for c in a.components {
                let parts = c.name.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                rows.append([.text("line:" + parts[0])]
                            + ReportCSV.estimateRow("tvar_allocation_component:" + (parts.last ?? ""), a.level, c.estimate))
            }
        }
        var metadata: [(String, String)] = [
            ("command", "simulate"), ("kind", "portfolio"), ("portfolio", s.portfolio.name ?? ""),
            ("lines", s.portfolio.lineNames.joined(separator: ", ")),
            ("units", "money in \(ResultConventions.standard.money); probabilities and ratios as a \(ResultConventions.standard.probability)"),
            ("sign_convention", ResultConventions.signConvention),
            ("scope", "total: the portfolio's M = sum of the lines' margins; line:NAME: that line"),
            ("tvar_allocation", "E[L_i | the total's worst (1 - level)*n trials], of the loss; the lines' add up to the total's tvar"),
            ("model_file", record.modelFile), ("model_sha256", record.modelSHA256), ("seed", String(record.seed)),
            ("trials", String(record.trials)), ("trials_requested", String(record.trialsRequested)),
            ("partial", String(record.partial)), ("threads", String(record.threads)),
            ("block_trials", String(record.blockTrials)), ("generator", record.generator),
            ("stream_version", String(record.streamVersion)), ("gsl_version", record.gslVersion),
            ("apmrisk_version", record.apmriskVersion),
        ]
        metadata += file.lineFiles.map { ("line_file", "\($0.line): \($0.path) sha256 \($0.sha256)") }
        metadata += s.portfolio.warnings.map { ("warning", $0) }
        return CSVWriter.document(metadata: metadata, header: Self.columns, rows: rows)
    }
}
