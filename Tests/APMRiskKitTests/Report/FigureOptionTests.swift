import Foundation
import Testing
@testable import APMRiskKit

/// `--percentiles` and `--exceedance`: in every format, and refused in one line with exit status 2 when wrong.
@Suite(.serialized) struct FigureOptionTests {
    static let knee = "Models/knee-replacement-bundle.yaml"

    static let badValues: [([String], String)] = [
        (["--percentiles", "0"], "--percentiles: each percentile must be a number strictly between 0 and 100 (percent), got '0'"),
        (["--percentiles", "1,100"], "--percentiles: each percentile must be a number strictly between 0 and 100 (percent), got '100'"),
        (["--percentiles", "5,abc"], "--percentiles: each percentile must be a number strictly between 0 and 100 (percent), got 'abc'"),
        (["--percentiles", "50,nan"], "--percentiles: must be a finite number, got 'nan'"),
        (["--percentiles", ""], "--percentiles: each percentile must be a number strictly between 0 and 100 (percent), got ''"),
        (["--percentiles", "99.99"], "--percentiles: the 99.99th percentile needs at least"),
        (["--percentiles", Array(repeating: "50", count: 101).joined(separator: ",")], "--percentiles: at most 100 values, got 101"),
        (["--exceedance", "1e6,big"], "--exceedance: each loss must be a number of dollars, e.g. 1e6, got 'big'"),
        (["--exceedance=-inf"], "--exceedance: must be a finite number, got '-inf'"),
        (["--exceedance", "1e6,"], "--exceedance: each loss must be a number of dollars, e.g. 1e6, got ''"),
    ]

    @Test(arguments: FigureOptionTests.badValues)
    func badValuesGiveExitStatus2AndOneLine(option: [String], message: String) throws {
        for command in [["simulate", Self.knee], ["price", Self.knee, "--solve", "price", "--grid", "23000:23000:1"], ["stress", Self.knee]] {
            let r = try Tool.run(command + ["--trials", "1000"] + option)
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix("apmrisk: error: " + message), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func theFiguresAppearInEveryFormat() throws {
        let args = ["simulate", Self.knee, "--trials", "20000", "--seed", "4", "--percentiles", "1,5,50,95,99.9", "--exceedance", "1e5,2.5e5"]
        let json = try Tool.run(args + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        guard case let .simulate(result) = try SavedResult.decode(Data(json.stdout.utf8)) else {
            Issue.record("not a simulate document")
            return
        }
        #expect(result.metrics.marginPercentiles.map(\.level) == [0.01, 0.05, 0.5, 0.95, 0.999])
        let ex = try #require(result.metrics.exceedance)
        #expect(ex.map(\.loss) == [100_000, 250_000])
        #expect(ex.allSatisfy { $0.sampleTrials == 20_000 && $0.probability.standardError != nil })
        let table = try Tool.run(args)
        #expect(table.stdout.contains("Exceedance probabilities of the loss L") && table.stdout.contains("99.9 "))
        let csv = try Tool.run(args + ["--format", "csv"])
        #expect(csv.stdout.contains("\nexceedance_probability,100000,") && csv.stdout.contains("\nmargin_percentile,0.999,"))
        let html = try Tool.run(args + ["--format", "html"])
        #expect(html.stdout.contains("Exceedance probabilities P(L &gt; x)") && html.stdout.contains("<td>99.9</td>"))
        // The percentiles are the order statistics the fixed ones use, with the same intervals.
        let plain = try Tool.run(["simulate", Self.knee, "--trials", "20000", "--seed", "4", "--format", "json"])
        guard case let .simulate(fixed) = try SavedResult.decode(Data(plain.stdout.utf8)) else { return }
        for p in fixed.metrics.marginPercentiles where [0.01, 0.05, 0.5, 0.95].contains(p.level) {
            let q = try #require(result.metrics.marginPercentiles.first { $0.level == p.level })
            #expect(q.estimate.value == p.estimate.value && q.estimate.ci95Lower == p.estimate.ci95Lower
                && q.estimate.ci95Upper == p.estimate.ci95Upper)
        }
        // Price and stress report them in their metrics too.
        let price = try Tool.run(["price", Self.knee, "--solve", "price", "--max-loss-probability", "0.1", "--trials", "4000",
                                  "--exceedance", "1e5", "--format", "json"])
        #expect(price.status == 0 && price.stdout.contains("\"exceedance\" : ["), "\(price.stderr)")
        let stress = try Tool.run(["stress", Self.knee, "--trials", "1000", "--percentiles", "50", "--exceedance", "0", "--format", "json"])
        #expect(stress.status == 0, "\(stress.stderr)")
        guard case let .stress(s) = try SavedResult.decode(Data(stress.stdout.utf8)), case let .scenarios(base, runs) = s.body else {
            Issue.record("not a stress scenarios document")
            return
        }
        for m in [base] + runs.map(\.metrics) {
            #expect(m.marginPercentiles.map(\.level) == [0.5])
            // P(L > 0) is P(loss).
            #expect(m.exceedance?.first?.probability.value == m.lossProbability.value)
        }
    }
}
