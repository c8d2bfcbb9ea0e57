import Yams
import APMContracts
import APMSampling
import APMSupport

/// Reads a contract's `quality:` section: named measures, each one score distribution —
///
///     quality:
///       composite: {beta: {mean: 0.85, sd: 0.06}}
///       err: {observed_rate: {cases: 400, probability: 0.16, expected: 0.15}}
///       tps: {fixed: 62}
///       stars: {discrete: {values: [3, 4, 5], probabilities: [0.2, 0.5, 0.3]}}
///
/// A one-measure section may also be written as the distribution itself (`quality: {beta: {…}}`), named
/// `quality`. Any measure may load on the systematic factor Θ through a Gaussian copula:
/// `systematic_correlation: ρ` beside its distribution, ρ in [−1, 1] (negative: a bad cost year tends to bring a
/// low score), which needs Θ to be one continuous family other than a constant.
package enum QualityReader {
    package static let kinds = ["fixed", "beta", "observed_rate", "discrete"]
    package static let measureKeys = kinds + ["systematic_correlation"]

    package static func measures(_ field: Field, systematic: CostDistribution? = nil) throws -> [QualityMeasure] {
        guard case let .mapping(m) = field.node else { throw field.error("must be a mapping of measures, got \(field.kindDescription)") }
        let keys: [String] = Array(m.keys.compactMap { try? Field(node: $0, path: field.path, file: field.file).string() })
        if keys.contains(where: kinds.contains) { return [try measure(field, name: "quality", systematic: systematic)] }
        let names = keys
        guard names.count <= QualityScores.capacity else {
            throw field.error("has \(names.count) measures; the limit is \(QualityScores.capacity)")
        }
        let section = try field.mapping(allowed: names)
        return try section.entries.map { name, f in try measure(f, name: name, systematic: systematic) }
    }

    package static func measure(_ field: Field, name: String, systematic: CostDistribution?) throws -> QualityMeasure {
        let section = try field.mapping(allowed: measureKeys)
        let rho = try section.optional("systematic_correlation").map { try systematicCorrelation($0, systematic: systematic) } ?? 0
        return QualityMeasure(name: name, score: try score(section), systematicCorrelation: rho)
    }

    /// A `systematic_correlation: ρ` — of a quality measure or of a random unit count — on Θ: ρ in [−1, 1], and
    /// any ρ ≠ 0 needs Θ to be one continuous family other than a constant, whose normal score it loads on.
    package static func systematicCorrelation(_ f: Field, systematic: CostDistribution?) throws -> Double {
        let rho = try f.number()
        guard rho >= -1 && rho <= 1 else { throw f.error("must be a correlation between −1 and 1, got \(format(rho))") }
        if rho != 0 {
            guard case let .continuous(d)? = systematic, d.normalScore(d.mean) != nil else {
                let drawn = ContinuousFamily.all.filter { !$0.isScalar }.map(\.name)
                throw f.error("needs a systematic_factor of one continuous family (\(drawn.dropLast().joined(separator: ", ")) "
                    + "or \(drawn.last ?? "")) to load on")
            }
        }
        return rho
    }

    package static func score(_ field: Field) throws -> QualityScore { try score(try field.mapping(allowed: kinds)) }

    package static func score(_ all: Section) throws -> QualityScore {
        let field = all.field
        let section = Section(field: field, entries: all.entries.filter { kinds.contains($0.0) })
        guard section.keys.count == 1, let kind = section.keys.first else {
            throw field.error("needs exactly one quality distribution (\(kinds.joined(separator: ", ")))")
        }
        let f = try section.required(kind)
        switch kind {
        case "fixed":
            return .fixed(try f.number())
        case "beta":
            let s = try f.mapping(allowed: ["mean", "sd"])
            let mean = try s.required("mean").number(), sdField = try s.required("sd"), sd = try sdField.number()
            if let rule = QualityScore.betaViolation(mean: mean, sd: sd) { throw sdField.error(rule) }
            return .beta(mean: mean, sd: sd)
        case "observed_rate":
            let s = try f.mapping(allowed: ["cases", "probability", "complement", "expected"])
            let casesField = try s.required("cases"), cases = try casesField.positiveWhole()
            guard cases <= 1_000_000_000 else { throw casesField.error("must be at most 1,000,000,000, got \(cases)") }
            let complement = try s.optional("complement").map(boolean) ?? false
            return .observedRate(cases: cases, probability: try s.required("probability").probability(),
                                 complement: complement, expected: try s.optional("expected")?.positive())
        case "discrete":
            let s = try f.mapping(allowed: ["values", "probabilities"])
            let values = try s.required("values").list().map { try $0.number() }
            let pField = try s.required("probabilities")
            let probabilities = try pField.list().map { try $0.nonNegative() }
            guard !values.isEmpty, values.count == probabilities.count else {
                throw pField.error("must list one probability per value (\(values.count) values, \(probabilities.count) probabilities)")
            }
            guard values.count <= 10_000 else { throw pField.error("has \(values.count) values; the limit is 10,000") }
            let total = probabilities.reduce(0, +)
            guard abs(total - 1) <= 1e-9 else { throw pField.error("must add up to 1, got \(format(total))") }
            return .discrete(values: values, probabilities: probabilities)
        default:
            throw field.error("needs exactly one quality distribution (\(kinds.joined(separator: ", ")))")
        }
    }

    package static func boolean(_ field: Field) throws -> Bool {
        guard case let .scalar(s) = field.node, ["true", "false"].contains(s.string) else {
            throw field.error("must be true or false, got \(field.kindDescription)")
        }
        return s.string == "true"
    }
}
