import APMRiskKit
import Foundation

/// The pieces option values are made of. Every number on the command line goes through `finite(_:)` or
/// `exactWhole(_:)`, which hold the model file's rule: decimals, exponents and `_` separators are numbers (a whole
/// number may be written `1e6`); `inf`, `infinity` and `nan`, in any case and with any sign, are not. A
/// typographic minus (U+2212), as the tables print it, reads as `-`, so a figure or shock copied from a table can
/// be pasted back. Each throws `RuleBroken`; `Checked` adds the option's name.
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

    /// The same refusal, for a list inside one value.
    static func checkListLength(_ values: [some Any]) throws {
        guard values.count <= maxRepeats else { throw RuleBroken("may list at most \(maxRepeats) values, got \(values.count)") }
    }

    /// `text` as a number is written: blanks trimmed, `_` separators dropped, U+2212 read as `-`.
    static func numberText(_ text: some StringProtocol) -> String {
        text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            .replacingOccurrences(of: "\u{2212}", with: "-")
    }

    /// The number `text` holds, or nil when it holds none; throws when it holds infinity or NaN.
    static func finite(_ text: some StringProtocol) throws -> Double? {
        guard let v = Double(numberText(text)) else { return nil }
        guard v.isFinite else { throw RuleBroken("must be a finite number, got \(MessageText.quoted(text))") }
        return v
    }

    /// A finite number, or `rule` (e.g. "must be a probability …") when `text` is no number.
    static func number(_ text: some StringProtocol, else rule: String) throws -> Double {
        guard let v = try finite(text) else { throw RuleBroken("\(rule), got \(MessageText.quoted(text))") }
        return v
    }

    /// A whole number, held exactly: its sign and its magnitude, or `nil` magnitude beyond 2^64 − 1.
    struct Whole {
        let negative: Bool
        let magnitude: UInt64?
        var isZero: Bool { magnitude == 0 }
    }

    /// The whole number `text` spells, exactly (no rounding through a double): `2000`, `2e3`, `1.5e3`, `+7`,
    /// `1_000`, `2.0`; nil when it spells no whole number (`2.5`, `abc`). Throws for infinity and NaN.
    static func exactWhole(_ raw: some StringProtocol) throws -> Whole? {
        let text = numberText(raw)
        var rest = Substring(text)
        var negative = false
        if let first = rest.first, first == "+" || first == "-" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
        var digits = ""
        var fractionDigits = 0
        var seenPoint = false
        while let c = rest.first, isDigit(c) || (c == "." && !seenPoint) {
            if c == "." { seenPoint = true } else {
                digits.append(c)
                if seenPoint { fractionDigits += 1 }
            }
            rest = rest.dropFirst()
        }
        var exponent = 0
        var exponentTooLarge = false
        if let e = rest.first, e == "e" || e == "E", !digits.isEmpty {
            rest = rest.dropFirst()
            var exponentNegative = false
            if let s = rest.first, s == "+" || s == "-" {
                exponentNegative = s == "-"
                rest = rest.dropFirst()
            }
            let exponentDigits = rest.prefix(while: isDigit)
            guard !exponentDigits.isEmpty else { return try notWhole(raw) }
            rest = rest.dropFirst(exponentDigits.count)
            let trimmed = exponentDigits.drop { $0 == "0" }
            if trimmed.count > 6 { exponentTooLarge = true } else { exponent = Int(trimmed) ?? 0 }
            if exponentNegative { exponent = -exponent }
            if exponentTooLarge && exponentNegative { return try notWhole(raw) }   // 1e-9999999: not whole
        }
        guard rest.isEmpty, !digits.isEmpty else { return try notWhole(raw) }
        var significant = Substring(digits.drop { $0 == "0" })
        if significant.isEmpty { return Whole(negative: negative, magnitude: 0) }
        if exponentTooLarge { return Whole(negative: negative, magnitude: nil) }
        var scale = exponent - fractionDigits
        // Trailing zeros of the digits move into the scale, so 2.50e1 is 25 and 2.5 stays a fraction.
        while scale < 0, significant.last == "0" {
            significant = significant.dropLast()
            scale += 1
        }
        guard scale >= 0 else { return nil }
        guard significant.count + scale <= 20 else { return Whole(negative: negative, magnitude: nil) }
        return Whole(negative: negative, magnitude: UInt64(significant + String(repeating: "0", count: scale)))
    }

    /// nil for text that is not a whole number, after refusing infinity and NaN with their own rule.
    private static func notWhole(_ text: some StringProtocol) throws -> Whole? {
        _ = try finite(text)
        return nil
    }

    /// A whole number from 1 to `maximum`, e.g. a trial or thread count.
    static func count(_ text: String, maximum: Int = Int.max) throws -> Int {
        let rule = "must be a whole number greater than 0, got \(MessageText.quoted(text))"
        guard let w = try exactWhole(text), !w.negative, !w.isZero else { throw RuleBroken(rule) }
        guard let m = w.magnitude, m <= UInt64(maximum) else {
            throw RuleBroken("must be at most \(maximum.formatted()), got \(MessageText.quoted(text))")
        }
        return Int(m)
    }

    /// A seed: a whole number from 0 to 2^64 − 1, with the model file's words for the rule.
    static func seed(_ text: String) throws -> UInt64 {
        let rule = "must be a whole number from 0 to \(UInt64.max), got \(MessageText.quoted(text))"
        guard let w = try exactWhole(text), let m = w.magnitude, !w.negative || m == 0 else { throw RuleBroken(rule) }
        return m
    }

    /// The parts of `text` between `separator`s, empty ones included.
    static func parts(_ text: String, _ separator: Character) -> [Substring] {
        text.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// `NAME=VALUE` split at the first `=`; nil without one.
    static func nameValue(_ text: String) -> (name: String, value: String)? {
        let p = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return p.count == 2 ? (String(p[0]), String(p[1])) : nil
    }
}
