import Foundation
import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// The table for people: dollars rounded to the dollar, probabilities as percentages, each with ± its
/// standard error (or its 95% interval for quantiles).
package enum ReportTable {
    package static func render(_ s: Simulation, record: RunRecord) -> String {
        let r = s.report
        var head = "\(s.model.name ?? record.modelFile) — \(s.model.contract.kind), \(r.trials.formatted()) trials\n"
        if record.partial {
            head += "PARTIAL: interrupted after \(r.trials.formatted()) of \(record.trialsRequested.formatted()) trials\n"
        } else if let target = record.precisionTarget {
            head += record.precisionReached == false
                ? "Precision target \(target) NOT reached within \(record.trialsRequested.formatted()) trials\n"
                : "Stopped when \(target) (at most \(record.trialsRequested.formatted()) trials)\n"
        }
        if let tailSampling = record.tailSampling { head += tailSampling.summary + "\n" }
        return head + metrics(r, warnings: s.model.warnings) + "\n" + footer(record)
    }

    /// The metrics block: headline figures, tail risk, percentiles, then any warnings.
    package static func metrics(_ r: RiskReport, warnings: [String]) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line("Margin M > 0 is a gain for the provider; loss L = −M. ± is one Monte Carlo standard error.")
        line()
        let rows: [(String, String)] = [
            ("Loss probability P(M < 0)", r.lossProbability.hasStandardError
                ? "\(percent(r.lossProbability.value)) ± \(percent(r.lossProbability.standardError))"
                : "\(percent(r.lossProbability.value)) (\(r.lossProbability.errorNote!)"
                    + (r.lossProbability.upperBound95.map { "; 95% upper bound \(percent($0)))" } ?? ")")),
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
                 + lpad(dollars(t.tailValueAtRisk.value), 16)
                 + lpad(t.tailValueAtRisk.hasStandardError ? dollars(t.tailValueAtRisk.standardError) : "n/a¹", 14))
        }
        if let note = r.tails.compactMap(\.tailValueAtRisk.errorNote).first {
            out += wrapped("¹ no honest standard error: \(note) (see README, reliability)", indent: "  ")
        }
        line()
        if !r.breakdown.isEmpty { out += breakdown(r) }
        if !r.eventProbabilities.isEmpty {
            line("How often each limit, gate or band is reached")
            for e in r.eventProbabilities {
                let p = e.estimate
                line(pad("  " + e.name, 34) + lpad(percent(p.value), 16)
                     + lpad(p.hasStandardError ? "± " + percent(p.standardError) : "(95% ≤ \(percent(p.upperBound95 ?? 1)))", 16))
            }
            line()
        }
        line("Percentiles of the margin M")
        line(pad("pct", 8) + lpad("M", 16) + lpad("95% CI", 32))
        for p in r.percentiles {
            let e = p.estimate
            let note = e.sampleTrials < r.trials ? "  (from the first \(e.sampleTrials.formatted()) trials)" : ""
            line(pad(percentLabel(p.level), 8) + lpad(dollars(e.value), 16)
                 + lpad("\(dollars(e.lower)) … \(dollars(e.upper))", 32) + note)
        }
        if !r.exceedances.isEmpty {
            line()
            line("Exceedance probabilities of the loss L")
            line(pad("loss x", 18) + lpad("P(L > x)", 12) + "  ± s.e.")
            for e in r.exceedances {
                let p = e.probability
                let error = p.hasStandardError ? "± " + percent(p.standardError)
                    : p.upperBound95.map { "(95% upper bound \(percent($0)))" } ?? "n/a (\(p.errorNote ?? "no s.e."))"
                let note = e.sampleTrials < r.trials ? "  (from the first \(e.sampleTrials.formatted()) trials)" : ""
                line(pad(dollars(e.loss), 18) + lpad(percent(p.value), 12) + "  " + error + note)
            }
        }
        for w in warnings { line(); out += wrapped("warning: \(w)", indent: "  ") }
        return out
    }

    /// The breakdown of M: each component's mean over all trials (adding up to E[M]) and, beside it, its mean
    /// over the worst (1 − α)·n trials at each TVaR level (adding up to −TVaR), ± one standard error on the
    /// line below; at most four levels a block, so that it fits 100 columns.
    static func breakdown(_ r: RiskReport) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        let tails = r.tailBreakdowns
        if tails.isEmpty {
            line("Breakdown of E[M] (each component's mean; they add up to E[M])")
        } else {
            out += wrapped("Breakdown of M: each component's mean over all trials, and over the worst (1 − α)·n trials "
                + "at each TVaR level (the trials the TVaR averages). Components of M, > 0 adding to the margin: the "
                + "means add up to E[M], the tail means to −TVaR of the loss.")
        }
        let nameWidth = max(30, 4 + r.breakdown.map(\.name.count).max()!)
        let chunks = tails.isEmpty ? [[]] : stride(from: 0, to: tails.count, by: 4).map { Array(tails[$0..<min($0 + 4, tails.count)]) }
        for chunk in chunks {
            line(pad("", nameWidth) + lpad("all trials", 13) + chunk.map { lpad("worst \(tailShare($0.level))%", 13) }.joined())
            for (k, c) in r.breakdown.enumerated() {
                let tail = chunk.map { $0.components[k].estimate }
                line(pad("  " + c.name, nameWidth) + lpad(dollars(c.estimate.value), 13)
                     + tail.map { lpad(dollars($0.value), 13) }.joined())
                line(pad("", nameWidth) + ([c.estimate] + tail).map { lpad($0.hasStandardError ? "± " + dollars($0.standardError) : "± n/a¹", 13) }.joined())
            }
            line(pad(tails.isEmpty ? "  = E[M]" : "  = E[M]; = −TVaR", nameWidth)
                 + lpad(dollars(r.breakdown.reduce(0) { $0 + $1.estimate.value }), 13)
                 + chunk.map { lpad(dollars($0.total), 13) }.joined())
        }
        if let note = (r.breakdown + tails.flatMap(\.components)).compactMap(\.estimate.errorNote).first {
            out += wrapped("¹ no honest standard error: \(note)", indent: "  ")
        }
        line()
        return out
    }

    /// 1 − α as a percentage, to 6 significant figures (10, 0.5, 0.01).
    static func tailShare(_ level: Double) -> String { String(format: "%g", ((1 - level) * 1e8).rounded() / 1e6) }

    /// The last two lines: where the figures came from.
    package static func footer(_ record: RunRecord) -> String {
        String(format: "seed %@, generator %@, streams v%d, blocks of %d, GSL %@\n%d threads, %.2f s (%@ trials/s), model sha256 %@\n",
               String(record.seed), record.generator, record.streamVersion, record.blockTrials, record.gslVersion, record.threads,
               record.elapsedSeconds, Figure.whole(record.trialsPerSecond), String(record.modelSHA256.prefix(12)))
    }

    /// The widest line a table prints, beyond figures too wide for their column (and names, which are never cut).
    public static let width = 100

    /// `text` as lines of at most `width` characters, broken at spaces (a word longer than a line is kept whole),
    /// each ending in a line break; the first keeps the text's leading spaces, the others begin with `indent`.
    static func wrapped(_ text: String, width: Int = width, indent: String = "") -> String {
        let lead = text.prefix { $0 == " " }
        var lines: [String] = []
        var current = String(lead), start = lead.count
        for word in text.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
            if current.count > start, current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
                start = indent.count
            } else {
                current += (current.count > start ? " " : "") + word
            }
        }
        lines.append(current)
        return lines.map { $0 + "\n" }.joined()
    }

    /// Dollars rounded to the dollar (`Figure.dollars`).
    package static func dollars(_ x: Double) -> String { Figure.dollars(x) }

    /// Dollars and cents, for solved prices (`Figure.dollarsAndCents`).
    package static func dollars2(_ x: Double) -> String { Figure.dollarsAndCents(x) }

    /// A fraction as a percentage (`Figure.percent`).
    package static func percent(_ p: Double) -> String { Figure.percent(p) }

    package static func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }

    /// Right-aligned in `n` columns, with at least one space before it so a wide cell never runs into the last.
    package static func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(1, n - s.count)) + s }
}
