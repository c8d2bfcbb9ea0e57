import Foundation
import Testing
@testable import APMRiskKit

/// Every error is exactly one line on stderr, exit status 2, whatever control characters the input held.
@Suite(.serialized) struct ErrorLineTests {
    func expectOneEscapedLine(_ r: (status: Int32, stdout: String, stderr: String), containing fragment: String) {
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
        #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0 == "\r" })
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    @Test func aKeyWithControlCharactersGivesOneEscapedLine() throws {
        let model = "Tests/APMRiskKitTests/Model/BadModels/key-with-control-characters.yaml"
        expectOneEscapedLine(try Tool.run(["simulate", model]), containing: "unknown key 'stop\\u{1B}[31m_loss\\nx'")
    }

    @Test func aNumberTaggedAsTextIsRefused() throws {
        let model = "Tests/APMRiskKitTests/Model/BadModels/mean-tagged-str.yaml"
        expectOneEscapedLine(try Tool.run(["simulate", model]),
                             containing: "cost.lognormal.mean: must be a number, got the text '25000' tagged !!str; remove the tag")
    }

    @Test(arguments: [
        (["simulate", "Models/knee-replacement-bundle.yaml", "--rng", "a\nb\u{1B}[2J"], "--rng: unknown GSL generator 'a\\nb\\u{1B}[2J'"),
        (["simulate", "Models/knee-replacement-bundle.yaml", "--format", "x\ny"], "--format: must be table, json, csv or html, got 'x\\ny'"),
        (["simulate", "no\nsuch\u{9B}model.yaml"], "no\\nsuch\\u{9B}model.yaml: model file does not exist"),
        (["stress", "Models/knee-replacement-bundle.yaml", "--shock", "tr\u{7F}end=1"], "unknown shock 'tr\\u{7F}end'"),
    ])
    func optionValuesAreEscaped(arguments: [String], fragment: String) throws {
        expectOneEscapedLine(try Tool.run(arguments), containing: fragment)
    }
}

/// Results are never NaN or infinity, and no figure makes the formatter trap, in any format.
@Suite(.serialized) struct ExtremeFigureTests {
    static func model(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    static let overflowing = "cost: {lognormal: {mean: 1e300, cv: 1}}\ncontract: {bundle: {price: 1, episodes: 100}}\n"
    static let beyondInt = "cost: {constant: 1e19}\ncontract: {bundle: {price: 1, episodes: 1}}\n"

    @Test(arguments: ["table", "json", "csv"], [overflowing, beyondInt])
    func noNaNNoInfinityNoTrap(format: String, yaml: String) throws {
        let path = try Self.model(yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try Tool.run(["simulate", path, "--trials", "2000", "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        let words = r.stdout.lowercased().split { !$0.isLetter }
        #expect(!words.contains("nan") && !words.contains("inf") && !words.contains("infinity"))
        if format == "table" && yaml == Self.beyondInt { #expect(r.stdout.contains("−$1.000e+19")) }
        if format == "table" && yaml == Self.overflowing { #expect(r.stdout.contains("n/a (overflow)")) }
        if format == "json" {
            let lines = r.stdout.split(separator: "\n")
            for (i, line) in lines.enumerated() where line.hasSuffix(": null,") || line.hasSuffix(": null") {
                guard !line.contains("precision_target") else { continue }
                let key = line.split(separator: "\"")[1]
                #expect(lines[i + 1].contains("\"\(key)_reason\" : \""), "\(line) has no reason right after it")
            }
        }
    }
}
