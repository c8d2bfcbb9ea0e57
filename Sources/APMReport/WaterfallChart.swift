import Foundation
import APMOutput
import APMSupport

/// A waterfall of E[M] by contract component, drawn from the result's `breakdown` list whatever its components:
/// each bar starts where the previous ended and moves by the component's mean (up for a gain to the provider,
/// down for a cost), with its ±1.96 s.e.; the last bar is their sum, beside E[M] itself.
enum WaterfallChart {
    static func section(_ entries: [NamedEstimateResult], metrics: MetricsResult) -> String {
        guard !entries.isEmpty else { return "" }
        let z = 1.959963984540054
        var steps: [(name: String, start: Double, end: Double, se: Double?)] = []
        var running = 0.0
        for e in entries {
            steps.append((e.name, running, running + e.estimate.value, e.estimate.standardError))
            running += e.estimate.value
        }
        let total = running
        let expected = metrics.expectedMargin.value
        var lo = 0.0, hi = 0.0
        for s in steps {
            lo = min(lo, s.start, s.end - z * (s.se ?? 0))
            hi = max(hi, s.start, s.end + z * (s.se ?? 0))
        }
        lo = min(lo, total, expected)
        hi = max(hi, total, expected)
        let (ylo, yhi) = Ticks.padded(lo, hi, 0.08)
        let count = Double(steps.count + 1)
        var plot = SVGPlot(title: "Expected margin by component",
                           x: Axis(lo: 0, hi: count, label: { _ in "" }),
                           y: Axis(lo: ylo, hi: yhi, label: HTMLText.compactDollars))
        plot.axes(xTitle: "Contract component", yTitle: "Contribution to E[M], dollars", xTicks: 2)
        plot.horizontalMarker(at: 0, cssClass: "zero-line", label: nil)
        for (i, s) in steps.enumerated() {
            let x0 = Double(i) + 0.18, x1 = Double(i) + 0.82
            plot.rect(x0: x0, x1: x1, y0: s.start, y1: s.end, cssClass: s.end >= s.start ? "gain-bar" : "cost-bar",
                      title: "\(s.name): \(HTMLText.dollars(s.end - s.start))",
                      attributes: "data-component=\"\(HTMLText.escape(s.name))\" data-mean=\"\(HTMLText.number(s.end - s.start))\"")
            if let se = s.se { plot.verticalErrorBar(lower: s.end - z * se, upper: s.end + z * se, at: Double(i) + 0.5) }
            if i + 1 < steps.count {
                plot.line([(x1, s.end), (Double(i + 1) + 0.18, s.end)], cssClass: "connector")
            }
            plot.text(s.name, px: plot.x.map(Double(i) + 0.5), py: plot.plotBottom + 16, anchor: "middle", cssClass: "row-label")
        }
        let t = Double(steps.count)
        plot.rect(x0: t + 0.18, x1: t + 0.82, y0: 0, y1: total, cssClass: "total-bar",
                  title: "sum of components: \(HTMLText.dollars(total))", attributes: "data-component=\"total\" data-mean=\"\(HTMLText.number(total))\"")
        plot.text("E[M]", px: plot.x.map(t + 0.5), py: plot.plotBottom + 16, anchor: "middle", cssClass: "row-label")
        if let se = metrics.expectedMargin.standardError {
            plot.verticalErrorBar(lower: expected - z * se, upper: expected + z * se, at: t + 0.5)
        }
        plot.legend("adds to the margin", cssClass: "gain-bar", kind: .box)
        plot.legend("takes from it", cssClass: "cost-bar", kind: .box)
        plot.legend("E[M]", cssClass: "total-bar", kind: .box)
        var rows = entries.map { e in
            [e.name, HTMLText.dollars(e.estimate.value),
             e.estimate.standardError.map(HTMLText.dollars) ?? "n/a (\(e.estimate.errorNote ?? "no s.e."))"]
        }
        rows.append(["sum of components", HTMLText.dollars(total), ""])
        rows.append(["E[M]", HTMLText.dollars(expected), metrics.expectedMargin.standardError.map(HTMLText.dollars) ?? "n/a"])
        let table = DataTable(columns: ["component", "mean", "s.e."], rows: rows).render()
        return HTMLPage.section(id: "waterfall", title: "Expected margin by component",
                                intro: "Where the expected margin comes from: each component of the contract's settlement, in order, with its 95% error bar.",
                                HTMLPage.chartWithTable(plot.svg(attributes: "data-chart=\"waterfall\""),
                                                        caption: "Components as the result lists them; they sum to E[M] up to rounding.",
                                                        table: table))
    }
}
