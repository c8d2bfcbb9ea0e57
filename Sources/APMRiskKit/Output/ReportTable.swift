import Foundation

/// The table for people: dollars rounded to the dollar, probabilities as percentages, each with ± its
/// standard error (or its 95% interval for quantiles).
enum ReportTable {
    static func render(_ s: Simulation, record: RunRecord) -> String {
        let r = s.report
        var head = "\(s.model.name ?? record.modelFile) — \(s.model.contract.kind), \(r.trials.formatted()) trials\n"
        if record.partial {
            head += "PARTIAL: interrupted after \(r.trials.formatted()) of \(record.trialsRequested.formatted()) trials\n"
        } else if let target = record.precisionTarget {
            head += r.trials < record.trialsRequested
                ? "Stopped when \(target) (at most \(record.trialsRequested.formatted()) trials)\n"
                : "Precision target \(target) NOT reached within \(record.trialsRequested.formatted()) trials\n"
        }
        return head + metrics(r, warnings: s.model.warnings) + "\n" + footer(record)
    }

    /// The metrics block: headline figures, tail risk, percentiles, then any warnings.
    static func metrics(_ r: RiskReport, warnings: [String]) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line("Margin M > 0 is a gain for the provider; loss L = −M. ± is one Monte Carlo standard error.")
        line()
        let rows: [(String, String)] = [
            ("Loss probability P(M < 0)", "\(percent(r.lossProbability.value)) ± \(percent(r.lossProbability.standardError))"),
            ("Expected margin E[M]", "\(dollars(r.expectedMargin.value)) ± \(dollars(r.expectedMargin.standardError))"),
            ("  as a share of revenue", "\(percent(r.expectedMarginRatio.value)) ± \(percent(r.expectedMarginRatio.standardError)) of \(dollars(r.revenue))"),
            ("SD(M)", "\(dollars(r.marginStandardDeviation.value)) ± \(dollars(r.marginStandardDeviation.standardError))"),
        ]
        for (k, v) in rows { line(k.padding(toLength: 28, withPad: " ", startingAt: 0) + v) }
        line()
        line("Tail risk of the loss L")
        line(pad("level", 8) + lpad("VaR", 16) + lpad("95% CI", 32) + lpad("TVaR", 16) + lpad("± s.e.", 14))
        for t in r.tails {
            let v = t.valueAtRisk
            line(pad(percentLabel(t.level) + "%", 8) + lpad(dollars(v.value), 16)
                 + lpad("\(dollars(v.lower)) … \(dollars(v.upper))", 32)
                 + lpad(dollars(t.tailValueAtRisk.value), 16) + lpad(dollars(t.tailValueAtRisk.standardError), 14))
        }
        line()
        line("Percentiles of the margin M")
        line(pad("pct", 8) + lpad("M", 16) + lpad("95% CI", 32))
        for p in r.percentiles {
            let e = p.estimate
            let note = e.sampleTrials < r.trials ? "  (from the first \(e.sampleTrials.formatted()) trials)" : ""
            line(pad(percentLabel(p.level), 8) + lpad(dollars(e.value), 16)
                 + lpad("\(dollars(e.lower)) … \(dollars(e.upper))", 32) + note)
        }
        for w in warnings { line(); line("warning: \(w)") }
        return out
    }

    /// The last line: where the figures came from.
    static func footer(_ record: RunRecord) -> String {
        String(format: "seed %@, generator %@, GSL %@, %d threads, %.2f s (%@ trials/s), model sha256 %@\n",
               String(record.seed), record.generator, record.gslVersion, record.threads,
               record.elapsedSeconds, Int(saturating: record.trialsPerSecond).formatted(), String(record.modelSHA256.prefix(12)))
    }

    static func dollars(_ x: Double) -> String {
        let rounded = x.rounded()
        let sign = rounded < 0 ? "−" : ""
        // Beyond Int's range (about 9.2e18 dollars) the amount is shown in exponent form rather than trapping.
        return sign + "$" + (Int(checked: abs(rounded)).map { $0.formatted() } ?? String(format: "%.6g", abs(rounded)))
    }

    /// Dollars and cents, for solved prices.
    static func dollars2(_ x: Double) -> String {
        let cents = (abs(x) * 100).rounded()
        guard let whole = Int(checked: cents / 100), let frac = Int(checked: cents.truncatingRemainder(dividingBy: 100))
        else { return dollars(x) }
        return (x < 0 ? "−" : "") + "$" + whole.formatted() + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    static func percent(_ p: Double) -> String { String(format: "%.2f%%", p * 100) }

    static func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }

    static func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}
