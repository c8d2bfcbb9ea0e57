/// What `apmrisk validate` prints: the model as apmrisk understood it, with implied means and cvs.
public enum ModelDescription {
    public static func render(_ model: RiskModel, scenarios: [Scenario] = []) -> String {
        var lines: [String] = []
        lines.append("model: \(model.name ?? "(unnamed)")")
        lines.append("unit cost (\(unitName(model.contract))):")
        lines += describe(model.unitCost, indent: "  ")
        if let u = model.parameterUncertainty, case let leaf? = CostSampler(model.unitCost).parameterLeaf {
            let native = leaf.native
            let sds = zip(native.family.parameterNames, u.covariance.indices).map { name, i in "\(name) ± \(num(u.covariance[i][i].squareRoot()))" }
            lines.append("  parameters drawn afresh each trial around these (parameter risk, s.d. of the estimates): "
                + sds.joined(separator: ", "))
        }
        if let theta = model.systematicFactor {
            lines.append("systematic factor Θ (multiplies every cost in a trial):")
            lines += describe(theta, indent: "  ")
        } else {
            lines.append("systematic factor Θ: none (Θ = 1)")
        }
        lines.append("contract: \(model.contract.kind)")
        lines += contractTerms(model.contract).map { "  " + $0 }
        let r = model.run
        lines.append("run: \(r.trials) trials, seed \(r.seed), generator \(r.generator.name), levels "
            + r.levels.map { percentLabel($0) + "%" }.joined(separator: ", "))
        for scenario in scenarios {
            lines.append("scenario '\(scenario.name)': " + scenario.shocks.map(\.description).joined(separator: ", "))
        }
        lines += model.warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    package static func unitName(_ c: Contract) -> String {
        switch c.unitName {
        case "episodes": return "one episode"
        case "volume": return "one unit of volume"
        default: return "one member over the period"
        }
    }

    package static func moments(_ d: CostDistribution) -> String {
        let m = d.mean, cv = d.cv
        let mean = m.isFinite ? "mean \(num(m))" : "mean infinite"
        return cv.isFinite ? "\(mean), cv \(num(cv))" : "\(mean), cv infinite"
    }

    package static func describe(_ d: CostDistribution, indent: String) -> [String] {
        switch d {
        case let .continuous(c):
            return [indent + continuous(c) + " — " + moments(d)]
        case let .empirical(e):
            return [indent + "empirical: \(e.values.count.formatted()) observed values from \(e.source), each equally likely — " + moments(d)]
        case let .mixture(m):
            var out = [indent + "mixture — " + moments(d)]
            for (w, c) in zip(m.weights, m.components) {
                out.append(indent + "  weight \(num(w)):")
                out += describe(c, indent: indent + "    ")
            }
            return out
        case let .zeroInflated(p, base):
            return [indent + "zero with probability \(num(p)), otherwise: — " + moments(d)] + describe(base, indent: indent + "  ")
        case let .compound(k, z):
            return [indent + "compound: \(count(k)) claims — " + moments(d), indent + "  severity:"]
                + describe(z, indent: indent + "    ")
        case let .withAddOns(base, addOns):
            var out = [indent + "with add-ons — " + moments(d)] + describe(base, indent: indent + "  ")
            for a in addOns {
                out.append(indent + "  add-on '\(a.name)' with probability \(num(a.probability)):")
                out += describe(a.cost, indent: indent + "    ")
            }
            return out
        }
    }

    /// "lognormal(zeta 9.8, sigma 0.47)", or "constant 5000": the family's key and its native parameters.
    package static func continuous(_ c: ContinuousDistribution) -> String {
        let (family, values) = c.native
        if family.isScalar { return "\(family.name) \(values.map(num).joined(separator: " "))" }
        return "\(family.name)(" + zip(family.parameterNames, values).map { "\($0) \(num($1))" }.joined(separator: ", ") + ")"
    }

    /// ", loading on Θ with correlation ρ" for a quantity drawn through the Gaussian copula on Θ; "" when independent.
    private static func loading(_ rho: Double) -> String {
        rho == 0 ? "" : ", loading on Θ with correlation \(num(rho)) (Gaussian copula)"
    }

    package static func count(_ k: CountDistribution) -> String {
        switch k {
        case let .fixed(n): return "fixed \(n)"
        case let .poisson(mu): return "poisson(mean \(num(mu)))"
        case let .negativeBinomial(p, n):
            return "negative_binomial(p \(num(p)), n \(num(n)); mean \(num(k.mean)), variance \(num(k.variance)))"
        case let .scaled(base, f):
            return "\(count(base)) × \(num(f)) (mean \(num(k.mean)), variance \(num(k.variance)))"
        }
    }

    /// Every term of the contract, in chain order: units, unit terms, quality score, aggregate terms.
    package static func contractTerms(_ c: Contract) -> [String] {
        func opt(_ x: Double) -> String { x.isFinite ? num(x) : "none" }
        var out = ["\(c.unitName) N: \(count(c.units))" + loading(c.unitsSystematicCorrelation),
                   "expected revenue: $\(num(c.expectedRevenue))"]
        if c.unitTerms.cap.isFinite || c.unitName == "episodes" { out.append("cap per unit u: \(opt(c.unitTerms.cap))") }
        if let sl = c.unitTerms.stopLoss {
            out.append("specific stop-loss: attachment A $\(num(sl.attachment)) per unit, coinsurance c \(num(sl.coinsurance))")
        }
        if let r = c.riskAdjustment { out += riskAdjustment(r) }
        for (i, q) in c.quality.enumerated() {
            out.append("quality measure \(i + 1), \(q.name): \(quality(q.score))" + loading(q.systematicCorrelation))
        }
        out += c.terms.enumerated().map { "term \($0.offset + 1), \(type(of: $0.element.base).kind): \($0.element.base.summary)" }
        return out
    }

    /// A risk-adjusted capitation's member model: S, E, b and the attribution.
    package static func riskAdjustment(_ r: RiskAdjustment) -> [String] {
        func law(_ d: ContinuousDistribution) -> String { continuous(d) + " — " + moments(.continuous(d)) }
        let residual = r.rSquared.map { " (lognormal from R² = \(num($0)) and the score's cv)" } ?? ""
        let attribution: String
        switch r.attribution {
        case .full: attribution = "every member the whole period (exposure 1)"
        case let .fixed(a, m): attribution = "every member \(num(a)) of \(num(m)) months (exposure \(num(a / m)))"
        case let .binomial(m, p): attribution = "months attributed ~ Binomial(\(m), \(num(p))) (mean exposure \(num(p)))"
        }
        return ["member cost Y = Θ·m·(1 + b)·S·E × exposure, m = the mean of the unit cost (its shape is not used)",
                "risk score S: " + law(r.score), "residual E: " + law(r.residual) + residual,
                "missed cost share b: \(num(r.missedCostShare))", "attribution: " + attribution]
    }

    package static func quality(_ q: QualityScore) -> String {
        switch q {
        case let .fixed(v): return "fixed \(num(v))"
        case let .beta(m, s): return "beta, mean \(num(m)), sd \(num(s))"
        case let .observedRate(n, p, complement, expected):
            return "observed rate of \(n) cases, event probability \(num(p))" + (complement ? ", scored 1 − k/n" : ", scored k/n")
                + (expected.map { ", divided by the expected rate \(num($0))" } ?? "")
        case let .discrete(values, probabilities):
            return "discrete: " + zip(values, probabilities).map { "\(num($0)) w.p. \(num($1))" }.joined(separator: ", ")
        }
    }

    /// `Figure.plain`.
    package static func num(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e12 ? String(Int(saturating: x)) : Figure.significant(x)
    }
}

import Foundation
import APMAnalysis
import APMBench
import APMContracts
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport
