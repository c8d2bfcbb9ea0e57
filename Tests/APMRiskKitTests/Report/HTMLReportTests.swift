import Foundation
import Testing
@testable import APMRiskKit

/// The HTML report: drawn from the result document alone, self-contained, carrying the JSON's figures.
@Suite(.serialized) struct HTMLReportTests {
    static let knee = "Models/knee-replacement-bundle.yaml"

    /// A number as the report writes it in a `data-` attribute: whole numbers without a fraction, others in
    /// Swift's shortest round-trip form.
    func attribute(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("apmrisk-\(UUID().uuidString)-\(name)")
    }

    @Test func theReportOfASavedResultCarriesItsVaRFigures() throws {
        let json = Self.temporary("sim.json"), html = Self.temporary("sim.html")
        defer { for u in [json, html] { try? FileManager.default.removeItem(at: u) } }
        let s = try Tool.run(["simulate", Self.knee, "--trials", "4000", "--seed", "3", "--format", "json", "--output", json.path])
        #expect(s.status == 0, "\(s.stderr)")
        let r = try Tool.run(["report", json.path, "-o", html.path])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        guard case let .simulate(result) = try SavedResult.load(path: json.path) else {
            Issue.record("not a simulate document")
            return
        }
        for t in result.metrics.tailRisk {
            // In the key figures table, and on the VaR marker lines as the value they encode.
            #expect(page.contains(Figure.dollars(t.valueAtRisk.value)))
            #expect(page.contains("data-marker=\"var\" data-level=\"\(attribute(t.level))\" data-loss=\"\(attribute(t.valueAtRisk.value))\""))
            #expect(page.contains("data-loss=\"\(attribute(t.tailValueAtRisk.value))\""))
        }
        for id in ["figures", "distribution", "exceedance", "convergence", "run"] { #expect(page.contains("<section id=\"\(id)\">")) }
        #expect(!page.contains("<script") && !page.contains("https://") && page.hasSuffix("</html>\n"))
        // The model's text and its hash, checked.
        #expect(page.contains(result.run.modelSHA256) && page.contains("matches the model text below"))
    }

    @Test func formatHTMLWritesTheSameReportAsReportOfTheJSON() throws {
        let args = ["simulate", Self.knee, "--trials", "2000", "--seed", "5", "--threads", "1"]
        let html = try Tool.run(args + ["--format", "html"])
        let json = try Tool.run(args + ["--format", "json"])
        #expect(html.status == 0 && json.status == 0)
        let fromJSON = try HTMLReport.render(SavedResult.decode(Data(json.stdout.utf8)))
        // Only the run's timing differs between the two runs.
        func untimed(_ s: String) -> String {
            s.split(separator: "\n").map { line in
                line.replacing(/<tr><td>elapsed<\/td><td>[^<]*<\/td><\/tr><tr><td>trials per second<\/td><td>[^<]*<\/td><\/tr>/, with: "")
            }.joined(separator: "\n")
        }
        #expect(untimed(html.stdout) == untimed(fromJSON))
    }

    @Test func priceAndStressReportsDrawTheirCharts() throws {
        let price = try Tool.run(["price", Self.knee, "--solve", "price", "--max-loss-probability", "0.1", "--grid", "22000:24000:500",
                                  "--trials", "2000", "--format", "html"])
        #expect(price.status == 0, "\(price.stderr)")
        #expect(price.stdout.contains("data-chart=\"price-risk\"") && price.stdout.contains("data-marker=\"solution\""))
        let stress = try Tool.run(["stress", Self.knee, "--trials", "1000", "--format", "html"])
        #expect(stress.status == 0, "\(stress.stderr)")
        #expect(stress.stdout.contains("data-chart=\"scenarios\""))
        let reverse = try Tool.run(["stress", Self.knee, "--break", "expected_margin=0", "--along", "trend", "--trials", "1000", "--format", "html"])
        #expect(reverse.status == 0 && reverse.stdout.contains("data-chart=\"reverse\""), "\(reverse.stderr)")
        let tornado = try Tool.run(["stress", Self.knee, "--sensitivity", "--trials", "1000", "--format", "html"])
        #expect(tornado.status == 0 && tornado.stdout.contains("data-chart=\"tornado\""), "\(tornado.stderr)")
    }

    /// The waterfall is drawn from any `breakdown` list, whatever its components; without one it is left out.
    @Test func aBreakdownIsDrawnAsAWaterfall() throws {
        let text = try #require(ResultSamples.json["simulate knee"])
        guard case var .simulate(result) = try SavedResult.decode(Data(text.utf8)) else {
            Issue.record("not a simulate document")
            return
        }
        result.metrics.breakdown = []
        #expect(!(try HTMLReport.render(.simulate(result))).contains("data-chart=\"waterfall\""))
        let em = result.metrics.expectedMargin.value
        result.metrics.breakdown = [
            NamedEstimateResult(name: "revenue", estimate: EstimateResult(Estimate(value: 4_000_000, standardError: 30_000))),
            NamedEstimateResult(name: "retained cost", estimate: EstimateResult(Estimate(value: -(4_000_000 - em) - 50_000, standardError: 31_000))),
            NamedEstimateResult(name: "stop-loss <recovery>", estimate: EstimateResult(Estimate(value: 50_000, noErrorBecause: "exact"))),
        ]
        let page = try HTMLReport.render(.simulate(result))
        #expect(page.contains("data-chart=\"waterfall\""))
        #expect(page.contains("data-component=\"stop-loss &lt;recovery&gt;\""))
        // It survives the JSON round trip, in the shape {name, value, standard_error}.
        let again = ResultJSON.text(result)
        #expect(again.contains("\"name\" : \"retained cost\"") && again.contains("\"standard_error_reason\" : \"exact\""))
        guard case let .simulate(back) = try SavedResult.decode(Data(again.utf8)) else { return }
        #expect(ResultJSON.text(back.metrics) == ResultJSON.text(result.metrics))
        #expect(ResultJSON.text(back) == again)
    }

    @Test func reportRefusesWhatItCannotDrawWithOneLine() throws {
        let bench = Self.temporary("bench.json")
        defer { try? FileManager.default.removeItem(at: bench) }
        try Data(try #require(ResultSamples.json["bench"]).utf8).write(to: bench)
        for (path, fragment) in [(bench.path, "a bench result has no report"), ("/nonexistent/x.json", "the result file does not exist"),
                                 (Self.knee, "not an apmrisk result document")] {
            let r = try Tool.run(["report", path])
            #expect(r.status == 2 && r.stdout.isEmpty)
            #expect(r.stderr.contains(fragment) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }
}
