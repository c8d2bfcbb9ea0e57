import APMRiskKit

/// Parsing of option values that need more than a type conversion. Every number on the command line goes through
/// `finite(_:option:)` (or its two transforms for typed options), which holds the model file's rule: decimals,
/// exponents and `_` separators are numbers; `inf`, `infinity` and `nan`, in any case and with any sign, are not.
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

    /// A rule broken by an option value, for argument parser transforms (which name the option and the value).
    struct Rule: Error, CustomStringConvertible {
        let description: String
    }

    /// The number `text` holds, or nil when it holds none; throws when it holds infinity or NaN.
    static func finite(_ text: some StringProtocol, option: String) throws -> Double? {
        guard let v = anyNumber(text) else { return nil }
        guard v.isFinite else { throw ModelError(field: option, rule: "must be a finite number, got \(MessageText.quoted(text))") }
        return v
    }

    /// Transform for a typed option holding a finite number (dollars, seconds, a probability).
    static func finiteNumber(_ text: String) throws -> Double {
        guard let v = anyNumber(text) else { throw Rule(description: "must be a number") }
        guard v.isFinite else { throw Rule(description: "must be a finite number (not inf or nan)") }
        return v
    }

    /// What Swift reads as a number, infinities and NaN included, after trimming blanks and `_` separators.
    private static func anyNumber(_ text: some StringProtocol) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
    }

    /// Transform for a typed option holding a whole number (1e6 is accepted, as in the model file; 2.5 is not).
    static func wholeNumber(_ text: String) throws -> Int {
        let v = try finiteNumber(text)
        guard v == v.rounded(), abs(v) <= 9.0e15 else { throw Rule(description: "must be a whole number") }
        return Int(saturating: v)
    }

    static func generator(_ name: String) throws -> Generator {
        switch Generator.forSimulation(named: name) {
        case let .success(g): return g
        case let .failure(e): throw ModelError(field: "--rng", rule: e.rule)
        }
    }

    /// `X` dollars or `X%` of revenue.
    static func margin(_ text: String) throws -> RiskTarget {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let v = try finite(t.dropLast(), option: "--target-margin") {
            return .minExpectedMargin(v / 100, ofRevenue: true)
        }
        guard let v = try finite(t, option: "--target-margin") else {
            throw ModelError(field: "--target-margin", rule: "must be dollars (250000) or a share of revenue (3%), got \(MessageText.quoted(text))")
        }
        return .minExpectedMargin(v, ofRevenue: false)
    }

    /// `LEVEL:AMOUNT`, e.g. `0.99:500000`.
    static func levelAmount(_ text: String, option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let level = try finite(parts[0], option: option),
              let amount = try finite(parts[1], option: option) else {
            throw ModelError(field: option, rule: "must be LEVEL:AMOUNT, e.g. 0.99:500000, got \(MessageText.quoted(text))")
        }
        guard level > 0 && level < 1 else {
            throw ModelError(field: option, rule: "level must be strictly between 0 and 1, got \(parts[0])")
        }
        return (level, amount)
    }

    /// `FROM:TO:STEP` with FROM ≤ TO, STEP > 0, at most 10,000 values; rates within [0, 1], prices positive.
    static func grid(_ text: String, isRate: Bool) throws -> [Double] {
        let parts = try text.split(separator: ":", omittingEmptySubsequences: false).map { try finite($0, option: "--grid") }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2] else {
            throw ModelError(field: "--grid", rule: "must be FROM:TO:STEP, e.g. 22000:26000:500, got \(MessageText.quoted(text))")
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
        guard parts.count == 2 else { throw ModelError(field: "--shock", rule: "must be NAME=VALUE, got \(MessageText.quoted(text))") }
        let name = parts[0]
        guard Shock.names.contains(name) else {
            let hint = Suggestion.nearestName(to: name, among: Shock.names).map { "; did you mean '\($0)'?" } ?? ""
            throw ModelError(field: "--shock", rule: "unknown shock \(MessageText.quoted(name))\(hint)")
        }
        if name == "catastrophe" {
            let v = try parts[1].split(separator: ":", omittingEmptySubsequences: false).map { try finite($0, option: "--shock") }
            guard v.count == 2, let p = v[0], let m = v[1] else {
                throw ModelError(field: "--shock", rule: "catastrophe must be PROBABILITY:MULTIPLIER, e.g. catastrophe=0.05:1.3, got \(MessageText.quoted(parts[1]))")
            }
            return .catastrophe(probability: p, multiplier: m)
        }
        guard let v = try finite(parts[1], option: "--shock") else {
            throw ModelError(field: "--shock", rule: "\(name) must be a number, got \(MessageText.quoted(parts[1]))")
        }
        return Shock.named(name, size: v)!
    }

    /// `METRIC=VALUE` (absolute standard error) or `METRIC=VALUE%` (relative to the metric's value).
    static func precision(_ text: String) throws -> PrecisionTarget {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let metric = RiskMetric(parts[0]) else {
            throw ModelError(field: "--precision", rule: "must be METRIC=VALUE with METRIC loss_probability, expected_margin, var:LEVEL or tvar:LEVEL (tvar99 works too), got \(MessageText.quoted(text))")
        }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        if value.hasSuffix("%") {
            guard let v = try finite(value.dropLast(), option: "--precision"), v > 0 else {
                throw ModelError(field: "--precision", rule: "the relative standard error must be a percentage greater than 0, got \(MessageText.quoted(value))")
            }
            return PrecisionTarget(metric: metric, relative: v / 100)
        }
        guard let v = try finite(value, option: "--precision"), v > 0 else {
            throw ModelError(field: "--precision", rule: "the standard error must be a number greater than 0, got \(MessageText.quoted(value))")
        }
        return PrecisionTarget(metric: metric, absolute: v)
    }

    static func levels(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= ModelLimits.maxLevels else {
            throw ModelError(field: "--levels", rule: "at most \(ModelLimits.maxLevels) levels, got \(parts.count)")
        }
        return try parts.map { part in
            guard let v = try finite(part, option: "--levels"), v > 0, v < 1 else {
                throw ModelError(field: "--levels", rule: "each level must be a number strictly between 0 and 1, got \(MessageText.quoted(part))")
            }
            return v
        }
    }
}

import Foundation
