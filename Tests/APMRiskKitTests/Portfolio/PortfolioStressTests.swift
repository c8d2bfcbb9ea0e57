import Foundation
import Testing
@testable import APMRiskKit

/// Stress on a portfolio: a shock to one line moves only that line's margins; the total's change has its
/// paired error.
@Suite struct PortfolioStressTests {
    @Test func aShockToOneLineLeavesTheOtherLinesDrawsAlone() throws {
        let portfolio = try PortfolioLoader.parse(PortfolioEngineTests.mixed)
        let scenario = PortfolioScenario(name: "panel trend", shocks: [PortfolioShock(line: "panel", shock: .trend(0.05))])
        let shocked = try scenario.apply(to: portfolio).get()
        let base = try PortfolioSimulation.run(portfolio, trials: 2000, threads: 2)
        let run = try PortfolioSimulation.run(shocked, trials: 2000, threads: 2)
        #expect(run.outcome.lineMargins![0] == base.outcome.lineMargins![0])
        #expect(run.outcome.lineMargins![2] == base.outcome.lineMargins![2])
        #expect(run.outcome.lineMargins![1] != base.outcome.lineMargins![1])
        let comparison = try PortfolioStress.run(portfolio, scenarios: [scenario], threads: 2)
        let change = try #require(comparison.results.first?.changes.first { $0.metric == .expectedMargin })
        #expect(change.change < 0 && change.pairedStandardError < change.unpairedStandardError)
    }

    @Test func aShockToAnUnknownLineIsRefused() throws {
        let portfolio = try PortfolioLoader.parse(PortfolioEngineTests.mixed)
        let scenario = PortfolioScenario(name: "x", shocks: [PortfolioShock(line: "nope", shock: .trend(0.05))])
        guard case let .failure(e) = scenario.apply(to: portfolio) else { Issue.record("applied"); return }
        #expect(e.description == "nope:trend=0.05: unknown line 'nope' (lines: knee, panel, aco)")
    }
}
