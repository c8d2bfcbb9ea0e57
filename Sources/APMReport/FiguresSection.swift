import APMOutput
import APMSupport

/// The figures of a `metrics` object as tables: the headline figures, VaR and TVaR at each level, the
/// percentiles of the margin, P(L > x) at each loss asked for, each with its Monte Carlo error.
enum FiguresSection {
    static func section(_ m: MetricsResult, id: String = "figures", title: String = "Key figures", intro: String? = nil) -> String {
        HTMLPage.section(id: id, title: title, intro: intro ?? "Every figure with its Monte Carlo standard error (±) or 95% interval, from \(m.trials.formatted()) trials.",
                         tables(m))
    }

    static func tables(_ m: MetricsResult) -> String {
        func estimate(_ e: EstimateResult, _ f: (Double) -> String) -> String {
            if let se = e.standardError { return "\(f(e.value)) ± \(f(se))" }
            if let ub = e.upperBound95 { return "\(f(e.value)) (95% upper bound \(f(ub)))" }
            return "\(f(e.value)) (\(e.errorNote ?? "no s.e."))"
        }
        let headline = DataTable(columns: ["figure", "value"], rows: [
            ["Loss probability P(M < 0)", estimate(m.lossProbability, HTMLText.percent)],
            ["Expected margin E[M]", estimate(m.expectedMargin, HTMLText.dollars)],
            ["E[M] as a share of revenue (\(HTMLText.dollars(m.revenue)))", estimate(m.expectedMarginRatio, HTMLText.percent)],
            ["SD of the margin", estimate(m.marginSD, HTMLText.dollars)],
            ["Trials", m.trials.formatted()],
        ], cssClass: "figures").render()
        let tails = DataTable(columns: ["level", "VaR of L", "95% interval", "TVaR of L", "± s.e.", "tail trials"], rows: m.tailRisk.map { t in
            [percentLabel(t.level) + "%", HTMLText.dollars(t.valueAtRisk.value),
             "\(HTMLText.dollars(t.valueAtRisk.ci95Lower)) … \(HTMLText.dollars(t.valueAtRisk.ci95Upper))",
             HTMLText.dollars(t.tailValueAtRisk.value),
             t.tailValueAtRisk.standardError.map(HTMLText.dollars) ?? "n/a (\(t.tailValueAtRisk.errorNote ?? "no s.e."))",
             t.tvarTrials.formatted()]
        }, cssClass: "figures").render()
        let percentiles = DataTable(columns: ["percentile", "margin M", "95% interval", "from trials"], rows: m.marginPercentiles.map { p in
            [percentLabel(p.level), HTMLText.dollars(p.estimate.value),
             "\(HTMLText.dollars(p.estimate.ci95Lower)) … \(HTMLText.dollars(p.estimate.ci95Upper))",
             p.estimate.sampleTrials.formatted()]
        }, cssClass: "figures").render()
        var out = "<div class=\"grid-2\"><div><h3>Headline</h3>\(headline)</div><div><h3>Tail risk of the loss L = −M</h3>\(tails)</div>"
        out += "<div><h3>Percentiles of the margin M</h3>\(percentiles)</div>"
        if let ex = m.exceedance, !ex.isEmpty {
            let table = DataTable(columns: ["loss x", "P(L > x)", "from trials"], rows: ex.map { e in
                [HTMLText.dollars(e.loss), estimate(e.probability, HTMLText.percent), e.sampleTrials.formatted()]
            }, cssClass: "figures").render()
            out += "<div><h3>Exceedance probabilities P(L &gt; x)</h3>\(table)</div>"
        }
        return out + "</div>"
    }
}

/// Where the figures came from: the run record, the model file's text and its SHA-256 (checked against the
/// text the record carries).
enum RunRecordSection {
    static func section(_ r: RunRecord) -> String {
        var rows: [[String]] = [
            ["model file", r.modelFile], ["seed", String(r.seed)], ["trials", r.trials.formatted()],
            ["trials requested", r.trialsRequested.formatted()], ["partial", r.partial ? "yes (interrupted)" : "no"],
        ]
        if let t = r.precisionTarget { rows.append(["precision target", t]) }
        if let reached = r.precisionReached { rows.append(["precision reached", reached ? "yes" : "no"]) }
        rows += [
            ["threads", r.threads.formatted()], ["block trials", r.blockTrials.formatted()], ["generator", r.generator],
            ["stream version", String(r.streamVersion)], ["GSL version", r.gslVersion], ["apmrisk version", r.apmriskVersion],
            ["elapsed", String(format: "%.2f s", r.elapsedSeconds)], ["trials per second", Figure.whole(r.trialsPerSecond)],
        ]
        var out = DataTable(columns: ["field", "value"], rows: rows, cssClass: "figures").render()
        out += "<p>Model SHA-256: <span class=\"hash\">\(HTMLText.escape(r.modelSHA256))</span>"
        if let text = r.modelText {
            let matches = SHA256.hex(Array(text.utf8)) == r.modelSHA256
            out += matches ? " <span class=\"ok\">(matches the model text below)</span>"
                : " <span class=\"bad\">(does not match the model text below)</span>"
            out += "</p><pre class=\"model\">\(HTMLText.escape(text))</pre>"
        } else {
            out += " (this result does not carry the model's text)</p>"
        }
        return HTMLPage.section(id: "run", title: "Run record and model",
                                intro: "Enough to reproduce every figure: the same model file (by its SHA-256), seed, trials, generator and stream version give the same figures on any number of threads.",
                                out)
    }
}
