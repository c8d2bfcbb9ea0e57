import Foundation
import APMOutput
import APMSupport

/// The price–risk curves of `price --grid`: P(loss), E[M], VaR and TVaR of the loss at every grid value (the
/// same trials at each), with the targets as horizontal lines and the solution with its 95% interval.
enum PriceCharts {
    static func isRate(_ field: String) -> Bool { field.hasSuffix("_rate") }

    static func fieldValue(_ field: String, _ v: Double) -> String {
        isRate(field) ? Figure.fixed(v, decimals: 4) : Figure.dollarsAndCents(v)
    }

    static func section(_ r: PriceResult) -> String {
        guard let grid = r.grid, !grid.isEmpty else {
            return HTMLPage.section(id: "price-risk", title: "Price–risk curves",
                                    intro: "This result has no grid: run price with --grid FROM:TO:STEP to draw P(loss), E[M], VaR and TVaR against \(r.field).", "")
        }
        let xTick: (Double) -> String = { x in isRate(r.field) ? HTMLText.compactNumber(x) : HTMLText.compactDollars(x) }
        let xTitle = isRate(r.field) ? "\(r.field) (fraction)" : "\(r.field), dollars"
        let solution = r.solution.map { s in
            CurvePanel.Solution(value: s.value, interval: s.interval.map { ($0.lower, $0.upper) },
                                label: "solution \(fieldValue(r.field, s.value))", achieved: nil,
                                attributes: "data-marker=\"solution\" data-value=\"\(HTMLText.number(s.value))\"")
        }
        let targets = r.targets ?? []
        func panel(_ title: String, _ yTitle: String, _ yTick: @escaping (Double) -> String, _ series: [CurvePanel.Series],
                   metric: String, levels: [Double]?) -> String {
            var p = CurvePanel(title: title, xTitle: xTitle, yTitle: yTitle, xTick: xTick, yTick: yTick, series: series)
            for t in targets where t.metric == metric && (levels == nil || t.level.map { levels!.contains($0) } == true || t.level == nil) {
                let label = "target " + StressCharts.metricName(metric, t.level) + " " + (metric.hasPrefix("expected") ? "≥ " : "≤ ") + (metric == "loss_probability" || metric == "expected_margin_ratio"
                    ? HTMLText.percent(t.bound) : HTMLText.dollars(t.bound))
                p.targets.append(.init(value: t.bound, label: label,
                                       attributes: "data-marker=\"target\" data-metric=\"\(metric)\" data-value=\"\(HTMLText.number(t.bound))\""))
            }
            p.solution = solution
            if var s = p.solution, let hit = targets.first(where: { $0.metric == metric && (levels == nil || $0.level.map { levels!.contains($0) } ?? true) }) {
                s.achieved = hit.achieved
                p.solution = s
            }
            return p.svg(attributes: "data-chart=\"price-risk\" data-metric=\"\(metric)\"")
        }
        let levels = grid[0].metrics.tailRisk.map(\.level)
        var svgs = panel("Loss probability against \(r.field)", "P(loss)", HTMLText.compactPercent,
                         [.init(name: "P(loss)", index: 0, points: grid.map { ($0.value, $0.metrics.lossProbability) })],
                         metric: "loss_probability", levels: nil)
        svgs += panel("Expected margin against \(r.field)", "E[M], dollars", HTMLText.compactDollars,
                      [.init(name: "E[M]", index: 0, points: grid.map { ($0.value, $0.metrics.expectedMargin) })],
                      metric: "expected_margin", levels: nil)
        if targets.contains(where: { $0.metric == "expected_margin_ratio" }) {
            svgs += panel("E[M] as a share of revenue against \(r.field)", "E[M] / revenue", HTMLText.compactPercent,
                          [.init(name: "E[M] / revenue", index: 0, points: grid.map { ($0.value, $0.metrics.expectedMarginRatio) })],
                          metric: "expected_margin_ratio", levels: nil)
        }
        func tailSeries(_ tvar: Bool) -> [CurvePanel.Series] {
            levels.enumerated().map { i, level in
                CurvePanel.Series(name: (tvar ? "TVaR " : "VaR ") + percentLabel(level) + "%", index: i, points: grid.compactMap { row in
                    guard let t = row.metrics.tailRisk.first(where: { $0.level == level }) else { return nil }
                    if tvar { return (row.value, t.tailValueAtRisk) }
                    let v = t.valueAtRisk
                    return (row.value, EstimateResult(value: v.value, standardError: v.standardError))
                })
            }
        }
        svgs += panel("TVaR of the loss against \(r.field)", "TVaR of L, dollars", HTMLText.compactDollars, tailSeries(true),
                      metric: "tvar", levels: levels)
        svgs += panel("VaR of the loss against \(r.field)", "VaR of L, dollars", HTMLText.compactDollars, tailSeries(false),
                      metric: "var", levels: levels)
        var columns = [r.field, "P(loss) ± s.e.", "E[M] ± s.e."]
        for l in levels { columns += ["VaR \(percentLabel(l))%", "TVaR \(percentLabel(l))% ± s.e."] }
        let rows = grid.map { row -> [String] in
            var cells = [fieldValue(r.field, row.value),
                         ConvergenceChart.cell(row.metrics.lossProbability, HTMLText.percent),
                         ConvergenceChart.cell(row.metrics.expectedMargin, HTMLText.dollars)]
            for t in row.metrics.tailRisk {
                cells += [HTMLText.dollars(t.valueAtRisk.value), ConvergenceChart.cell(t.tailValueAtRisk, HTMLText.dollars)]
            }
            return cells
        }
        let table = DataTable(columns: columns, rows: rows).render()
        let caption = "Every grid value re-settles the same simulated trials (common random numbers), so the curves are smooth "
            + "and differences between values are exact for this sample. Bands: ±1.96 s.e. of each figure at each value."
            + (r.solution == nil ? "" : " The vertical line is the solved \(r.field), shaded over its 95% interval.")
        return HTMLPage.section(id: "price-risk", title: "Price–risk curves",
                                intro: "Each risk figure against \(r.field), from the same trials at every value: read off the \(r.field) that meets a target where its curve crosses the target line.",
                                HTMLPage.chartWithTable(svgs, caption: caption, table: table))
    }

    /// The solution, its interval and what each target reaches there.
    static func solutionSection(_ r: PriceResult) -> String {
        guard let s = r.solution else { return "" }
        var rows: [[String]] = [["solved \(r.field)", fieldValue(r.field, s.value)]]
        if let i = s.interval {
            rows.append(["95% interval", "\(fieldValue(r.field, i.lower)) … \(fieldValue(r.field, i.upper))"])
            rows.append(["standard error", fieldValue(r.field, i.standardError)])
            rows.append(["interval method", s.intervalMethod ?? ""])
        } else {
            rows.append(["interval", s.intervalNote ?? "none"])
        }
        for t in r.targets ?? [] {
            let isShare = t.metric == "loss_probability" || t.metric == "expected_margin_ratio"
            let f: (Double) -> String = { x in isShare ? HTMLText.percent(x) : HTMLText.dollars(x) }
            let name = StressCharts.metricName(t.metric, t.level)
            let relation = t.metric.hasPrefix("expected_margin") ? "≥" : "≤"
            rows.append(["target \(name) \(relation) \(f(t.bound))", "reaches \(f(t.achieved)) at the solution"])
        }
        return HTMLPage.section(id: "solution", title: "Solution", intro: "The \(r.direction).",
                                DataTable(columns: ["", ""], rows: rows, cssClass: "figures narrow").render())
    }
}
