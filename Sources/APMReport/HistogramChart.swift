import Foundation
import APMOutput
import APMSupport

/// The distribution of the margin M: the run's histogram (every trial, `DistributionResult.Histogram`) merged
/// into about 70 bars over the range that holds the middle 99.8% of trials and every VaR and TVaR marker, with
/// VaR (dashed) and TVaR (solid) of the loss at each level drawn at M = −VaR and M = −TVaR.
enum HistogramChart {
    /// Bars drawn at most.
    static let maxBars = 70

    struct Bar {
        let from: Double, to: Double, count: Int
    }

    static func section(_ h: DistributionResult.Histogram, tails: [TailRiskResult]) -> String {
        guard h.trials > 0, !h.counts.isEmpty, h.binWidth > 0 else { return "" }
        let n = Double(h.trials)
        let w = h.binWidth
        let lastEdge = h.firstEdge + Double(h.counts.count) * w
        // The plotted range: the middle 99.8% of trials, widened to every marker, within the data.
        var cumulative = 0
        var lo = h.firstEdge, hi = lastEdge
        var foundLow = false
        for (i, c) in h.counts.enumerated() {
            let before = cumulative
            cumulative += c
            if !foundLow, Double(cumulative) > 0.001 * n { lo = h.firstEdge + Double(i) * w; foundLow = true }
            if Double(before) < 0.999 * n { hi = h.firstEdge + Double(i + 1) * w }
        }
        for t in tails {
            for m in [-t.valueAtRisk.value, -t.tailValueAtRisk.value] where m.isFinite {
                lo = min(lo, m)
                hi = max(hi, m)
            }
        }
        lo = max(lo, h.firstEdge)
        hi = min(hi, lastEdge)
        // Merge fine bins g at a time (g a power of two, so merged edges stay on multiples of g·w).
        var g = 1
        while (hi - lo) / (w * Double(g)) > Double(maxBars) { g *= 2 }
        let first = Int((h.firstEdge / w).rounded())
        var groups: [Int: Int] = [:]
        var below = 0, above = 0
        for (i, c) in h.counts.enumerated() where c > 0 {
            let edge = h.firstEdge + Double(i) * w
            if edge + w <= lo { below += c; continue }
            if edge >= hi { above += c; continue }
            let a = first + i
            let k = a >= 0 ? a / g : -((-a + g - 1) / g)
            groups[k, default: 0] += c
        }
        let bars = groups.keys.sorted().map { k in
            Bar(from: Double(k * g) * w, to: Double(k * g + g) * w, count: groups[k]!)
        }
        guard let firstBar = bars.first, let lastBar = bars.last else { return "" }
        var xlo = min(firstBar.from, lo), xhi = max(lastBar.to, hi)
        if xhi - xlo < 1e-6 * max(abs(xlo), abs(xhi), 1) {   // every margin (nearly) the same: show it in context
            let pad = max(0.05 * abs(xlo), 1)
            (xlo, xhi) = (xlo - pad, xhi + pad)
        }
        let maxShare = bars.map { Double($0.count) / n }.max() ?? 1
        let barWidth = w * Double(g)

        var plot = SVGPlot(title: "Distribution of the margin M",
                           x: Axis(lo: xlo, hi: xhi, label: HTMLText.compactDollars),
                           y: Axis(lo: 0, hi: maxShare * 1.12, label: { HTMLText.compactPercent($0) }))
        plot.axes(xTitle: "Margin M, dollars per period (M > 0 gain, M < 0 loss)",
                  yTitle: "Share of trials per \(HTMLText.compactDollars(barWidth)) bin")
        if xlo < 0 { plot.rect(x0: xlo, x1: min(0, xhi), y0: 0, y1: plot.y.hi, cssClass: "loss-zone") }
        for b in bars {
            let share = Double(b.count) / n
            plot.rect(x0: b.from, x1: b.to, y0: 0, y1: share, cssClass: b.to <= 0 ? "bar-loss" : "bar",
                      title: "\(HTMLText.dollars(b.from)) to \(HTMLText.dollars(b.to)): \(b.count.formatted()) trials (\(HTMLText.percent(share)))")
        }
        if xlo < 0 && xhi > 0 { plot.verticalMarker(at: 0, cssClass: "zero-line", label: nil) }
        for t in tails.sorted(by: { $0.level < $1.level }) {
            let label = percentLabel(t.level)
            let v = t.valueAtRisk.value, tv = t.tailValueAtRisk.value
            if v.isFinite {
                plot.verticalMarker(at: -v, cssClass: "var-line", label: "VaR \(label)%",
                                    attributes: markerAttributes("var", t.level, v))
            }
            if tv.isFinite {
                plot.verticalMarker(at: -tv, cssClass: "tvar-line", label: "TVaR \(label)%",
                                    attributes: markerAttributes("tvar", t.level, tv))
            }
        }
        plot.legend("trials per bin", cssClass: "bar", kind: .box)
        plot.legend("in a loss", cssClass: "bar-loss", kind: .box)
        plot.legend("VaR of L (at M = −VaR)", cssClass: "var-line", kind: .dashed)
        plot.legend("TVaR of L (at M = −TVaR)", cssClass: "tvar-line", kind: .line)

        var rows: [[String]] = []
        var running = below
        if below > 0 { rows.append(["below " + HTMLText.dollars(bars[0].from), "", below.formatted(), HTMLText.percent(Double(below) / n), HTMLText.percent(Double(running) / n)]) }
        for b in bars {
            running += b.count
            rows.append([HTMLText.dollars(b.from), HTMLText.dollars(b.to), b.count.formatted(),
                         HTMLText.percent(Double(b.count) / n), HTMLText.percent(Double(running) / n)])
        }
        if above > 0 { rows.append(["from " + HTMLText.dollars(bars[bars.count - 1].to), "", above.formatted(), HTMLText.percent(Double(above) / n), "100.00%"]) }
        let table = DataTable(columns: ["M from", "M to", "trials", "share", "cumulative"], rows: rows).render()
        var caption = "All \(h.trials.formatted()) trials, binned as the engine merged them (fine bins of "
            + "\(HTMLText.dollars(w)) merged \(g) at a time into bars of \(HTMLText.dollars(barWidth)))."
        if below + above > 0 {
            caption += " \(below.formatted()) trials below and \(above.formatted()) above the plotted range are counted in the table."
        }
        caption += " Bin counts are exact; a bar's share has binomial standard error √(p(1 − p)/n)."
        return HTMLPage.section(id: "distribution", title: "Distribution of the margin",
                                intro: "Every trial's margin M, with the value at risk (VaR, dashed) and tail value at risk (TVaR, solid) of the loss L = −M at each level, drawn where M = −VaR and M = −TVaR.",
                                HTMLPage.chartWithTable(plot.svg(attributes: "data-chart=\"histogram\" data-x-quantity=\"margin\""),
                                                        caption: caption, table: table))
    }

    /// The `data-` attributes of a VaR or TVaR marker: what it encodes, for a reader of the page to check.
    static func markerAttributes(_ kind: String, _ level: Double, _ loss: Double) -> String {
        "data-marker=\"\(kind)\" data-level=\"\(HTMLText.number(level))\" data-loss=\"\(HTMLText.number(loss))\" "
            + "data-margin=\"\(HTMLText.number(-loss))\""
    }
}
