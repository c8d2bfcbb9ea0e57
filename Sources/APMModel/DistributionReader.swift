import Foundation
import APMAnalysis
import APMContracts
import APMEngine
import APMFit
import APMSampling
import APMSupport

/// Reads cost and count distributions from model-file nodes.
///
/// A cost distribution is a mapping with exactly one kind key and optional modifiers:
///
///     lognormal: {mean: 28000, cv: 0.45}        # or {zeta: …, sigma: …}
///     probability_zero: 0.2                     # optional: a share of units with no cost at all
///     add_ons:                                  # optional: extra events, each with its probability
///       - {name: readmission, probability: 0.08, cost: {gamma: {mean: 14000, cv: 0.9}}}
package struct DistributionReader {
    /// The distributions built of other distributions, or of data.
    private enum Composite: String, CaseIterable {
        case mixture, compound, empirical
    }

    package static let continuousKinds = ContinuousFamily.all.map(\.name)
    package static let compositeKinds = Composite.allCases.map(\.rawValue)
    package static let modifiers = ["probability_zero", "add_ons"]
    /// Every key a top-level `cost:` mapping may hold.
    package static var allCostKeys: [String] { continuousKinds + compositeKinds + modifiers + ["weight", "parameter_uncertainty"] }
    package static let countKinds = ["fixed", "poisson", "negative_binomial"]

    /// Warnings to show the user (e.g. a Pareto tail whose estimates will not converge).
    package var warnings: [String] = []
    /// Cost-distribution nodes read so far (cost and systematic factor together), against
    /// `ModelLimits.maxDistributionNodes`.
    package private(set) var nodes = 0
    /// Where `empirical` data files are looked for: the model file's folder (nil: the working directory).
    package var baseDirectory: String?
    /// The data files read (`empirical`), by their names as the model writes them, in the order read, with their
    /// bytes: the model's hash covers them.
    package private(set) var dataFiles: [(path: String, data: Data)] = []

    /// The unit cost's `parameter_uncertainty`, when the model gives one (read by `cost(_:allowsParameterUncertainty:)`).
    package private(set) var parameterUncertainty: ParameterUncertainty?

    package mutating func cost(_ field: Field, isMixtureComponent: Bool = false,
                               allowsParameterUncertainty: Bool = false) throws -> CostDistribution {
        nodes += 1
        guard nodes <= ModelLimits.maxDistributionNodes else {
            throw field.error("the model has more than \(ModelLimits.maxDistributionNodes.formatted()) distribution nodes "
                + "(mixture components, compound severities, add-on costs; aliases count once per use); "
                + "the limit is \(ModelLimits.maxDistributionNodes.formatted())")
        }
        let allKinds = Self.continuousKinds + Self.compositeKinds
        let section = try field.mapping(allowed: allKinds + Self.modifiers + ["weight"]
                                        + (allowsParameterUncertainty ? ["parameter_uncertainty"] : []))
        let kinds = section.keys.filter { allKinds.contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            throw field.error(kinds.isEmpty
                ? "needs one distribution (\(allKinds.joined(separator: ", ")))"
                : "has \(kinds.count) distributions (\(kinds.joined(separator: ", "))); give exactly one")
        }
        if section.has("weight") && !isMixtureComponent {
            throw try section.required("weight").error("'weight' belongs only to a mixture component")
        }
        let f = try section.required(kind)
        var distribution: CostDistribution
        if let family = ContinuousFamily.named(kind) {
            distribution = .continuous(try continuous(family, f))
        } else if let composite = Composite(rawValue: kind) {
            switch composite {
            case .mixture: distribution = try mixture(f)
            case .compound: distribution = try compound(f)
            case .empirical: distribution = try empirical(f)
            }
        } else {
            throw field.error("needs one distribution (\(allKinds.joined(separator: ", ")))")
        }
        if let p = section.optional("probability_zero") {
            distribution = .zeroInflated(probabilityOfZero: try p.probability(), base: distribution)
        }
        if let a = section.optional("add_ons") {
            distribution = .withAddOns(base: distribution, addOns: try a.list().map { try addOn($0) })
        }
        if let u = section.optional("parameter_uncertainty") {
            parameterUncertainty = try Self.parameterUncertainty(u, of: distribution)
        }
        return distribution
    }

    /// `parameter_uncertainty: {covariance: [[…], …]}` beside one continuous family (optionally with
    /// `probability_zero`): the covariance of its native parameters, in their order (`apmrisk fit --parameter-risk`).
    private static func parameterUncertainty(_ field: Field, of d: CostDistribution) throws -> ParameterUncertainty {
        let leaf: ContinuousDistribution
        switch d {
        case let .continuous(c): leaf = c
        case let .zeroInflated(_, .continuous(c)): leaf = c
        default:
            throw field.error("belongs to one continuous family (with probability_zero at most): its parameters are the ones drawn")
        }
        guard leaf.native.family.parameters.allSatisfy({ $0.rule != .nonNegative }) else {
            throw field.error("needs a family with estimated parameters; a constant has none")
        }
        let s = try field.mapping(allowed: ["covariance"])
        let cf = try s.required("covariance")
        let matrix = try cf.list().map { try $0.list().map { try $0.number() } }
        switch ParameterUncertainty.make(leaf, covariance: matrix) {
        case let .success(u): return u
        case let .failure(p): throw cf.error(p.rule)
        }
    }

    /// A distribution of `family` from its native parameters or, where the family takes them, mean and cv
    /// (recognised by `cv`, or by a `mean` that is not a native parameter).
    private mutating func continuous(_ family: ContinuousFamily, _ field: Field) throws -> ContinuousDistribution {
        if family.isScalar {
            return family.make([try Self.value(field, family.parameters[0].rule)])
        }
        let kind = family.name
        let nativeKeys = family.parameterNames
        let actuarialKeys = family.meanAndCV == nil ? [] : ["mean", "cv"]
        let section = try field.mapping(allowed: Array(Set(nativeKeys + actuarialKeys)).sorted())
        let usesActuarial = !actuarialKeys.isEmpty
            && (section.has("cv") || (section.has("mean") && !nativeKeys.contains("mean")))
        let wanted = usesActuarial ? actuarialKeys : nativeKeys
        let forms = actuarialKeys.isEmpty
            ? "\(kind) takes \(nativeKeys.joined(separator: " and "))"
            : "\(kind) takes \(nativeKeys.joined(separator: " and ")), or mean and cv"
        if let stray = section.keys.first(where: { !wanted.contains($0) }) {
            throw try section.required(stray).error("cannot mix '\(stray)' with \(wanted.joined(separator: " and ")) (\(forms))")
        }
        func value(_ key: String) throws -> Field { try section.required(key, context: forms) }

        let distribution: ContinuousDistribution
        let warnedField: Field?
        if usesActuarial, let meanAndCV = family.meanAndCV {
            let mean = try value("mean").positive()
            let cvField = try value("cv")
            let cv = try cvField.positive()
            if let range = meanAndCV.cvRange, !range.contains(cv) {
                throw cvField.error("must be between \(format(range.lowerBound)) and \(format(range.upperBound)) for a \(kind), got \(format(cv))")
            }
            distribution = meanAndCV.make(mean, cv)
            warnedField = cvField
        } else {
            var fields: [String: Field] = [:]
            let values = try family.parameters.map { p in
                let f = try value(p.name)
                fields[p.name] = f
                return try Self.value(f, p.rule)
            }
            distribution = family.make(values)
            warnedField = family.warning.flatMap { fields[$0.parameter] }
        }
        if let warning = family.warning, let at = warnedField, let text = warning.text(distribution) {
            warnings.append("\(at.path): \(text)")
        }
        return distribution
    }

    /// A native parameter's value under its rule.
    private static func value(_ field: Field, _ rule: ContinuousFamily.Rule) throws -> Double {
        switch rule {
        case .positive: return try field.positive()
        case .anySign: return try field.number()
        case .nonNegative: return try field.nonNegative()
        }
    }

    /// The most values an `empirical` distribution takes (each worker keeps its own copy).
    package static let maxEmpiricalValues = 10_000_000

    /// `empirical: {file, column, tail}`: the observed costs of a CSV file's column (path relative to the model
    /// file), each equally likely; with `tail: {above: dollars | above_percentile: p, pareto: fitted | {shape}}`
    /// the values above the threshold u are replaced by a Pareto with scale u, in their share: a mixture of the
    /// body (the values ≤ u) and the Pareto, which keeps every body quantile. `fitted` is the maximum-likelihood
    /// shape of the values above u (`apmrisk fit`'s), needing at least 10 of them.
    private mutating func empirical(_ field: Field) throws -> CostDistribution {
        let s = try field.mapping(allowed: ["file", "column", "tail"])
        let fileField = try s.required("file", context: "empirical takes file and column")
        let name = try fileField.string()
        let column = try s.required("column", context: "empirical takes file and column").string()
        let path = name.hasPrefix("/") ? name
            : URL(fileURLWithPath: name, relativeTo: baseDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fileField.error("cannot read the data file \(MessageText.quoted(name)) (looked for \(MessageText.quoted(path)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fileField.error("the data file \(MessageText.quoted(name)) is not UTF-8 text")
        }
        let values = try ClaimsColumn.parse(text, file: path, column: column).values
        guard values.count <= Self.maxEmpiricalValues else {
            throw fileField.error("has \(values.count.formatted()) values; the limit is \(Self.maxEmpiricalValues.formatted())")
        }
        dataFiles.append((name, data))
        let source = "\(name), column \(column)"
        guard let tailField = s.optional("tail") else { return .empirical(EmpiricalCosts(values: values, source: source)) }

        let t = try tailField.mapping(allowed: ["above", "above_percentile", "pareto"])
        let threshold: Double
        switch (t.optional("above"), t.optional("above_percentile")) {
        case let (f?, nil): threshold = try f.positive()
        case let (nil, f?):
            let p = try f.probability()
            guard p > 0 && p < 1 else { throw f.error("must be strictly between 0 and 1, got \(format(p))") }
            let sorted = values.sorted()
            threshold = sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        case (_?, _?): throw tailField.error("takes above or above_percentile, not both")
        case (nil, nil): throw tailField.error("needs above (dollars) or above_percentile (a fraction)")
        }
        let body = values.filter { $0 <= threshold }, above = values.filter { $0 > threshold }
        guard !body.isEmpty else { throw tailField.error("leaves no value at or below the threshold \(format(threshold))") }
        guard !above.isEmpty else { throw tailField.error("has no value above the threshold \(format(threshold))") }
        let shape: Double
        let paretoField = t.optional("pareto")
        if let paretoField, case .mapping = paretoField.node {
            shape = try paretoField.mapping(allowed: ["shape"]).required("shape").positive()
        } else {
            if let paretoField, try paretoField.string() != "fitted" {
                throw paretoField.error("must be fitted or {shape: a}, got \(paretoField.kindDescription)")
            }
            guard above.count >= ColumnFit.minimumValues,
                  let fit = CostFamily.pareto.fit(SampleSummary(above), threshold: threshold) else {
                throw tailField.error("has \(above.count) values above the threshold \(format(threshold)); fitting the Pareto "
                    + "needs at least \(ColumnFit.minimumValues) (or give pareto: {shape: a})")
            }
            shape = fit.parameters[0].value
        }
        let tail = ContinuousDistribution.pareto(shape: shape, scale: threshold)
        if let text = ContinuousFamily.pareto.warning?.text(tail) { warnings.append("\(tailField.path): \(text)") }
        let p = Double(above.count) / Double(values.count)
        return .mixture(.init(weights: [1 - p, p],
                              components: [.empirical(EmpiricalCosts(values: body, source: source + ", at or below \(format(threshold))")),
                                           .continuous(tail)]))
    }

    private mutating func mixture(_ field: Field) throws -> CostDistribution {
        let items = try field.list()
        guard !items.isEmpty else { throw field.error("must list at least one component") }
        var weights: [Double] = []
        var components: [CostDistribution] = []
        for item in items {
            let section = try item.mapping(allowed: Self.continuousKinds + Self.compositeKinds + Self.modifiers + ["weight"])
            weights.append(try section.required("weight").positive())
            components.append(try cost(item, isMixtureComponent: true))
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            throw field.error("mixture weights must sum to 1, got \(String(format: "%.10g", total))")
        }
        return .mixture(.init(weights: weights, components: components))
    }

    private mutating func compound(_ field: Field) throws -> CostDistribution {
        let section = try field.mapping(allowed: ["frequency", "severity"])
        let frequency = try count(try section.required("frequency", context: "compound takes frequency and severity"))
        let severity = try cost(try section.required("severity", context: "compound takes frequency and severity"))
        return .compound(frequency: frequency, severity: severity)
    }

    private mutating func addOn(_ field: Field) throws -> CostDistribution.AddOn {
        let section = try field.mapping(allowed: ["name", "probability", "cost"])
        let name = try section.optional("name")?.string() ?? "add-on"
        return .init(name: name, probability: try section.required("probability").probability(),
                     cost: try cost(try section.required("cost")))
    }

    /// A count: a whole number (fixed), or `{poisson: {mean}}`, or
    /// `{negative_binomial: {mean, dispersion}}` / `{mean, cv}` / `{p, n}`.
    package func count(_ field: Field) throws -> CountDistribution {
        if case .scalar = field.node {
            let n = try field.wholeNumber()
            guard n >= 0 else { throw field.error("must be a whole number 0 or more, got \(n)") }
            return .fixed(n)
        }
        let section = try field.mapping(allowed: Self.countKinds)
        guard section.keys.count == 1, let kind = section.keys.first else {
            throw field.error("needs exactly one count distribution (\(Self.countKinds.joined(separator: ", ")))")
        }
        let f = try section.required(kind)
        switch kind {
        case "fixed":
            let n = try f.wholeNumber()
            guard n >= 0 else { throw f.error("must be a whole number 0 or more, got \(n)") }
            return .fixed(n)
        case "poisson":
            let s = try f.mapping(allowed: ["mean"])
            return .poisson(mean: try s.required("mean").positive())
        case "negative_binomial":
            let forms = "negative_binomial takes mean and dispersion, mean and cv, or p and n"
            let s = try f.mapping(allowed: ["mean", "dispersion", "cv", "p", "n"])
            if s.has("p") || s.has("n") {
                if let stray = s.keys.first(where: { !["p", "n"].contains($0) }) {
                    throw try s.required(stray).error("cannot mix '\(stray)' with p and n (\(forms))")
                }
                let pField = try s.required("p", context: forms)
                let p = try pField.probability()
                guard p > 0 else { throw pField.error("must be greater than 0, got 0") }
                return .negativeBinomial(p: p, n: try s.required("n", context: forms).positive())
            }
            let mean = try s.required("mean", context: forms).positive()
            if let d = s.optional("dispersion") {
                if s.has("cv") { throw try s.required("cv").error("cannot mix 'cv' with dispersion (\(forms))") }
                let dispersion = try d.number()
                guard dispersion > 1 else {
                    throw d.error("must be greater than 1 (variance/mean; 1 is Poisson), got \(format(dispersion))")
                }
                return try Self.representable(.negativeBinomial(mean: mean, dispersion: dispersion), d)
            }
            let cvField = try s.required("cv", context: forms)
            let cv = try cvField.positive()
            guard cv * cv * mean > 1 else {
                throw cvField.error("must exceed 1/√mean = \(1 / mean.squareRoot()) (a negative binomial varies more than a Poisson), got \(format(cv))")
            }
            return try Self.representable(.negativeBinomial(mean: mean, cv: cv), cvField)
        default:
            throw field.error("needs exactly one count distribution (\(Self.countKinds.joined(separator: ", ")))")
        }
    }

    /// A negative binomial whose GSL parameters a double can hold: 0 < p < 1 and 0 < n < ∞ (a dispersion or cv
    /// so large that p underflows to 0 cannot be drawn, and its mean would print as NaN).
    package static func representable(_ k: CountDistribution, _ field: Field) throws -> CountDistribution {
        guard case let .negativeBinomial(p, n) = k, p > 0, p < 1, n > 0, n.isFinite, k.mean.isFinite else {
            if case let .negativeBinomial(p, n) = k {
                throw field.error("is too large: it makes GSL's negative binomial p = \(format(p)), n = \(format(n)), "
                    + "outside 0 < p < 1, 0 < n < ∞")
            }
            return k
        }
        return k
    }
}
