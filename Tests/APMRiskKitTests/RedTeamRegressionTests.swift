import Foundation
import Testing
@testable import APMRiskKit

/// One case per class a hostile review found after the trust work, each fixed at its root.
@Suite struct RedTeamRegressionTests {
    /// A standard error whose computation overflows (figures near 1e150 have a fourth moment beyond a double) is
    /// no standard error, with the reason — never a silent ± 0.
    @Test func anOverflowingStandardErrorIsNoError() throws {
        #expect(!Estimate(value: 1, standardError: .nan).hasStandardError)
        #expect(!Estimate(value: 1, standardError: .infinity).hasStandardError)
        var model = try ModelLoader.parse("""
            cost: {lognormal: {mean: 1e150, cv: 0.5}}
            contract: {bundle: {price: 1100, episodes: 10}}
            """)
        model.run.trials = 2_000
        let r = try Simulation.run(model, threads: 1).report
        #expect(!r.marginStandardDeviation.hasStandardError, "SD(M) ± \(r.marginStandardDeviation.standardError)")
        var huge = model
        huge.unitCost = .continuous(.lognormal(mean: 1e300, cv: 0.5))
        let t = try Simulation.run(huge, threads: 1).report.tail(at: 0.9).tailValueAtRisk
        #expect(!t.hasStandardError || t.standardError > 0)
    }

    /// No loss in either run: the change in P(loss) has no paired or unpaired error to show, and says why.
    @Test func noLossInEitherRunGivesReasonsNotZeros() throws {
        var model = try ModelLoader.parse("""
            cost: {lognormal: {mean: 1000, cv: 0.5}}
            contract: {bundle: {price: 3000, episodes: 10}}
            """)
        model.run.trials = 2_000
        let c = try StressComparison.run(model, scenarios: [Scenario(name: "t", shocks: [.trend(0.1)])], threads: 1)
        let ch = try #require(c.results[0].changes.first { $0.metric == .lossProbability })
        #expect(ch.note != nil && ch.unpairedNote != nil)
    }

    /// Names from the model file reach every output escaped: no escape sequence can drive the terminal.
    @Test func namesAreEscapedAtTheSource() throws {
        let document = try ModelLoader.parseDocument("""
            name: "evil\\e[31mRED\\e[0m\\r\\u0007"
            cost: {lognormal: {mean: 1000, cv: 0.5}}
            contract: {bundle: {price: 1100, episodes: 10}}
            scenarios: [{name: "s\\nforged line", shocks: {trend: 0.1}}]
            """)
        for text in [document.model.name ?? "", document.scenarios[0].name] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text.debugDescription)")
        }
    }

    /// (1 − 0.995)·2,000 is 10 tail trials, not 11.
    @Test func tailTrialCountsAreWholeWhenTheProductIs() {
        #expect(QuantileRank.wholeCount((1 - 0.995) * 2_000) == 10)
        #expect(QuantileRank.wholeCount(2.5) == 3)
    }

    /// An argument parser message never echoes a huge argument whole.
    @Test func aHugeArgumentIsClippedInTheError() throws {
        let r = try Tool.run(["simulate", "Models/knee-replacement-bundle.yaml", "--" + String(repeating: "x", count: 100_000)])
        #expect(r.status == 2)
        #expect(r.stderr.count < 1_200 && r.stderr.split(separator: "\n").count == 1, "\(r.stderr.count) characters")
    }
}
