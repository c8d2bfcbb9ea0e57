import Foundation
import APMFit
import APMOutput
import APMSupport

/// `apmrisk fit --format html`: one self-contained page with each group's fits ranked by AIC, and for each fitted
/// family its QQ plot (the fitted quantile against the observed value at plotting positions (i − ½)/n) and PP plot
/// (the plotting position against the fitted probability), each with the diagonal a perfect fit would follow and
/// its points in a table beside it. Points come from the same `ProbabilityPlot` the JSON holds.
public enum FitPage {
    public static func render(_ report: FitReport) -> String {
        var page = HTMLPage(title: "Fit: \(report.file), column \(report.column)",
                            subtitle: "Maximum likelihood; ± is one standard error (observed information); "
                                + "KS and AD p-values by parametric bootstrap (\(report.replicates) replicates, seed \(report.seed))")
        page.facts = [("command", "fit"), ("file", report.file), ("column", report.column)]
        switch report.kind {
        case let .costs(columns):
            for (g, c) in columns.enumerated() { page.sections.append(costSection(report, c, index: g)) }
        case let .counts(groups):
            for (g, f) in groups.enumerated() {
                let rows = [["Poisson", FitReport.estimate(f.fit.poisson), Figure.fixed(f.fit.aicPoisson, decimals: 2)]]
                    + (f.fit.negativeBinomial.map { nb in
                        [["negative binomial", "\(FitReport.estimate(nb.r)), \(FitReport.estimate(nb.p))",
                          Figure.fixed(f.fit.aicNegativeBinomial ?? .nan, decimals: 2)]]
                    } ?? [])
                let text = "dispersion index \(Figure.fixed(f.fit.dispersionIndex, decimals: 1)) on \(f.fit.sampleSize - 1) d.f., "
                    + "p = \(Figure.significant(f.fit.dispersionPValue))"
                page.sections.append(HTMLPage.section(id: "counts-\(g)", title: report.title(f.group), intro: text,
                                                      DataTable(columns: ["family", "parameters", "AIC"], rows: rows).render()))
            }
        }
        return page.render()
    }

    static func costSection(_ report: FitReport, _ c: ColumnFit, index: Int) -> String {
        let rows = c.fits.map { f in
            [f.family.rawValue + (f.family == c.best?.family && c.isRanked(f) ? " (best)" : c.isRanked(f) ? "" : " (tail only)"),
             f.parameters.map(FitReport.estimate).joined(separator: ", "),
             FitReport.plusMinus(f.impliedMean), Figure.fixed(f.aic, decimals: 1),
             f.goodness.map { Figure.fixed($0.ksPValue, decimals: 3) } ?? "", f.goodness.map { Figure.fixed($0.adPValue, decimals: 3) } ?? ""]
        }
        var body = DataTable(columns: ["family", "parameters (± s.e.)", "mean (± s.e.)", "AIC", "KS p", "AD p"], rows: rows).render()
        for f in c.fits {
            let plot = ProbabilityPlot(f)
            body += "<h3>\(HTMLText.escape(f.family.rawValue))</h3>"
            body += HTMLPage.chartWithTable(qq(plot, f), caption: "QQ: fitted quantile against the observed value; on the diagonal where the family fits",
                                            table: DataTable(columns: ["fitted quantile", "observed"],
                                                             rows: plot.qq.map { [Figure.number($0[0]), Figure.number($0[1])] }).render())
            body += HTMLPage.chartWithTable(pp(plot, f), caption: "PP: plotting position (i − ½)/n against the fitted probability",
                                            table: DataTable(columns: ["position", "fitted probability"],
                                                             rows: plot.pp.map { [Figure.fixed($0[0], decimals: 4), Figure.fixed($0[1], decimals: 4)] }).render())
        }
        let intro = "\(c.sampleSize.formatted()) values" + (c.zeros > 0 ? ", \(c.zeros.formatted()) of them 0 (probability_zero), the rest fitted" : "")
        return HTMLPage.section(id: "costs-\(index)", title: report.title(c.group), intro: intro, body)
    }

    static func qq(_ plot: ProbabilityPlot, _ f: CostFit) -> String {
        let values = plot.qq.flatMap { $0 }.filter(\.isFinite)
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        var svg = SVGPlot(title: "QQ plot, \(f.family.rawValue)", width: 560, height: 340,
                          x: Axis(lo: lo, hi: hi, label: Figure.number), y: Axis(lo: lo, hi: hi, label: Figure.number))
        svg.axes(xTitle: "fitted quantile", yTitle: "observed value")
        svg.line([(lo, lo), (hi, hi)], cssClass: "target-line")
        for p in plot.qq { svg.dot(p[0], p[1], cssClass: "dot-a", radius: 2.5) }
        return svg.svg(attributes: "data-chart=\"qq\" data-family=\"\(f.family.rawValue)\"")
    }

    static func pp(_ plot: ProbabilityPlot, _ f: CostFit) -> String {
        var svg = SVGPlot(title: "PP plot, \(f.family.rawValue)", width: 560, height: 340,
                          x: Axis(lo: 0, hi: 1, label: { Figure.fixed($0, decimals: 1) }),
                          y: Axis(lo: 0, hi: 1, label: { Figure.fixed($0, decimals: 1) }))
        svg.axes(xTitle: "plotting position", yTitle: "fitted probability")
        svg.line([(0, 0), (1, 1)], cssClass: "target-line")
        for p in plot.pp { svg.dot(p[0], p[1], cssClass: "dot-b", radius: 2.5) }
        return svg.svg(attributes: "data-chart=\"pp\" data-family=\"\(f.family.rawValue)\"")
    }
}
