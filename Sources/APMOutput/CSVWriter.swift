import APMAnalysis
import APMEngine
import APMModel
import APMSampling
import APMSupport

/// One cell of a CSV table.
public enum CSVCell: Sendable, Equatable {
    /// User or tool text: quoted where needed and guarded against formula injection.
    case text(String)
    /// A figure (dollars for money, fractions for probabilities): shortest round-trip form, a whole number without
    /// a fraction; a non-finite figure is an empty cell.
    case number(Double)
    /// A count (trials, threads, 0/1 flags), always written as an integer.
    case integer(Int)
    /// A missing value or a column that does not apply.
    case empty
}

/// The one CSV writer of every command (RFC 4180 fields, LF line ends):
///
/// - a field containing a comma, a double quote, CR, LF or `#` is quoted, with embedded quotes doubled (`#`
///   because readers told `comment='#'` would otherwise cut the line there);
/// - a text field starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`, so a spreadsheet never runs a
///   scenario or model name as a formula (numbers are never prefixed: −5 stays `-5`);
/// - an empty cell is a missing value;
/// - run metadata comes first as comment lines `# key: value` (values with control characters escaped, so each
///   is one line), which `pandas.read_csv(path, comment="#")` skips.
public enum CSVWriter {
    /// The characters that make a spreadsheet read a cell as a formula.
    package static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func document(metadata: [(String, String)] = [], header: [String], rows: [[CSVCell]]) -> String {
        var lines = metadata.map { "# \($0.0): \(MessageText.escaped($0.1))" }
        lines.append(header.map { field(.text($0)) }.joined(separator: ","))
        lines += rows.map { $0.map(field).joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func field(_ cell: CSVCell) -> String {
        switch cell {
        case .empty: return ""
        case let .integer(i): return String(i)
        case let .number(x): return number(x)
        case let .text(s): return quoted(guarded(s))
        }
    }

    /// Shortest round-trip form; whole numbers below 1e15 without a fraction; empty for NaN or infinity.
    package static func number(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int(saturating: x)) : "\(x)"
    }

    package static func guarded(_ s: String) -> String {
        guard let first = s.first, formulaStarts.contains(first) else { return s }
        return "'" + s
    }

    package static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "#" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
