import Foundation
import APMSupport

/// Text and numbers as the report writes them: escaped for HTML, money and probabilities in the forms the
/// tables use (`Figure`), and compact tick labels for axes.
enum HTMLText {
    /// `text` safe inside an HTML element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A number for a `data-` attribute or an SVG coordinate: shortest round-trip form, never NaN or infinity.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// An SVG coordinate, to 0.01 px.
    static func px(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }

    /// Dollars for tables (`Figure.dollars`).
    static func dollars(_ x: Double) -> String { Figure.dollars(x) }

    /// A fraction as a percentage for tables; small probabilities keep their significant digits.
    static func percent(_ p: Double) -> String {
        guard p.isFinite else { return Figure.unavailable(p) }
        if p != 0 && abs(p) < 0.0001 { return String(format: "%.3g%%", p * 100) }
        return Figure.percent(p)
    }

    /// A compact dollar label for an axis tick: $0, $500, $12k, $1.5M, −$2B.
    static func compactDollars(_ x: Double) -> String {
        let sign = x < 0 ? "−" : ""
        let a = abs(x)
        let (scaled, suffix): (Double, String) = a >= 1e12 ? (a / 1e12, "T") : a >= 1e9 ? (a / 1e9, "B")
            : a >= 1e6 ? (a / 1e6, "M") : a >= 1e3 ? (a / 1e3, "k") : (a, "")
        return sign + "$" + trimmed(scaled) + suffix
    }

    /// A probability tick: 100%, 10%, 0.1%, 0.001%.
    static func compactPercent(_ p: Double) -> String { trimmed(p * 100) + "%" }

    /// A plain tick (a rate, a shock size, a trial count).
    static func compactNumber(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1e6 && a == a.rounded() { return (x < 0 ? "−" : "") + trimmed(a / 1e6) + "M" }
        if a >= 1e3 && a == a.rounded() { return (x < 0 ? "−" : "") + trimmed(a / 1e3) + "k" }
        return (x < 0 ? "−" : "") + trimmed(a)
    }

    /// Up to four significant digits without trailing zeros.
    static func trimmed(_ x: Double) -> String {
        var s = String(format: "%.4g", x)
        if s.contains("e") { return s }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
