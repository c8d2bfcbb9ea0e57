import APMRiskKit

/// Parsing of option values that need more than a type conversion.
enum CommandLineValues {
    /// The most values a repeatable option (`--shock`, `--scenario`, `--step`, `--max-tvar`, `--max-var`) or a
    /// list (`bench --threads`) may have: each is a run or a search of its own.
    static let maxRepeats = 100

    /// Refuses more than `maxRepeats` values of `option`.
    static func checkRepeats(_ values: [some Any], option: String) throws {
        guard values.count <= maxRepeats else {
            throw ModelError(field: option, rule: "may be given at most \(maxRepeats) times, got \(values.count)")
        }
    }

    static func generator(_ name: String) throws -> Generator {
        guard let g = Generator(named: name) else {
            throw ModelError(field: "--rng", rule: "unknown GSL generator \(Echo.quoted(name)) (e.g. taus2, mt19937, ranlxd2)")
        }
        return g
    }

    /// `X` dollars or `X%` of revenue.
    static func margin(_ text: String) throws -> RiskTarget {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let v = Double(t.dropLast()), v.isFinite {
            return .minExpectedMargin(v / 100, ofRevenue: true)
        }
        guard let v = Double(t), v.isFinite else {
            throw ModelError(field: "--target-margin", rule: "must be dollars (250000) or a share of revenue (3%), got \(Echo.quoted(text))")
        }
        return .minExpectedMargin(v, ofRevenue: false)
    }

    /// `LEVEL:AMOUNT`, e.g. `0.99:500000`.
    static func levelAmount(_ text: String, option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let level = Double(parts[0]), let amount = Double(parts[1]), amount.isFinite else {
            throw ModelError(field: option, rule: "must be LEVEL:AMOUNT, e.g. 0.99:500000, got \(Echo.quoted(text))")
        }
        guard level > 0 && level < 1 else {
            throw ModelError(field: option, rule: "level must be strictly between 0 and 1, got \(parts[0])")
        }
        return (level, amount)
    }

    /// `FROM:TO:STEP` with FROM ≤ TO, STEP > 0, at most 10,000 values; rates within [0, 1], prices positive.
    static func grid(_ text: String, isRate: Bool) throws -> [Double] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2],
              from.isFinite, to.isFinite, step.isFinite else {
            throw ModelError(field: "--grid", rule: "must be FROM:TO:STEP, e.g. 22000:26000:500, got \(Echo.quoted(text))")
        }
        guard step > 0 else { throw ModelError(field: "--grid", rule: "STEP must be greater than 0, got \(step)") }
        guard from <= to else { throw ModelError(field: "--grid", rule: "FROM must not exceed TO, got \(from) > \(to)") }
        guard (to - from) / step < Double(PriceGrid.maxValues) else {
            throw ModelError(field: "--grid", rule: "at most \(PriceGrid.maxValues.formatted()) values")
        }
        if isRate {
            guard from >= 0 && to <= 1 else { throw ModelError(field: "--grid", rule: "a rate grid must lie within 0 and 1") }
        } else {
            guard from > 0 else { throw ModelError(field: "--grid", rule: "FROM must be greater than 0, got \(from)") }
        }
        return PriceGrid.values(from: from, to: to, step: step)
    }

    /// `NAME=VALUE`, or `catastrophe=PROBABILITY:MULTIPLIER`.
    static func shock(_ text: String) throws -> Shock {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ModelError(field: "--shock", rule: "must be NAME=VALUE, got \(Echo.quoted(text))") }
        let name = parts[0]
        guard Shock.names.contains(name) else {
            let hint = Suggestion.nearestName(to: name, among: Shock.names).map { "; did you mean '\($0)'?" } ?? ""
            throw ModelError(field: "--shock", rule: "unknown shock \(Echo.quoted(name))\(hint)")
        }
        if name == "catastrophe" {
            let v = parts[1].split(separator: ":").map { Double($0) }
            guard v.count == 2, let p = v[0], let m = v[1] else {
                throw ModelError(field: "--shock", rule: "catastrophe must be PROBABILITY:MULTIPLIER, e.g. catastrophe=0.05:1.3, got \(Echo.quoted(parts[1]))")
            }
            return .catastrophe(probability: p, multiplier: m)
        }
        guard let v = Double(parts[1]), v.isFinite else {
            throw ModelError(field: "--shock", rule: "\(name) must be a number, got \(Echo.quoted(parts[1]))")
        }
        return Shock.named(name, size: v)!
    }

    /// `METRIC=VALUE` (absolute standard error) or `METRIC=VALUE%` (relative to the metric's value).
    static func precision(_ text: String) throws -> PrecisionTarget {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = RiskMetric(parts[0]) else {
            throw ModelError(field: "--precision", rule: "must be METRIC=VALUE with METRIC loss_probability, expected_margin, var:LEVEL or tvar:LEVEL (tvar99 works too), got \(Echo.quoted(text))")
        }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        if value.hasSuffix("%") {
            guard let v = Double(value.dropLast()), v > 0, v.isFinite else {
                throw ModelError(field: "--precision", rule: "the relative standard error must be a percentage greater than 0, got \(Echo.quoted(value))")
            }
            return PrecisionTarget(metric: metric, relative: v / 100)
        }
        guard let v = Double(value), v > 0, v.isFinite else {
            throw ModelError(field: "--precision", rule: "the standard error must be a number greater than 0, got \(Echo.quoted(value))")
        }
        return PrecisionTarget(metric: metric, absolute: v)
    }

    static func levels(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= ModelLimits.maxLevels else {
            throw ModelError(field: "--levels", rule: "at most \(ModelLimits.maxLevels) levels, got \(parts.count)")
        }
        return try parts.map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v < 1 else {
                throw ModelError(field: "--levels", rule: "each level must be a number strictly between 0 and 1, got \(Echo.quoted(part))")
            }
            return v
        }
    }
}

import Foundation
