import Foundation
import APMAnalysis
import APMFit
import APMSampling
import APMSupport

/// What `apmrisk fit` prints: for a cost column, each family's fit per group ranked by AIC, with goodness of fit;
/// for a count column, Poisson against negative binomial. Table, JSON and CSV, and the model-file block of the
/// best fit (`modelBlock`).
public struct FitReport: Sendable {
    public enum Kind: Sendable {
        case costs([ColumnFit])
        case counts([(group: String?, fit: CountFit)])
    }

    public let file: String
    public let column: String
    public let by: String?
    public let kind: Kind
    public let replicates: Int
    public let seed: UInt64
    /// Whether the model block carries the estimates' covariance (`parameter_uncertainty`).
    public var parameterRisk = false

    public init(file: String, column: String, by: String?, kind: Kind, replicates: Int, seed: UInt64) {
        self.file = file
        self.column = column
        self.by = by
        self.kind = kind
        self.replicates = replicates
        self.seed = seed
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return ResultJSON.text(FitResult(self)) + "\n"
        case .csv: return csv()
        }
    }

    // MARK: Table

    package static func estimate(_ p: FittedParameter) -> String {
        guard let se = p.standardError else { return "\(p.name) \(Figure.number(p.value)) (fixed)" }
        return "\(p.name) \(Figure.number(p.value)) ± \(Figure.number(se))"
    }

    package static func plusMinus(_ p: FittedParameter) -> String {
        guard p.value.isFinite else { return "infinite" }
        return Figure.number(p.value) + (p.standardError.map { " ± \(Figure.number($0))" } ?? "")
    }

    package func title(_ group: String?) -> String {
        "\(file), column \(column)" + (group.map { ", \(by ?? "group") = \($0)" } ?? "")
    }

    func table() -> String {
        var out = "apmrisk \(Simulation.version) fit — maximum likelihood; ± is one standard error (observed information)\n"
        switch kind {
        case let .costs(columns):
            out += "p-values of KS and AD by parametric bootstrap: \(replicates) replicates, seed \(seed)\n"
            for c in columns { out += "\n" + costTable(c) }
        case let .counts(groups):
            for g in groups { out += "\n" + countTable(g.group, g.fit) }
        }
        return out
    }

    func costTable(_ c: ColumnFit) -> String {
        var out = "\(title(c.group)): \(c.sampleSize.formatted()) values"
        if let p0 = c.probabilityZero {
            out += "; \(c.zeros.formatted()) are 0 (probability_zero \(Figure.percent(p0.value)) ± \(Figure.percent(p0.standardError ?? 0))), fitted: the rest"
        }
        out += "\n"
        out += ReportTable.pad("family", 13) + ReportTable.pad("parameters", 56) + ReportTable.pad("mean", 26)
            + ReportTable.pad("cv", 22) + ReportTable.lpad("AIC", 10) + ReportTable.lpad("KS D (p)", 18)
            + ReportTable.lpad("AD A² (p)", 18) + "\n"
        for f in c.fits {
            let mark = f.family == c.best?.family && c.isRanked(f) ? " *" : c.isRanked(f) ? "" : " †"
            let g = f.goodness
            out += ReportTable.pad(f.family.rawValue + mark, 13)
                + ReportTable.pad(f.parameters.map(Self.estimate).joined(separator: ", ") + "  ", 56)
                + ReportTable.pad(Self.plusMinus(f.impliedMean) + "  ", 26) + ReportTable.pad(Self.plusMinus(f.impliedCV) + "  ", 22)
                + ReportTable.lpad(Figure.fixed(f.aic, decimals: 1), 10)
                + ReportTable.lpad(g.map { "\(Figure.fixed($0.ks, decimals: 4)) (\(Figure.fixed($0.ksPValue, decimals: 3)))" } ?? "", 18)
                + ReportTable.lpad(g.map { "\(Figure.fixed($0.ad, decimals: 3)) (\(Figure.fixed($0.adPValue, decimals: 3)))" } ?? "", 18)
                + "\n"
        }
        for miss in c.notFitted { out += "\(miss.family.rawValue): not fitted — \(miss.reason)\n" }
        if let m = c.mixture {
            out += "two-lognormal mixture (EM, s.e. from \(m.replicates) bootstrap replicates): AIC \(Figure.fixed(m.aic, decimals: 1))\n"
            for (i, k) in m.components.enumerated() {
                out += "  component \(i + 1): \(Self.estimate(k.weight)), \(Self.estimate(k.zeta)), \(Self.estimate(k.sigma))\n"
            }
        }
        out += "* lowest AIC of the fits covering every value above 0"
        if c.fits.contains(where: { !c.isRanked($0) }) { out += "; † fitted above its threshold only, not ranked" }
        out += ". Small p: the family does not fit.\n"
        return out
    }

    func countTable(_ group: String?, _ f: CountFit) -> String {
        var out = "\(title(group)): \(f.sampleSize.formatted()) counts, mean \(Figure.number(f.mean)), "
            + "variance \(Figure.number(f.variance))\n"
        out += ReportTable.pad("Poisson", 20) + ReportTable.pad(Self.estimate(f.poisson), 66)
            + "log L \(Figure.fixed(f.poissonLogLikelihood, decimals: 2)), AIC \(Figure.fixed(f.aicPoisson, decimals: 2))\n"
        if let nb = f.negativeBinomial, let ll = f.negativeBinomialLogLikelihood, let aic = f.aicNegativeBinomial {
            out += ReportTable.pad("negative binomial", 20)
                + ReportTable.pad("\(Self.estimate(nb.r)), \(Self.estimate(nb.p)) (dispersion \(Figure.number(1 / nb.p.value)))  ", 66)
                + "log L \(Figure.fixed(ll, decimals: 2)), AIC \(Figure.fixed(aic, decimals: 2))\n"
        } else if let note = f.negativeBinomialNote {
            out += ReportTable.pad("negative binomial", 20) + "not estimable: \(note)\n"
        }
        out += "overdispersion: "
        if let lr = f.likelihoodRatio, let p = f.likelihoodRatioPValue {
            out += "likelihood ratio \(Figure.fixed(lr, decimals: 2)), p = \(Figure.significant(p)) (½χ²₁ on the boundary); "
        }
        out += "dispersion index \(Figure.fixed(f.dispersionIndex, decimals: 1)) on \(f.sampleSize - 1) d.f., "
            + "p = \(Figure.significant(f.dispersionPValue))\n"
        return out
    }

    // MARK: CSV

    func csv() -> String {
        func num(_ x: Double?) -> CSVCell { x.map { .number($0) } ?? .empty }
        func group(_ g: String?) -> CSVCell { g.map { .text($0) } ?? .empty }
        var rows: [[CSVCell]] = []
        switch kind {
        case let .costs(columns):
            for c in columns {
                for f in c.fits {
                    let g = f.goodness
                    for p in f.parameters + [f.impliedMean, f.impliedCV] {
                        rows.append([group(c.group), .text(f.family.rawValue), .integer(c.isRanked(f) ? 1 : 0), .text(p.name),
                                     .number(p.value), num(p.standardError), .number(f.logLikelihood), .number(f.aic),
                                     .number(f.bic), num(g?.ks), num(g?.ksPValue), num(g?.ad), num(g?.adPValue)])
                    }
                }
                if let p0 = c.probabilityZero {
                    rows.append([group(c.group), .text("zero"), .empty, .text(p0.name), .number(p0.value),
                                 num(p0.standardError)] + Array(repeating: .empty, count: 7))
                }
            }
        case let .counts(groups):
            for g in groups {
                let f = g.fit
                rows.append([group(g.group), .text("poisson"), .integer(1), .text("mean"), .number(f.poisson.value),
                             num(f.poisson.standardError), .number(f.poissonLogLikelihood), .number(f.aicPoisson)]
                            + Array(repeating: .empty, count: 5))
                for p in f.negativeBinomial.map({ [$0.r, $0.p] }) ?? [] {
                    rows.append([group(g.group), .text("negative_binomial"), .integer(1), .text(p.name), .number(p.value),
                                 num(p.standardError), num(f.negativeBinomialLogLikelihood), num(f.aicNegativeBinomial)]
                                + Array(repeating: .empty, count: 5))
                }
            }
        }
        return CSVWriter.document(
            metadata: [("file", file), ("column", column), ("bootstrap_replicates", String(replicates)), ("seed", String(seed))],
            header: ["group", "family", "ranked", "parameter", "value", "standard_error", "log_likelihood", "aic", "bic",
                     "ks", "ks_p_value", "ad", "ad_p_value"], rows: rows)
    }

    // MARK: Model block

    /// Full precision for a number read back by the model reader.
    static func exact(_ x: Double) -> String { String(format: "%.10g", x) }

    /// The model-file block of the first group's best fit, with a comment saying how it was chosen: a `cost:`
    /// block (with `probability_zero` when the data hold zeros) for costs, a count for claim counts (the
    /// negative binomial when the overdispersion test rejects the Poisson at 5%).
    public func modelBlock() -> String {
        var out = "# Fitted by apmrisk \(Simulation.version) fit to \(file), column \(column)"
        switch kind {
        case let .costs(columns):
            guard let c = columns.first, let best = c.best else { return out + ": no family could be fitted\n" }
            out += c.group.map { ", \(by ?? "group") = \($0)" } ?? ""
            out += " (\(c.sampleSize.formatted()) values).\n"
            let others = c.fits.filter { c.isRanked($0) && $0.family != best.family }
                .map { "\($0.family.rawValue) \(Figure.fixed($0.aic, decimals: 1))" }
            out += "# \(best.family.rawValue) has the lowest AIC, \(Figure.fixed(best.aic, decimals: 1))"
                + (others.isEmpty ? "" : " (against \(others.joined(separator: ", ")))") + ".\n"
            if let g = best.goodness {
                out += "# Goodness of fit: KS p = \(Figure.fixed(g.ksPValue, decimals: 3)), AD p = \(Figure.fixed(g.adPValue, decimals: 3)) "
                    + "(\(g.replicates) parametric bootstrap replicates, seed \(seed)); a small p says the family does not fit.\n"
            }
            let params = best.parameters.map { "\($0.name): \(Self.exact($0.value))" }.joined(separator: ", ")
            out += "cost:\n"
            if let p0 = c.probabilityZero { out += "  probability_zero: \(Self.exact(p0.value))\n" }
            out += "  \(best.family.rawValue): {\(params)}\n"
            if parameterRisk {
                // Every native parameter, a fixed one (a Pareto's scale) with no variance.
                let k = best.parameters.count, estimated = best.covariance.count
                let rows = (0..<k).map { i in
                    "[" + (0..<k).map { j in Self.exact(i < estimated && j < estimated ? best.covariance[i][j] : 0) }
                        .joined(separator: ", ") + "]"
                }
                out += "  # The estimates' covariance (inverse observed information): each trial draws its parameters from it.\n"
                out += "  parameter_uncertainty: {covariance: [\(rows.joined(separator: ", "))]}\n"
            }
        case let .counts(groups):
            guard let g = groups.first else { return out + "\n" }
            out += g.group.map { ", \(by ?? "group") = \($0)" } ?? ""
            out += " (\(g.fit.sampleSize.formatted()) counts).\n"
            if let nb = g.fit.negativeBinomial, let p = g.fit.likelihoodRatioPValue, p < 0.05 {
                out += "# The Poisson is rejected for overdispersion (likelihood ratio p = \(Figure.significant(p))): negative binomial.\n"
                out += "frequency: {negative_binomial: {p: \(Self.exact(nb.p.value)), n: \(Self.exact(nb.r.value))}}\n"
            } else {
                out += "# No significant overdispersion at 5%: Poisson.\n"
                out += "frequency: {poisson: {mean: \(Self.exact(g.fit.poisson.value))}}\n"
            }
        }
        return out
    }

    /// `template` (a model file's text) with its top-level `cost:` block — the `cost:` line and every indented or
    /// blank line after it — replaced by this fit's block and its comment; everything else, comments included, as
    /// it was. nil when the template has no top-level `cost:`.
    public func model(fromTemplate template: String) -> String? {
        var lines = template.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("cost:") }) else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].first == " " || lines[end].first == "\t" { end += 1 }
        // Keep the blank lines that separated the block from what follows.
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        var block = modelBlock().components(separatedBy: "\n")
        if block.last == "" { block.removeLast() }
        lines.replaceSubrange(start..<end, with: block)
        return lines.joined(separator: "\n")
    }
}
