import Foundation
import Testing
@testable import APMRiskKit

/// The public data in Models/data/ (from Debian's r-cran-fitdistrplus; `scripts/fetch-example-data.sh`), checked
/// against the estimates fitdistrplus itself documents, and the fit's model block read back as a model.
@Suite struct PublicDataFitTests {
    func column(_ file: String, _ name: String, counts: Bool = false) throws -> [Double] {
        try ClaimsColumn.read(path: packageRoot.appendingPathComponent("Models/data/\(file)").path, column: name,
                              counts: counts).values
    }

    /// fitdistrplus's manual (fitdist, example on `toxocara`): nbinom size 0.3970 (s.e. 0.0830), mu 8.679.
    @Test func toxocaraNegativeBinomialMatchesFitdistrplus() throws {
        let f = CountFit(try column("toxocara.csv", "parasites", counts: true))
        let nb = try #require(f.negativeBinomial)
        #expect(abs(nb.r.value - 0.3970) < 5e-4, "size \(nb.r.value)")
        #expect(abs(try #require(nb.r.standardError) - 0.0830) < 5e-4, "size s.e. \(String(describing: nb.r.standardError))")
        #expect(abs(f.mean - 8.679245) < 1e-6)
        #expect(f.sampleSize == 53)
    }

    /// The Danish fire losses are all ≥ 1 (million DKK): the Pareto above 1 has the closed form α = n / Σ ln x.
    @Test func danishParetoShapeIsTheClosedForm() throws {
        let x = try column("danish-fire-losses.csv", "loss_mdkk")
        #expect(x.count == 2_167)
        let fit = try ColumnFit(x, column: "loss_mdkk", options: {
            var o = ColumnFit.Options(); o.families = [.pareto]; o.paretoThreshold = 1; o.replicates = 19; return o
        }())
        let shape = try #require(fit.fits.first).parameters[0]
        let exact = Double(x.count) / x.reduce(0) { $0 + log($1) }
        #expect(abs(shape.value - exact) < 1e-12 * exact)
        #expect(abs(shape.standardError! - exact / Double(x.count).squareRoot()) < 1e-9)
    }

    /// --emit-model with a template: the template's cost: block is replaced by the fit, the rest kept, and the
    /// result loads as a model with the fitted distribution.
    @Test func emittedModelLoadsWithTheFittedCost() throws {
        let x = try column("danish-fire-losses.csv", "loss_mdkk")
        var o = ColumnFit.Options()
        o.families = [.lognormal, .gamma]
        o.replicates = 19
        let fit = try ColumnFit(x, column: "loss_mdkk", options: o)
        let report = FitReport(file: "danish-fire-losses.csv", column: "loss_mdkk", by: nil, kind: .costs([fit]),
                               replicates: 19, seed: 1)
        let template = try String(contentsOf: packageRoot.appendingPathComponent("Models/cjr-retrospective-bundle.yaml"), encoding: .utf8)
        let text = try #require(report.model(fromTemplate: template))
        let model = try ModelLoader.parse(text, file: "fitted.yaml")
        let best = try #require(fit.best)
        #expect(model.unitCost == .continuous(best.distribution) || {
            // Written with ten significant digits: the same distribution to 1e-9.
            guard case let .continuous(.lognormal(z, s)) = model.unitCost, case let .lognormal(z0, s0) = best.distribution else { return false }
            return abs(z - z0) < 1e-9 * abs(z0) && abs(s - s0) < 1e-9 * s0
        }())
        let original = try ModelLoader.parse(template)
        #expect(model.contract == original.contract)
        #expect(text.contains("# lognormal has the lowest AIC"))
    }
}
