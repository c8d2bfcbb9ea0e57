import Foundation
import APMOutput
import APMSupport

/// The exceedance curve of the loss: P(L > x) against x on a log probability axis, with its 95% band
/// (p ± 1.96 binomial standard errors at each point) and the VaR and TVaR of each level marked.
enum ExceedanceChart {
    static func section(_ d: DistributionResult, tails: [TailRiskResult]) -> String {
        let n = d.histogram.trials
        let points = d.exceedanceCurve.filter { $0.probability.value > 0 && $0.loss.isFinite }
        guard n > 0, points.count >= 2 else { return "" }
        let z = 1.959963984540054
        let floorP = pow(10, floor(log10(0.5 / Double(n))))
        // x from where half the trials exceed (or from 0 when fewer than half lose), to the worst loss.
        let median = points.first { $0.probability.value <= 0.5 }?.loss ?? points[0].loss
        var xlo = min(0, median), xhi = points[points.count - 1].loss
        for t in tails where t.tailValueAtRisk.value.isFinite { xhi = max(xhi, t.tailValueAtRisk.value) }
        xlo = max(xlo, points[0].loss)
        (xlo, xhi) = Ticks.padded(xlo, xhi, 0.03)
        let shown = points.filter { $0.loss >= xlo && $0.loss <= xhi }

        var plot = SVGPlot(title: "Exceedance curve of the loss",
                           x: Axis(lo: xlo, hi: xhi, label: HTMLText.compactDollars),
                           y: Axis(.log, lo: floorP, hi: 1, label: HTMLText.compactPercent))
        plot.axes(xTitle: "Loss x, dollars per period (L = −M; x < 0 is a gain)", yTitle: "P(L > x), log scale")
        plot.band(shown.map { p in
            let se = p.probability.standardError ?? 0
            return (p.loss, max(p.probability.value - z * se, floorP), min(p.probability.value + z * se, 1))
        })
        plot.line(shown.map { ($0.loss, $0.probability.value) }, cssClass: "series-a")
        if xlo < 0 && xhi > 0 { plot.verticalMarker(at: 0, cssClass: "zero-line", label: "x = 0: P(L > 0) = P(loss)") }
        for t in tails.sorted(by: { $0.level < $1.level }) {
            let label = percentLabel(t.level)
            if t.valueAtRisk.value.isFinite {
                plot.verticalMarker(at: t.valueAtRisk.value, cssClass: "var-line", label: "VaR \(label)%",
                                    attributes: HistogramChart.markerAttributes("var", t.level, t.valueAtRisk.value))
                plot.dot(t.valueAtRisk.value, 1 - t.level, cssClass: "dot-b", title: "VaR \(label)% = \(HTMLText.dollars(t.valueAtRisk.value)), P(L > VaR) ≈ \(HTMLText.percent(1 - t.level))")
            }
            if t.tailValueAtRisk.value.isFinite {
                plot.verticalMarker(at: t.tailValueAtRisk.value, cssClass: "tvar-line", label: "TVaR \(label)%",
                                    attributes: HistogramChart.markerAttributes("tvar", t.level, t.tailValueAtRisk.value))
            }
        }
        plot.legend("P(L > x)", cssClass: "series-a", kind: .line)
        plot.legend("95% band (±1.96 binomial s.e.)", cssClass: "band", kind: .band)
        plot.legend("VaR", cssClass: "var-line", kind: .dashed)
        plot.legend("TVaR", cssClass: "tvar-line", kind: .line)

        // The table: at most about 60 of the points, evenly through the list.
        let stride = max(1, points.count / 60)
        var picked = Swift.stride(from: 0, to: points.count, by: stride).map { points[$0] }
        if let last = points.last, picked.last?.loss != last.loss { picked.append(last) }
        let rows = picked.map { p -> [String] in
            let se = p.probability.standardError
            let band = se.map { "\(HTMLText.percent(max(p.probability.value - z * $0, 0))) … \(HTMLText.percent(min(p.probability.value + z * $0, 1)))" } ?? "n/a"
            return [HTMLText.dollars(p.loss), HTMLText.percent(p.probability.value), band, p.exceeding.formatted()]
        }
        let table = DataTable(columns: ["loss x", "P(L > x)", "95% band", "trials beyond"], rows: rows).render()
        let caption = "Exact counts of the \(n.formatted()) trials: from the kept tail of lowest margins where the run kept it "
            + "(every margin up to 8,388,608 trials), else at the histogram's bin edges. The band is p ± 1.96·√(p(1 − p)/n), "
            + "cut at \(HTMLText.compactPercent(floorP)) on the log axis. The dots mark (VaR_α, 1 − α)."
        return HTMLPage.section(id: "exceedance", title: "Exceedance curve of the loss",
                                intro: "How likely each size of loss is: the share of trials whose loss L = −M exceeds x. Read a 1-in-100 year loss where the curve crosses 1%.",
                                HTMLPage.chartWithTable(plot.svg(attributes: "data-chart=\"exceedance\" data-x-quantity=\"loss\""),
                                                        caption: caption, table: table))
    }
}
