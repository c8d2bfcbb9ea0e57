import Foundation
import Testing
@testable import APMRiskKit

/// Reads CSV with the writer's rules, as pandas' `read_csv(path, comment="#")` does: lines starting with `#` are
/// metadata (`# key: value`), then RFC 4180 records (quoted fields may hold commas, quotes doubled, line breaks).
struct CSVReader {
    var metadata: [(String, String)] = []
    var header: [String] = []
    var rows: [[String]] = []

    init(_ text: String) {
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false, atLineStart = true
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if atLineStart && c == "#" && !quoted {
                let line = String(chars.prefix { $0 != "\n" })
                chars = chars.dropFirst(line.count + 1)
                if let colon = line.range(of: ": ") {
                    metadata.append((String(line[..<colon.lowerBound]).trimmingCharacters(in: .whitespaces), String(line[colon.upperBound...])))
                }
                continue
            }
            atLineStart = false
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); records.append(record); field = ""; record = []; atLineStart = true
            } else {
                field.append(c)
            }
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    func column(_ name: String) -> [String] {
        guard let i = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[i] }
    }
}

@Suite struct CSVWriterTests {
    @Test func fieldsWithCommasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        #expect(CSVWriter.field(.text("plain name")) == "plain name")
        #expect(CSVWriter.field(.text("a,b")) == "\"a,b\"")
        #expect(CSVWriter.field(.text("say \"hi\"")) == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field(.text("two\nlines")) == "\"two\nlines\"")
        #expect(CSVWriter.field(.text("cr\rhere")) == "\"cr\rhere\"")
        #expect(CSVWriter.field(.text("crlf\r\nhere")) == "\"crlf\r\nhere\"")
        #expect(CSVWriter.field(.text("scenario #2")) == "\"scenario #2\"")
    }

    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")"])
    func textThatASpreadsheetWouldRunAsAFormulaIsPrefixedWithAQuote(text: String) {
        let cell = CSVWriter.field(.text(text))
        let back = CSVReader("h\n" + cell + "\n").rows.first?.first
        #expect(back == "'" + text)
    }

    @Test func numbersAreNeverPrefixedAndCountsAreIntegers() {
        #expect(CSVWriter.field(.number(-5.5)) == "-5.5")
        #expect(CSVWriter.field(.number(-86903.25729682064)) == "-86903.25729682064")
        #expect(CSVWriter.field(.number(3)) == "3")
        #expect(CSVWriter.field(.number(1e20)) == "1e+20")
        #expect(CSVWriter.field(.integer(20_000)) == "20000")
        #expect(CSVWriter.field(.number(.nan)) == "")
        #expect(CSVWriter.field(.empty) == "")
    }

    @Test func metadataIsOneCommentLinePerKeyEvenForHostileText() {
        let text = CSVWriter.document(metadata: [("model", "evil\nname,\"x\""), ("seed", "7")], header: ["a", "b"],
                                      rows: [[.integer(1), .text("x")]])
        #expect(text == "# model: evil\\nname,\"x\"\n# seed: 7\na,b\n1,x\n")
        let csv = CSVReader(text)
        #expect(csv.metadata.map(\.0) == ["model", "seed"])
        #expect(csv.header == ["a", "b"] && csv.rows == [["1", "x"]])
    }

    @Test(arguments: ResultSamples.commands.filter { $0.name != "simulate overflowing" }.map(\.name))
    func everyCommandsCSVHasMetadataAHeaderAndRowsOfItsWidth(command: String) throws {
        let arguments = try #require(ResultSamples.commands.first { $0.name == command }).arguments
        let r = try Tool.run(arguments + ["--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = CSVReader(r.stdout)
        #expect(csv.metadata.first?.0 == "command" && csv.metadata.first?.1 == String(arguments[0]))
        #expect(!csv.rows.isEmpty)
        for row in csv.rows { #expect(row.count == csv.header.count, "\(row)") }
        if ["simulate", "price", "stress"].contains(arguments[0]) {
            let keys = csv.metadata.map(\.0)
            #expect(keys.contains("sign_convention") && keys.contains("units") && keys.contains("seed"))
        }
        if let i = csv.header.firstIndex(of: "metric"), csv.header.contains("ci95_upper") {
            #expect(Array(csv.header[i..<(i + 6)]) == ReportCSV.columns)
            for row in csv.rows where row[i] == "trials" { #expect(Int(row[i + 2]) != nil && row[i + 3].isEmpty) }
        }
        if arguments[0] == "bench" { for t in csv.column("threads") { #expect(Int(t) != nil) } }
    }

    @Test func aScenarioNameCannotInjectAFormulaOrBreakTheTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml")
        try Data("""
            name: "=cmd|' /C calc'!A0"
            cost: {gamma: {mean: 5000, cv: 1.2}}
            contract: {bundle: {price: 5600, episodes: 100}}
            scenarios:
              - name: '=HYPERLINK("http://x", "click"), #1'
                shocks: {trend: 0.05}
              - name: "-2% trend"
                shocks: {trend: -0.02}
            """.utf8).write(to: model)
        let r = try Tool.run(["stress", model.path, "--trials", "1000", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = CSVReader(r.stdout)
        let names = Set(csv.column("scenario"))
        #expect(names == ["base", "'=HYPERLINK(\"http://x\", \"click\"), #1", "'-2% trend"])
        #expect(csv.metadata.first { $0.0 == "model" }?.1 == "=cmd|' /C calc'!A0")
        for row in csv.rows { #expect(row.count == csv.header.count) }
    }
}
