import Foundation
import APMOutput
import APMSupport

/// The HTML report of a result document: one self-contained page (inline SVG and CSS, no script, no network)
/// with the key figures, the charts of the run — each with its data table beside it — and the run record with
/// the model's text and SHA-256. `apmrisk report RESULT.json` renders a saved document; `--format html` renders
/// the document the command would have written as JSON, so both give the same page.
///
/// Sections, each present when the document has its data: key figures; the distribution of the margin
/// (histogram with VaR and TVaR), the exceedance curve of the loss, the convergence trace (from `distribution`);
/// the waterfall of E[M] by component (from `metrics.breakdown`); for price the solution and the price–risk
/// curves (`grid`); for stress the scenario bars, the tornado or the reverse-stress curve; the run record.
public enum HTMLReport {
    /// A document the report cannot draw (a bench result).
    public struct Unsupported: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The page for `result`.
    public static func render(_ result: SavedResult) throws -> String {
        switch result {
        case let .simulate(r): return simulate(r)
        case let .price(r): return price(r)
        case let .stress(r): return stress(r)
        case .bench:
            throw Unsupported(description: "a bench result has no report: report renders simulate, price and stress results")
        case .portfolio:
            throw Unsupported(description: "a portfolio result has no HTML report yet: report renders simulate, price and stress results of a single model")
        }
    }

    static func page(_ header: ResultHeader, command: String, run: RunRecord) -> HTMLPage {
        let name = header.model.isEmpty ? run.modelFile : header.model
        var page = HTMLPage(title: name, subtitle: "apmrisk \(command) — \(header.contract.replacingOccurrences(of: "_", with: " ")) contract, "
                            + "margin M > 0 is a gain for the provider, loss L = −M, dollars per performance period")
        page.facts = [("trials", run.trials.formatted()), ("seed", String(run.seed)), ("generator", run.generator),
                      ("threads", String(run.threads)), ("model SHA-256", String(run.modelSHA256.prefix(12)) + "…"),
                      ("apmrisk", run.apmriskVersion)]
        if run.partial {
            page.notices.append("PARTIAL: interrupted after \(run.trials.formatted()) of \(run.trialsRequested.formatted()) trials; the figures are from the blocks completed.")
        }
        if run.precisionReached == false, let t = run.precisionTarget {
            page.notices.append("Precision target \(t) NOT reached within \(run.trialsRequested.formatted()) trials.")
        }
        if let t = run.tailSampling {
            page.notices.append(t.summary + ". No histogram, exceedance curve or convergence chart: they would be of the tilted trials.")
        }
        page.notices += header.warnings.map { "Warning: \($0)" }
        return page
    }

    /// The distribution, exceedance, convergence and waterfall sections for `metrics` and `distribution`.
    static func runSections(_ metrics: MetricsResult?, _ distribution: DistributionResult?) -> [String] {
        var out: [String] = []
        if let d = distribution {
            out.append(HistogramChart.section(d.histogram, tails: metrics?.tailRisk ?? []))
            out.append(ExceedanceChart.section(d, tails: metrics?.tailRisk ?? []))
            out.append(ConvergenceChart.section(d))
        }
        if let m = metrics, !m.breakdown.isEmpty { out.append(WaterfallChart.section(m.breakdown, metrics: m)) }
        return out.filter { !$0.isEmpty }
    }

    static func simulate(_ r: SimulateResult) -> String {
        var page = page(r.header, command: "simulate", run: r.run)
        page.sections.append(FiguresSection.section(r.metrics))
        page.sections += runSections(r.metrics, r.distribution)
        page.sections.append(RunRecordSection.section(r.run))
        return page.render()
    }

    static func price(_ r: PriceResult) -> String {
        var page = page(r.header, command: "price (solving \(r.field))", run: r.run)
        page.sections.append(PriceCharts.solutionSection(r))
        page.sections.append(PriceCharts.section(r))
        if let m = r.metrics, let s = r.solution {
            page.sections.append(FiguresSection.section(m, title: "Figures at the solution",
                                                        intro: "Every figure at \(r.field) = \(PriceCharts.fieldValue(r.field, s.value)), on the same trials."))
            page.sections += runSections(m, r.distribution)
        }
        page.sections.append(RunRecordSection.section(r.run))
        return page.render()
    }

    static func stress(_ r: StressResult) -> String {
        var page = page(r.header, command: "stress", run: r.run)
        switch r.body {
        case let .scenarios(base, scenarios):
            page.sections.append(StressCharts.scenarios(base: base, runs: scenarios))
            page.sections.append(FiguresSection.section(base, title: "Base figures"))
            page.sections += runSections(base, r.distribution)
        case let .sensitivity(metric, level, base, tornado):
            page.sections.append(StressCharts.tornado(metric: metric, level: level, base: base, rows: tornado))
            page.sections += runSections(nil, r.distribution)
        case let .reverse(rev):
            page.sections.append(StressCharts.reverse(rev))
            page.sections.append(FiguresSection.section(rev.metrics, title: "Figures at the breaking size",
                                                        intro: "Every figure with \(rev.shock) = \(Figure.significant(rev.size))."))
            page.sections += runSections(rev.metrics, r.distribution)
        }
        page.sections.append(RunRecordSection.section(r.run))
        return page.render()
    }
}
