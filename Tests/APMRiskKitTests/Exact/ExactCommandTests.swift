import Foundation
import Testing
@testable import APMRiskKit

/// `apmrisk exact` as a user runs it: one line and exit status 2 for a model it cannot treat, naming the field;
/// table, JSON and CSV for one it can.
@Suite(.serialized) struct ExactCommandTests {
    @Test(arguments: [
        ("ma-risk-adjusted-capitation", "contract.risk_adjusted_capitation: a risk-adjusted capitation's members"),
        ("hospital-p4p", "contract.pay_for_performance.quality.tps: is a beta score"),
        ("maryland-global-budget", "contract.global_budget.quality.composite: is a beta score"),
        ("mssp-enhanced-aco", "contract.shared_risk.quality.composite: is a beta score"),
    ])
    func aModelExactCannotTreatGetsOneLineNamingTheField(model: String, message: String) throws {
        let r = try Tool.run(["exact", "Models/\(model).yaml"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("apmrisk: error: \(message)"))
        #expect(r.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func anObservedRateScoreIsNamedToo() throws {
        let model = try ModelLoader.parse("""
            cost: {lognormal: {mean: 1000, cv: 1}}
            contract:
              pay_for_performance:
                price: 1100
                volume: 100
                quality: {err: {observed_rate: {cases: 50, probability: 0.2}}}
                adjustments: [{name: HRRP, measure: err, map: [[0, 0], [1, -0.03]]}]
            """)
        #expect(throws: ModelError(field: "contract.pay_for_performance.quality.err",
                                   rule: "is an observed rate; exact treats fixed and discrete quality scores only (use simulate)")) {
            try ExactAnalysis.run(model, latticePoints: 256)
        }
    }

    @Test func badOptionValuesGetTheirRule() throws {
        let r = try Tool.run(["exact", "Models/knee-replacement-bundle.yaml", "--lattice-points", "1000"])
        #expect(r.status == 2)
        #expect(r.stderr == "apmrisk: error: --lattice-points: must be a power of two from 64 to 16,777,216, got '1000'\n")
        let t = try Tool.run(["exact", "Models/knee-replacement-bundle.yaml", "--theta-intervals", "1"])
        #expect(t.status == 2)
        #expect(t.stderr == "apmrisk: error: --theta-intervals: must be at least 2, got '1'\n")
    }

    @Test func tableJSONAndCSV() throws {
        // 50 members, each Gamma(4, 500) a year, Θ lognormal with cv 0.03.
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("exact-gamma-capitation-\(getpid()).yaml").path
        try """
            name: Gamma capitation for exact
            cost: {gamma: {shape: 4, scale: 500}}
            systematic_factor: {lognormal: {mean: 1, cv: 0.03}}
            contract: {capitation: {pmpm: 170, members: 50}}
            """.write(toFile: model, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let table = try Tool.run(["exact", model, "--lattice-points", "1024"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("P(loss)") && table.stdout.contains("TVaR 99.5%"))
        let json = try Tool.run(["exact", model, "--lattice-points", "1024", "--format", "json", "--compare", "--trials", "5000"])
        #expect(json.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["command"] as? String == "exact")
        let figures = try #require(doc["figures"] as? [[String: Any]])
        #expect(figures.contains { $0["metric"] as? String == "tvar" && $0["z"] is Double })
        #expect(doc["run"] != nil)
        let csv = try Tool.run(["exact", model, "--lattice-points", "1024", "--format", "csv"])
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.first == "metric,level,lower,upper,central,bracket_width,simulated,standard_error,z")
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 9 })
    }
}
