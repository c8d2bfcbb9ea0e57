import Foundation
import Testing
@testable import APMRiskKit

/// Tables for people: the stress table fits 100 columns without cutting a scenario name out of the output, and
/// every table writes a negative figure with the same minus sign (U+2212), while CSV keeps ASCII for programs.
@Suite(.serialized) struct TableLayoutTests {
    static let sixtyCharacters = "a scenario whose name runs to sixty characters, on purpose!!"

    static let longNames = """
        name: Long-name stress check
        cost: {lognormal: {mean: 25000, cv: 0.4}}
        contract: {bundle: {price: 26000, episodes: 100}}
        scenarios:
          - name: \(sixtyCharacters)
            shocks: {trend: 0.05, severity: 1.04, volume: -0.15, lognormal_cv: 1.3, price: 22500,
                     catastrophe: {probability: 0.05, multiplier: 1.25}}
          - name: cheaper
            shocks: {trend: -0.05}
        """

    @Test func theNameIsSixtyCharacters() { #expect(Self.sixtyCharacters.count == 60) }

    @Test(arguments: [[String](), ["--sensitivity"], ["--break", "expected_margin=0", "--along", "trend"]])
    func everyStressLineFitsAHundredColumns(mode: [String]) throws {
        let model = try Tool.temporaryModel(Self.longNames)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let r = try Tool.run(["stress", model, "--trials", "2000"] + mode)
        #expect(r.status == 0, "\(r.stderr)")
        for line in r.stdout.split(separator: "\n") {
            #expect(line.count <= 100, "\(line.count) columns: \(line)")
        }
        if mode.isEmpty {
            #expect(r.stdout.contains(Self.sixtyCharacters), "the full scenario name is missing:\n\(r.stdout)")
            #expect(r.stdout.contains("catastrophe=0.05:1.25"))
        }
    }

    @Test func theShippedModelsStressTablesFit() throws {
        for (model, extra) in [("Models/knee-replacement-bundle.yaml", []), ("Models/claims-capitation.yaml", []),
                               ("Models/primary-care-capitation.yaml", []),
                               ("Models/aco-shared-risk.yaml", ["--shock", "trend=0.05", "--shock", "volume=-0.1"])] {
            let r = try Tool.run(["stress", model, "--trials", "1000"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            for line in r.stdout.split(separator: "\n") { #expect(line.count <= 100, "\(model): \(line)") }
        }
    }

    /// An ASCII hyphen-minus directly before a figure (a digit, `$` or `.`).
    static func asciiMinusBeforeFigure(_ text: String) -> Substring? {
        text.split(separator: "\n").first { line in
            zip(line, line.dropFirst()).contains { $0 == "-" && ($1.isNumber || $1 == "$" || $1 == ".") }
        }
    }

    /// Negative dollars, percentages, changes, shock sizes and plain numbers all print with U+2212 in a table.
    @Test(arguments: [
        ["simulate", "--trials", "2000"],
        ["price", "--solve", "price", "--target-margin", "-2%", "--grid", "20000:26000:2000", "--trials", "2000"],
        ["stress", "--trials", "2000"],
        ["stress", "--trials", "2000", "--sensitivity"],
        ["stress", "--trials", "2000", "--break", "expected_margin=0", "--along", "price", "--range", "30000:20000"],
    ])
    func tablesHaveOneMinusSign(arguments: [String]) throws {
        let model = try Tool.temporaryModel(Self.longNames)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let r = try Tool.run([arguments[0], model] + arguments.dropFirst())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\u{2212}"), "no negative figure to check:\n\(r.stdout)")
        #expect(Self.asciiMinusBeforeFigure(r.stdout) == nil, "\(Self.asciiMinusBeforeFigure(r.stdout) ?? "")")
    }

    /// CSV is for programs: its figures keep the ASCII minus, so they read back as numbers.
    @Test func csvKeepsTheASCIIMinus() throws {
        let model = try Tool.temporaryModel(Self.longNames)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let r = try Tool.run(["stress", model, "--trials", "2000", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.contains { $0.contains(",-") })
        #expect(!rows.contains { $0.contains("\u{2212}") })
    }

    /// A figure or shock copied from a table can be pasted back: the command line reads U+2212 as a minus.
    @Test func aTypographicMinusIsReadBack() throws {
        let r = try Tool.run(["stress", "Models/knee-replacement-bundle.yaml", "--trials", "400", "--shock", "volume=\u{2212}0.1",
                              "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("volume=-0.1"))
    }
}
