import Foundation
import APMOutput
import APMSupport

/// The stress charts: each scenario's change in P(loss), E[M], VaR and TVaR with its paired error bar; the
/// sensitivity tornado; the reverse-stress curve.
enum StressCharts {
    static let z = 1.959963984540054

    /// A metric as people write it: P(loss), E[M], VaR 99%, TVaR 99.5%.
    static func metricName(_ metric: String, _ level: Double?) -> String {
        let l = level.map { " " + percentLabel($0) + "%" } ?? ""
        switch metric {
        case "loss_probability": return "P(loss)"
        case "expected_margin": return "E[M]"
        case "expected_margin_ratio": return "E[M] / revenue"
        case "var": return "VaR" + l
        case "tvar": return "TVaR" + l
        default: return metric + l
        }
    }

    // MARK: Scenarios

    static func scenarios(base: MetricsResult, runs: [StressResult.ScenarioRun]) -> String {
        guard !runs.isEmpty else { return "" }
        let levels = base.tailRisk.map(\.level)
        let level = levels.contains(0.99) ? 0.99 : (levels.max() ?? 0.99)
        let shown: [(metric: String, level: Double?, title: String, format: (Double) -> String, tick: (Double) -> String)] = [
            ("loss_probability", nil, "Change in P(loss)", HTMLText.percent, HTMLText.compactPercent),
            ("expected_margin", nil, "Change in E[M]", HTMLText.dollars, HTMLText.compactDollars),
            ("var", level, "Change in VaR \(percentLabel(level))% of the loss", HTMLText.dollars, HTMLText.compactDollars),
            ("tvar", level, "Change in TVaR \(percentLabel(level))% of the loss", HTMLText.dollars, HTMLText.compactDollars),
        ]
        var svgs = ""
        var rows: [[String]] = []
        for m in shown {
            let changes = runs.map { run in run.changes.first { $0.metric == m.metric && $0.level == m.level } }
            svgs += bars(title: m.title, names: runs.map(\.name), changes: changes, tick: m.tick, format: m.format,
                         worseIsUp: m.metric != "expected_margin",
                         attributes: "data-chart=\"scenarios\" data-metric=\"\(m.metric)\"")
            for (run, ch) in zip(runs, changes) {
                guard let ch else { continue }
                rows.append([run.name, metricName(m.metric, m.level),
                             m.format(ch.base), m.format(ch.scenario), m.format(ch.change),
                             ch.pairedStandardError.map(m.format) ?? "n/a (\(ch.pairedNote ?? "none"))",
                             ch.unpairedStandardError.isFinite ? m.format(ch.unpairedStandardError) : "n/a"])
            }
        }
        let table = DataTable(columns: ["scenario", "metric", "base", "scenario", "change", "paired s.e.", "unpaired s.e."], rows: rows).render()
        let shocks = runs.map { "\($0.name): \($0.shocks.joined(separator: ", "))" }.joined(separator: "; ")
        let caption = "Every scenario reruns the base's trials with the shock applied (common random numbers); error bars are "
            + "±1.96 paired standard errors of the change, from each metric's per-trial influence terms. Shocks: \(shocks)."
        return HTMLPage.section(id: "scenarios", title: "Scenarios against the base",
                                intro: "How each scenario moves the provider's risk, with the Monte Carlo error of the change itself (much smaller than either run's own error, because both runs share their random numbers).",
                                HTMLPage.chartWithTable(svgs, caption: caption, table: table))
    }

    /// Horizontal bars of each scenario's change with its paired error bar.
    static func bars(title: String, names: [String], changes: [StressResult.Change?], tick: @escaping (Double) -> String,
                     format: (Double) -> String, worseIsUp: Bool, attributes: String) -> String {
        var lo = 0.0, hi = 0.0
        for ch in changes.compactMap({ $0 }) where ch.change.isFinite {
            let se = ch.pairedStandardError ?? 0
            lo = min(lo, ch.change - z * se)
            hi = max(hi, ch.change + z * se)
        }
        let (xlo, xhi) = Ticks.padded(lo, hi, 0.08)
        let count = Double(names.count)
        let height = 70 + 26 * count + 40
        var plot = SVGPlot(title: title, height: height, left: 190, top: 32, bottom: 50,
                           x: Axis(lo: xlo, hi: xhi, label: tick), y: Axis(lo: 0, hi: count, label: { _ in "" }))
        plot.axes(xTitle: title + (title.contains("P(loss)") ? " (percentage points)" : ", dollars"), yTitle: "", yGrid: false)
        for (i, (name, ch)) in zip(names, changes).enumerated() {
            let yc = count - Double(i) - 0.5
            plot.text(String(name.prefix(28)), px: plot.plotLeft - 8, py: plot.y.map(yc) + 4, anchor: "end", cssClass: "row-label")
            guard let ch, ch.change.isFinite else { continue }
            plot.rect(x0: 0, x1: ch.change, y0: yc - 0.32, y1: yc + 0.32, cssClass: (ch.change >= 0) == worseIsUp ? "cost-bar" : "gain-bar",
                      title: "\(name): \(format(ch.change))" + (ch.pairedStandardError.map { " ± \(format($0))" } ?? ""),
                      attributes: "data-change=\"\(HTMLText.number(ch.change))\"")
            if let se = ch.pairedStandardError { plot.horizontalErrorBar(lower: ch.change - z * se, upper: ch.change + z * se, at: yc) }
        }
        plot.verticalMarker(at: 0, cssClass: "base-line", label: nil)
        plot.legend("worse for the provider", cssClass: "cost-bar", kind: .box)
        plot.legend("better", cssClass: "gain-bar", kind: .box)
        plot.legend("±1.96 paired s.e.", cssClass: "errorbar", kind: .line)
        return plot.svg(attributes: attributes)
    }

