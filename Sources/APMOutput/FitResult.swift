import Foundation
import APMAnalysis
import APMFit
import APMSampling
import APMSupport

/// `apmrisk fit --format json`: every fit with its parameters, standard errors, covariance, AIC/BIC and
/// goodness of fit, and the points of its QQ and PP plots (at most 100 plotting positions (i − ½)/n, evenly spaced
/// in rank).
struct FitResult: Encodable {
    let report: FitReport

    init(_ report: FitReport) { self.report = report }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field("fit", "command")
        try c.field(Simulation.version, "apmrisk_version")
        try c.field(report.file, "file")
        try c.field(report.column, "column")
        try c.field(report.by, "by")
        try c.field(report.replicates, "bootstrap_replicates")
        try c.field(String(report.seed), "seed")
        switch report.kind {
        case let .costs(columns): try c.field(columns.map(ColumnDocument.init), "costs")
        case let .counts(groups): try c.field(groups.map { CountDocument(group: $0.group, fit: $0.fit) }, "counts")
        }
    }
}

private struct ParameterDocument: Encodable {
    let p: FittedParameter
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(p.name, "name")
        try c.figure(p.value, "value")
        if let se = p.standardError { try c.figure(se, "standard_error") } else { try c.missing("standard_error", because: "fixed, not estimated") }
    }
}

private struct ColumnDocument: Encodable {
    let fit: ColumnFit
    init(_ fit: ColumnFit) { self.fit = fit }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(fit.group, "group")
        try c.field(fit.sampleSize, "values")
        try c.field(fit.zeros, "zeros")
        try c.field(fit.probabilityZero.map(ParameterDocument.init), "probability_zero")
        try c.field(fit.best?.family.rawValue, "best")
        try c.field(fit.fits.map { FamilyDocument(fit: $0, ranked: fit.isRanked($0)) }, "fits")
        try c.field(fit.notFitted.map { ["family": $0.family.rawValue, "reason": $0.reason] }, "not_fitted")
        if let m = fit.mixture {
            try c.field(MixtureDocument(m: m), "lognormal_mixture")
        }
    }
}

private struct FamilyDocument: Encodable {
    let fit: CostFit
    let ranked: Bool
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(fit.family.rawValue, "family")
        try c.field(ranked, "ranked")
        try c.field(fit.sampleSize, "values_fitted")
        try c.field(fit.parameters.map(ParameterDocument.init), "parameters")
        try c.field(fit.covariance.map { $0.map { $0.isFinite ? $0 : 0 } }, "covariance")
        try c.field(ParameterDocument(p: fit.impliedMean), "mean")
        try c.field(ParameterDocument(p: fit.impliedCV), "cv")
        try c.figure(fit.logLikelihood, "log_likelihood")
        try c.figure(fit.aic, "aic")
        try c.figure(fit.bic, "bic")
        if let g = fit.goodness {
            try c.figure(g.ks, "ks")
            try c.figure(g.ksPValue, "ks_p_value")
            try c.figure(g.ad, "ad")
            try c.figure(g.adPValue, "ad_p_value")
        }
        let plot = ProbabilityPlot(fit)
        try c.field(plot.qq, "qq")
        try c.field(plot.pp, "pp")
    }
}

private struct MixtureDocument: Encodable {
    let m: LognormalMixture
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.figure(m.logLikelihood, "log_likelihood")
        try c.figure(m.aic, "aic")
        try c.field(m.replicates, "bootstrap_replicates")
        try c.field(m.components.map { [ParameterDocument(p: $0.weight), ParameterDocument(p: $0.zeta), ParameterDocument(p: $0.sigma)] },
                    "components")
    }
}

private struct CountDocument: Encodable {
    let group: String?
    let fit: CountFit
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: ResultKey.self)
        try c.field(group, "group")
        try c.field(fit.sampleSize, "counts")
        try c.figure(fit.mean, "mean")
        try c.figure(fit.variance, "variance")
        try c.field(ParameterDocument(p: fit.poisson), "poisson_mean")
        try c.figure(fit.poissonLogLikelihood, "poisson_log_likelihood")
        if let nb = fit.negativeBinomial {
            try c.field([ParameterDocument(p: nb.r), ParameterDocument(p: nb.p)], "negative_binomial")
            try c.figure(fit.negativeBinomialLogLikelihood, "negative_binomial_log_likelihood")
            try c.figure(fit.likelihoodRatio, "likelihood_ratio")
            try c.figure(fit.likelihoodRatioPValue, "likelihood_ratio_p_value")
        } else {
            try c.missing("negative_binomial", because: fit.negativeBinomialNote ?? "not estimable")
        }
        try c.figure(fit.dispersionIndex, "dispersion_index")
        try c.figure(fit.dispersionPValue, "dispersion_p_value")
    }
}

/// QQ (empirical against fitted quantile) and PP (plotting position against fitted probability) points of a fit.
package struct ProbabilityPlot {
    package let qq: [[Double]]
    package let pp: [[Double]]

    package init(_ fit: CostFit, points: Int = 100) {
        let n = fit.sorted.count
        let step = max(1, n / points)
        var qq: [[Double]] = [], pp: [[Double]] = []
        for i in stride(from: step / 2, to: n, by: step) {
            let position = (Double(i) + 0.5) / Double(n)
            let x = fit.sorted[i]
            if let q = fit.distribution.lowerQuantile(position), q.isFinite { qq.append([q, x]) }
            if let f = fit.distribution.cdf(x), f.isFinite { pp.append([position, f]) }
        }
        self.qq = qq
        self.pp = pp
    }
}
