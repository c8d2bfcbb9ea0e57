import Foundation
import APMSupport

/// One numeric column of a claims CSV file, optionally split by the values of another column.
///
/// The file is comma-separated with a header row; fields may be quoted ("…", with "" for a quote). Every value
/// of the column must be a finite number ≥ 0 (a cost or a count); a bad cell is a `ModelError` naming the file,
/// the row (1-based, the header being row 1) and the rule, so `apmrisk fit` stops with one line and status 2.
public struct ClaimsColumn: Sendable {
    /// The column's name and the file it came from.
    public let column: String
    public let file: String
    /// The values in file order, and, with `by`, each row's group.
    public let values: [Double]
    public let groups: [String]?

    /// The values of each group, in order of first appearance (one unnamed group without `by`).
    public var byGroup: [(group: String?, values: [Double])] {
        guard let groups else { return [(nil, values)] }
        var order: [String] = [], split: [String: [Double]] = [:]
        for (g, v) in zip(groups, values) {
            if split[g] == nil { order.append(g) }
            split[g, default: []].append(v)
        }
        return order.map { ($0, split[$0]!) }
    }

    /// Reads `column` (and `by`) of the CSV file at `path`; with `counts`, every value must be a whole number.
    public static func read(path: String, column: String, by: String? = nil, counts: Bool = false) throws -> ClaimsColumn {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(file: path, field: "", rule: "cannot read the file (missing or unreadable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(file: path, field: "", rule: "is not UTF-8 text")
        }
        return try parse(text, file: path, column: column, by: by, counts: counts)
    }

    /// Parses CSV `text` (named `file` in messages).
    public static func parse(_ text: String, file: String, column: String, by: String? = nil,
                             counts: Bool = false) throws -> ClaimsColumn {
        let rows = try CSVRows.split(text, file: file)
        guard let header = rows.first, !(header.count == 1 && header[0].isEmpty) else {
            throw ModelError(file: file, field: "", rule: "has no header row")
        }
        func index(_ name: String, option: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw ModelError(field: option, rule: "the file has no column \(MessageText.quoted(name)) "
                    + "(it has \(header.map(MessageText.quoted).joined(separator: ", ")))")
            }
            return i
        }
        let c = try index(column, option: "--column")
        let g = try by.map { try index($0, option: "--by") }
        var values: [Double] = [], groups: [String] = []
        for (r, row) in rows.enumerated().dropFirst() {
            if row.count == 1 && row[0].isEmpty { continue }   // a blank line
            let line = r + 1
            guard row.count == header.count else {
                throw ModelError(file: file, line: line, field: "", rule: "has \(row.count) fields; the header has \(header.count)")
            }
            let cell = row[c].trimmingCharacters(in: .whitespaces)
            guard !cell.isEmpty else {
                throw ModelError(file: file, line: line, field: column, rule: "is empty; every row needs a value")
            }
            guard let x = Double(cell), x.isFinite, cell.lowercased() != "nan", !cell.lowercased().contains("inf") else {
                throw ModelError(file: file, line: line, field: column, rule: "must be a number, got \(MessageText.quoted(cell))")
            }
            guard x >= 0 else {
                throw ModelError(file: file, line: line, field: column, rule: "must be 0 or more (a cost or a count), got \(cell)")
            }
            guard !counts || (x == x.rounded() && x <= 4e9) else {
                throw ModelError(file: file, line: line, field: column, rule: "must be a whole number of claims, got \(cell)")
            }
            values.append(x)
            if let g { groups.append(row[g]) }
        }
        guard !values.isEmpty else { throw ModelError(file: file, field: column, rule: "has no values") }
        return ClaimsColumn(column: column, file: file, values: values, groups: by == nil ? nil : groups)
    }
}

/// RFC 4180 fields: comma-separated, CRLF or LF line ends, quoted fields with doubled quotes.
enum CSVRows {
    static func split(_ text: String, file: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, atFieldStart = true, line = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let ch = next() {
            if quoted {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                    } else { quoted = false }
                } else {
                    if ch == "\n" { line += 1 }
                    field.unicodeScalars.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                row.append(field); field = ""; atFieldStart = true
            case "\r":
                continue
            case "\n":
                row.append(field); rows.append(row); row = []; field = ""; atFieldStart = true
                line += 1
            default:
                field.unicodeScalars.append(ch)
                atFieldStart = false
            }
        }
        if quoted { throw ModelError(file: file, line: line, field: "", rule: "has a quoted field that never ends") }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
