import Foundation

/// The one formatter for result figures in every output (table, CSV and, through `ResultCoding`, JSON): it never
/// prints NaN or infinity and never traps on a figure too large for an integer.
///
/// - A finite figure prints normally; one too large for its usual form (|x| ≥ 1e15) prints in scientific notation.
/// - A non-finite figure prints as "n/a (reason)" in tables, as an empty cell in CSV, and as `null` with a
///   `<key>_reason` field beside it in JSON.
public enum Figure {
    /// Above this magnitude a figure is shown in scientific notation (well below Int's 9.2e18).
    package static let largest = 1e15

    /// Why a non-finite figure has no value, in a few words for a table cell.
    public static func shortReason(_ x: Double) -> String { x.isNaN ? "undefined" : "overflow" }

    /// Why a non-finite figure has no value, in a sentence for the JSON `<key>_reason` field.
    public static func reason(_ x: Double) -> String {
        x.isNaN
            ? "undefined for this run: its formula divides 0 by 0 or subtracts infinities (e.g. the error of a figure that never varies)"
            : "overflow: the figure is beyond the range of a double (about 1.8e308)"
    }

    /// "n/a (reason)" for a table.
    public static func unavailable(_ x: Double) -> String { "n/a (\(shortReason(x)))" }

    /// Dollars, rounded to the dollar with thousands separators (−$1,234); scientific from 1e15 ($9.223e+18).
    public static func dollars(_ x: Double) -> String {
        guard x.isFinite else { return unavailable(x) }
        let rounded = x.rounded()
        let sign = rounded < 0 ? "−" : ""
        guard abs(rounded) < largest else { return sign + "$" + String(format: "%.3e", abs(x)) }
        return sign + "$" + Int(saturating: abs(rounded)).formatted()
    }

    /// Dollars and cents, for solved prices ($23,225.87); scientific from 1e15.
    public static func dollarsAndCents(_ x: Double) -> String {
        guard x.isFinite else { return unavailable(x) }
        let cents = (abs(x) * 100).rounded()
        guard cents / 100 < largest else { return (x < 0 ? "−" : "") + "$" + String(format: "%.3e", abs(x)) }
        let whole = Int(saturating: cents / 100), frac = Int(saturating: cents.truncatingRemainder(dividingBy: 100))
        return (x < 0 ? "−" : "") + "$" + whole.formatted() + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// A fraction as a percentage with two decimals (0.0367 → 3.67%); scientific from 1e15%.
    public static func percent(_ p: Double) -> String {
        guard p.isFinite else { return unavailable(p) }
        return abs(p * 100) < largest ? String(format: "%.2f%%", p * 100) : String(format: "%.3e%%", p * 100)
    }

    /// Six significant digits (`%.6g`: 0.05, 22500, 1.23457e+06).
    /// Whole numbers below 1e12 in full, others to six significant digits (`significant`): model values in
    /// descriptions and shock names.
    public static func plain(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e12 ? String(Int(saturating: x)) : significant(x)
    }

    public static func significant(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : unavailable(x)
    }

    /// A fixed number of decimals (rates, efficiencies); scientific from 1e15.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return unavailable(x) }
        return abs(x) < largest ? String(format: "%.\(decimals)f", x) : String(format: "%.3e", x)
    }

    /// A whole count (trials per second), with thousands separators; scientific from 1e15.
    public static func whole(_ x: Double) -> String {
        guard x.isFinite else { return unavailable(x) }
        return abs(x) < largest ? Int(saturating: x).formatted() : String(format: "%.3e", x)
    }
}

/// A number for messages: integers without a fraction, others as Swift prints them.
package func format(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(saturating: v)) : String(v)
}

/// Level names as people write them: 0.995 → "99.5".
package func percentLabel(_ level: Double) -> String {
    let pct = (level * 1000).rounded() / 10
    return pct == pct.rounded() ? String(Int(saturating: pct)) : String(pct)
}
