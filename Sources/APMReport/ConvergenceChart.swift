import Foundation
import APMOutput
import APMSupport

/// Convergence of E[M], P(loss) and TVaR against the trials merged, each with its ±1.96 s.e. band, at the
/// run's checkpoints (1, 2, 4, … blocks and the last, in block order: the same on any thread count).
enum ConvergenceChart {
    struct Series {
        let id: String
        let title: String
        let yTitle: String
        let format: (Double) -> String
        let tick: (Double) -> String
        let values: [(trials: Double, estimate: EstimateResult)]
        let cssClass: String
        let bandClass: String
        let dotClass: String
    }

    static func section(_ d: DistributionResult) -> String {
        guard let points = d.convergence, !points.isEmpty else { return "" }
        let level = d.convergenceLevel ?? 0
        let label = percentLabel(level)
        let series = [
            Series(id: "expected_margin", title: "Expected margin E[M]", yTitle: "E[M], dollars",
                   format: HTMLText.dollars, tick: HTMLText.compactDollars,
                   values: points.map { (Double($0.trials), $0.expectedMargin) }, cssClass: "series-a", bandClass: "band", dotClass: "dot-a"),
            Series(id: "loss_probability", title: "Loss probability P(M < 0)", yTitle: "P(loss)",
                   format: HTMLText.percent, tick: HTMLText.compactPercent,
                   values: points.map { (Double($0.trials), $0.lossProbability) }, cssClass: "series-b", bandClass: "band-b", dotClass: "dot-b"),
            Series(id: "tvar", title: "TVaR \(label)% of the loss", yTitle: "TVaR \(label)%, dollars",
                   format: HTMLText.dollars, tick: HTMLText.compactDollars,
                   values: points.map { (Double($0.trials), $0.tvar) }, cssClass: "series-d", bandClass: "band-d", dotClass: "dot-d"),
        ]
        let svgs = series.map(panel).joined()
        let rows = points.map { p -> [String] in
            [p.trials.formatted(), p.blocks.formatted(),
             cell(p.expectedMargin, HTMLText.dollars), cell(p.lossProbability, HTMLText.percent), cell(p.tvar, HTMLText.dollars)]
        }
        let table = DataTable(columns: ["trials", "blocks", "E[M] ± s.e.", "P(loss) ± s.e.", "TVaR \(label)% ± s.e."], rows: rows).render()
        let caption = "Each point is the figure from the first blocks only, merged in block order; the last point is the "
            + "final figure. Bands are ±1.96 standard errors; an open dot has no honest standard error yet (for TVaR, "
            + "fewer than 20 trials in the tail)."
        return HTMLPage.section(id: "convergence", title: "Convergence",
                                intro: "Whether the run was long enough: each figure as trials were added, with its 95% band. A band that has narrowed around a steady line is a converged figure.",
                                HTMLPage.chartWithTable(svgs, caption: caption, table: table))
    }

    /// value ± s.e., or the value and "(no s.e.)" (the reason is in the JSON and the key figures).
    static func cell(_ e: EstimateResult, _ format: (Double) -> String) -> String {
        if let se = e.standardError { return format(e.value) + " ± " + format(se) }
        return format(e.value) + " (no s.e.)"
    }

    static func panel(_ s: Series) -> String {
        let z = 1.959963984540054
        let xs = s.values.map { $0.trials }
        var lo = Double.infinity, hi = -Double.infinity
        for v in s.values where v.estimate.value.isFinite {
            let se = v.estimate.standardError ?? 0
            // Early points with a huge band would flatten the rest: the axis holds the band from the third point on.
            let wide = v.trials >= (xs.count > 3 ? xs[2] : 0)
            lo = min(lo, v.estimate.value - (wide ? z * se : 0))
            hi = max(hi, v.estimate.value + (wide ? z * se : 0))
        }
        guard lo.isFinite, hi.isFinite else { return "" }
        let (ylo, yhi) = Ticks.padded(lo, hi, 0.08)
        var plot = SVGPlot(title: s.title, height: 230, top: 30, bottom: 50,
                           x: Axis(.log, lo: max(1, (xs.min() ?? 1) / 1.3), hi: (xs.max() ?? 10) * 1.3, label: HTMLText.compactNumber),
                           y: Axis(lo: ylo, hi: yhi, label: s.tick))
        plot.axes(xTitle: "Trials merged (log scale)", yTitle: s.yTitle, yTicks: 5)
        plot.band(s.values.compactMap { v in
            guard let se = v.estimate.standardError else { return nil }
            return (v.trials, v.estimate.value - z * se, v.estimate.value + z * se)
        }, cssClass: s.bandClass)
        plot.line(s.values.map { ($0.trials, $0.estimate.value) }, cssClass: s.cssClass)
        if let last = s.values.last {
            plot.horizontalMarker(at: last.estimate.value, cssClass: "final-line", label: "final \(s.format(last.estimate.value))")
        }
        for (i, v) in s.values.enumerated() {
            let isLast = i == s.values.count - 1
            plot.dot(v.trials, v.estimate.value, cssClass: v.estimate.standardError == nil ? "dot-open" : s.dotClass, radius: 3,
                     title: "\(v.trials.formatted()) trials: \(cell(v.estimate, s.format))",
                     attributes: isLast ? "data-final=\"\(HTMLText.number(v.estimate.value))\"" : "")
        }
        plot.legend(s.title, cssClass: s.cssClass, kind: .line)
        plot.legend("±1.96 s.e.", cssClass: s.bandClass, kind: .band)
        return plot.svg(attributes: "data-chart=\"convergence\" data-metric=\"\(s.id)\"")
    }
}
