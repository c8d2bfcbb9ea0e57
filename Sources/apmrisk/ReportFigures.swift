import APMRiskKit
import Foundation

/// `--percentiles` and `--exceedance`: which percentiles of the margin and which P(L > x) every metrics block
/// reports (table, JSON, CSV and HTML alike).
enum ReportFigures {
    /// The most values either option may list.
    static let maxValues = 100

    /// Sets `run.percentiles` and `run.exceedances` from the option texts (nil: leave as they are).
    static func apply(percentiles: String?, exceedance: String?, to run: inout RunSettings) throws {
        if let percentiles { run.percentiles = try Self.percentiles(percentiles, trials: run.trials) }
        if let exceedance { run.exceedances = try Self.exceedances(exceedance) }
    }

    /// Percents strictly between 0 and 100, as fractions, each with an honest order-statistic interval at
    /// `trials` trials (both interval ranks within 1 … n; `QuantileRank.hasInterval`).
    static func percentiles(_ text: String, trials: Int) throws -> [Double] {
        let parts = try list(text, option: "--percentiles")
        return try parts.map { part in
            guard let v = try number(part, option: "--percentiles"), v > 0, v < 100 else {
                throw ModelError(field: "--percentiles", rule: "each percentile must be a number strictly between 0 and 100 (percent), "
                    + "got \(MessageText.quoted(part))")
            }
            // v/100 to 15 significant digits, so 99.9 is the fraction 0.999 (not 0.9990000000000001).
            let q = Double(String(format: "%.15g", v / 100)) ?? v / 100
            guard QuantileRank.hasInterval(q, of: trials) else {
                let need = QuantileRank.trialsForInterval(q).map { "at least \($0.formatted()) trials" } ?? "more trials than apmrisk can run"
                throw ModelError(field: "--percentiles", rule: "the \(part.trimmingCharacters(in: .whitespaces))th percentile needs \(need) "
                    + "for an order-statistic interval within the sample; the run has \(trials.formatted())")
            }
            return q
        }
    }

    /// Losses in dollars (any finite number; a negative one is a gain).
    static func exceedances(_ text: String) throws -> [Double] {
        try list(text, option: "--exceedance").map { part in
            guard let v = try number(part, option: "--exceedance") else {
                throw ModelError(field: "--exceedance", rule: "each loss must be a number of dollars, e.g. 1e6, got \(MessageText.quoted(part))")
            }
            return v
        }
    }

    /// The comma-separated values of `option`, at most `maxValues` of them.
    static func list(_ text: String, option: String) throws -> [Substring] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= maxValues else {
            throw ModelError(field: option, rule: "at most \(maxValues) values, got \(parts.count)")
        }
        return parts
    }

    /// The number `part` holds (nil for none); infinity and NaN break the options' shared rule.
    static func number(_ part: some StringProtocol, option: String) throws -> Double? {
        do { return try CommandLineValues.finite(part) } catch let e as RuleBroken {
            throw ModelError(field: option, rule: e.rule)
        }
    }
}
