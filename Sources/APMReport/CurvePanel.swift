import Foundation
import APMOutput

/// A chart of one or more metrics against a numeric x (a price, a shock size), each series with its ±1.96 s.e.
/// band, with horizontal target lines and a vertical solution line with its 95% interval: the price–risk and
/// reverse-stress charts.
struct CurvePanel {
    struct Series {
        var name: String
        var index: Int   // colour: 0…3
        var points: [(x: Double, estimate: EstimateResult)]
    }

    struct Target {
        var value: Double
        var label: String
        var attributes: String = ""
    }

    struct Solution {
        var value: Double
        var interval: (lower: Double, upper: Double)?
        var label: String
        /// Where the solution lands on this panel's metric, if known.
        var achieved: Double?
        var attributes: String = ""
    }

    var title: String
    var xTitle: String
    var yTitle: String
    var xTick: (Double) -> String
    var yTick: (Double) -> String
    var series: [Series]
    var targets: [Target] = []
    var solution: Solution?
    var height: Double = 250

    static let solutionLegend = "solution (shaded: 95% interval)"
    static let lineClasses = ["series-a", "series-b", "series-c", "series-d"]
    static let bandClasses = ["band", "band-b", "band-c", "band-d"]
    static let dotClasses = ["dot-a", "dot-b", "dot-c", "dot-d"]

    func svg(attributes: String) -> String {
        let z = 1.959963984540054
        let all = series.flatMap(\.points)
        var xs = all.map(\.x)
        if let s = solution { xs += [s.value] + (s.interval.map { [$0.lower, $0.upper] } ?? []) }
        var ys: [Double] = []
        for p in all where p.estimate.value.isFinite {
            let se = p.estimate.standardError ?? 0
            ys += [p.estimate.value - z * se, p.estimate.value + z * se]
        }
        ys += targets.map(\.value)
        if let a = solution?.achieved { ys.append(a) }
        let finiteX = xs.filter(\.isFinite), finiteY = ys.filter(\.isFinite)
        guard let xmin = finiteX.min(), let xmax = finiteX.max(), let ymin = finiteY.min(), let ymax = finiteY.max() else { return "" }
        let (xlo, xhi) = Ticks.padded(xmin, xmax, 0.03)
        let (ylo, yhi) = Ticks.padded(ymin, ymax, 0.1)
        var legend = series.map(\.name)
        if !series.isEmpty { legend.append("±1.96 s.e.") }
        if !targets.isEmpty { legend.append("target") }
        if solution != nil { legend.append(Self.solutionLegend) }
        let rows = SVGPlot.legendRows(legend, width: 680, left: 84)
        var plot = SVGPlot(title: title, height: height + 15 * Double(rows - 1), top: 32 + 15 * Double(rows - 1), bottom: 52,
                           x: Axis(lo: xlo, hi: xhi, label: xTick), y: Axis(lo: ylo, hi: yhi, label: yTick))
        plot.axes(xTitle: xTitle, yTitle: yTitle, yTicks: 5)
        if let s = solution, let i = s.interval {
            plot.rect(x0: i.lower, x1: i.upper, y0: ylo, y1: yhi, cssClass: "solution-band")
        }
        for s in series {
            let c = s.index % 4
            plot.band(s.points.compactMap { p in
                guard let se = p.estimate.standardError else { return nil }
                return (p.x, p.estimate.value - z * se, p.estimate.value + z * se)
            }, cssClass: Self.bandClasses[c])
            plot.line(s.points.map { ($0.x, $0.estimate.value) }, cssClass: Self.lineClasses[c])
            for p in s.points { plot.dot(p.x, p.estimate.value, cssClass: Self.dotClasses[c], radius: 2.5) }
            plot.legend(s.name, cssClass: Self.lineClasses[c], kind: .line)
        }
        for t in targets {
            plot.horizontalMarker(at: t.value, cssClass: "target-line", label: t.label, attributes: t.attributes)
        }
        if let s = solution {
            plot.verticalMarker(at: s.value, cssClass: "solution-line", label: s.label, row: 0, attributes: s.attributes)
            if let a = s.achieved { plot.dot(s.value, a, cssClass: "dot-solution", radius: 5) }
        }
        if !series.isEmpty { plot.legend("±1.96 s.e.", cssClass: "band", kind: .band) }
        if !targets.isEmpty { plot.legend("target", cssClass: "target-line", kind: .dashed) }
        if solution != nil { plot.legend(Self.solutionLegend, cssClass: "solution-line", kind: .line) }
        return plot.svg(attributes: attributes)
    }
}