    // MARK: Tornado

    static func tornado(metric: String, level: Double?, base: Double, rows tornado: [StressResult.TornadoRow]) -> String {
        guard !tornado.isEmpty else { return "" }
        let isProbability = metric == "loss_probability"
        let format: (Double) -> String = { x in isProbability ? HTMLText.percent(x) : HTMLText.dollars(x) }
        let tick: (Double) -> String = { x in isProbability ? HTMLText.compactPercent(x) : HTMLText.compactDollars(x) }
        let name = metricName(metric, level)
        var lo = base, hi = base
        for r in tornado { lo = min(lo, r.down, r.up); hi = max(hi, r.down, r.up) }
        let (xlo, xhi) = Ticks.padded(lo, hi, 0.08)
        let count = Double(tornado.count)
        var plot = SVGPlot(title: "Sensitivity of \(name)", height: 70 + 26 * count + 40, left: 190, top: 32, bottom: 50,
                           x: Axis(lo: xlo, hi: xhi, label: tick), y: Axis(lo: 0, hi: count, label: { _ in "" }))
        plot.axes(xTitle: "\(name)\(isProbability ? "" : ", dollars") with each parameter shocked down and up", yTitle: "", yGrid: false)
        for (i, r) in tornado.enumerated() {
            let yc = count - Double(i) - 0.5
            plot.text(r.parameter, px: plot.plotLeft - 8, py: plot.y.map(yc) + 4, anchor: "end", cssClass: "row-label")
            plot.rect(x0: base, x1: r.down, y0: yc - 0.34, y1: yc + 0.34, cssClass: "down-bar",
                      title: "\(r.downShock): \(format(r.down))", attributes: "data-shock=\"down\" data-value=\"\(HTMLText.number(r.down))\"")
            plot.rect(x0: base, x1: r.up, y0: yc - 0.34, y1: yc + 0.34, cssClass: "up-bar",
                      title: "\(r.upShock): \(format(r.up))", attributes: "data-shock=\"up\" data-value=\"\(HTMLText.number(r.up))\"")
        }
        plot.verticalMarker(at: base, cssClass: "base-line", label: "base \(format(base))", row: 0,
                            attributes: "data-marker=\"base\" data-value=\"\(HTMLText.number(base))\"")
        plot.legend("parameter shocked down", cssClass: "down-bar", kind: .box)
        plot.legend("shocked up", cssClass: "up-bar", kind: .box)
        let rows = tornado.map { [$0.parameter, $0.downShock, $0.upShock, format($0.down), format($0.up), format($0.swing)] }
        let table = DataTable(columns: ["parameter", "down shock", "up shock", "down", "up", "swing"], rows: rows).render()
        return HTMLPage.section(id: "tornado", title: "Sensitivity tornado",
                                intro: "Each parameter shocked down and up on the base's trials, ranked by the swing |up − down| in \(name).",
                                HTMLPage.chartWithTable(plot.svg(attributes: "data-chart=\"tornado\""),
                                                        caption: "Bars run from the base value to the value with the parameter shocked; the largest swing is on top.",
                                                        table: table))
    }

    // MARK: Reverse stress

    static func reverse(_ r: StressResult.Reverse) -> String {
        guard let curve = r.curve, !curve.isEmpty else { return "" }
        let isProbability = r.metric == "loss_probability"
        let format: (Double) -> String = { x in isProbability ? HTMLText.percent(x) : HTMLText.dollars(x) }
        let name = metricName(r.metric, r.level)
        var panel = CurvePanel(title: "\(name) against \(r.shock)", xTitle: "\(r.shock) shock size",
                               yTitle: name + (isProbability ? "" : ", dollars"), xTick: HTMLText.compactNumber,
                               yTick: { isProbability ? HTMLText.compactPercent($0) : HTMLText.compactDollars($0) },
                               series: [.init(name: name, index: 0, points: curve.map { ($0.size, $0.estimate) })])
        panel.targets = [.init(value: r.target, label: "target \(format(r.target))",
                               attributes: "data-marker=\"target\" data-value=\"\(HTMLText.number(r.target))\"")]
        let interval = r.standardError.isFinite ? (r.size - z * r.standardError, r.size + z * r.standardError) : nil
        panel.solution = .init(value: r.size, interval: interval, label: "\(r.shock) = \(Figure.significant(r.size))",
                               achieved: r.target, attributes: "data-marker=\"solution\" data-value=\"\(HTMLText.number(r.size))\"")
        panel.height = 330
        let rows = curve.map { [Figure.significant($0.size), ConvergenceChart.cell($0.estimate, format)] }
        let table = DataTable(columns: ["\(r.shock) size", "\(name) ± s.e."], rows: rows).render()
        let caption = "Every point reruns the model with the shock at that size on the base's trials (16 scan steps, then "
            + "bisection). The breaking size is \(Figure.significant(r.size)) ± \(Figure.significant(r.standardError)) "
            + "(delta-method s.e.), shaded over ±1.96 s.e."
        return HTMLPage.section(id: "reverse", title: "Reverse stress",
                                intro: "The size of the \(r.shock) shock at which \(name) reaches \(format(r.target)).",
                                HTMLPage.chartWithTable(panel.svg(attributes: "data-chart=\"reverse\""), caption: caption, table: table))
    }
}
