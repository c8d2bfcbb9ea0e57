import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Runs a portfolio given as YAML text.
func simulatePortfolio(_ yaml: String, trials: Int? = nil, seed: UInt64? = 1, threads: Int = 2,
                       levels: [Double]? = nil) throws -> PortfolioSimulation {
    try PortfolioSimulation.run(PortfolioLoader.parse(yaml), trials: trials, seed: seed, levels: levels, threads: threads)
}

/// The portfolio engine: streams keyed by line name, thread invariance, and the single-model path.
@Suite struct PortfolioEngineTests {
    /// Three lines with every kind of draw: a random-count bundle with add-ons and its own factor, a capitation
    /// loading on Θ with β = 2 and a quality-scored shared-risk contract; a shared catastrophe; a short last block.
    static let mixed = """
        run: {trials: 10007, seed: 5}
        portfolio:
          systematic_factor: {lognormal: {mean: 1, cv: 0.05}}
          catastrophe: {probability: 0.03, multiplier: 1.2}
          lines:
            - name: knee
              cost:
                mixture:
                  - {weight: 0.8, lognormal: {mean: 20000, cv: 0.3}}
                  - {weight: 0.2, gamma: {mean: 40000, cv: 0.5}}
                add_ons:
                  - {name: readmission, probability: 0.1, cost: {weibull: {mean: 12000, cv: 1.2}}}
              systematic_factor: {lognormal: {mean: 1, cv: 0.03}}
              contract:
                bundle: {price: 25000, episodes: {negative_binomial: {mean: 40, dispersion: 2}}, stop_loss: 0.2}
            - name: panel
              beta: 2
              cost: {lognormal: {mean: 11000, cv: 2}}
              contract:
                capitation: {pmpm: 950, members: 300, stop_loss: {attachment: 100000, coinsurance: 0.9, premium_pmpm: 20}}
            - name: aco
              beta: 1
              cost: {gamma: {mean: 12000, cv: 1.5}}
              contract:
                shared_risk: {benchmark: 12500, members: 500, savings_rate: 0.5, loss_rate: 0.3,
                              minimum_savings_rate: 0.02, minimum_loss_rate: 0.02}
        """

    @Test func figuresAreBitIdenticalOnOneTwoAndThreeThreads() throws {
        let runs = try [1, 2, 3].map { try simulatePortfolio(Self.mixed, seed: nil, threads: $0) }
        #expect(runs[0].outcome.total.blocks > 3)
        for r in runs.dropFirst() {
            #expect(ReportJSON.metrics(r.total).serialized() == ReportJSON.metrics(runs[0].total).serialized())
            for i in r.lines.indices {
                #expect(ReportJSON.metrics(r.lines[i]).serialized() == ReportJSON.metrics(runs[0].lines[i]).serialized())
            }
            #expect(r.outcome.lineMargins! == runs[0].outcome.lineMargins!)
            for (a, b) in zip(r.allocations, runs[0].allocations) {
                #expect(a.lines.map(\.estimate) == b.lines.map(\.estimate))
                #expect(a.components.map(\.estimate) == b.components.map(\.estimate))
            }
            #expect(r.diversification.map(\.benefit) == runs[0].diversification.map(\.benefit))
        }
    }

    /// A one-line portfolio is its model run alone through the engine with the line's stream salt, bit for bit
    /// (a model run alone by `simulate` has salt 0: its own streams, not the line's).
    @Test func aOneLinePortfolioIsItsModelAloneUnderTheSameSalt() throws {
        let model = """
            cost:
              mixture:
                - {weight: 0.8, lognormal: {mean: 20000, cv: 0.3}}
                - {weight: 0.2, gamma: {mean: 40000, cv: 0.5}}
              add_ons:
                - {name: readmission, probability: 0.1, cost: {weibull: {mean: 12000, cv: 1.2}}}
            systematic_factor: {lognormal: {mean: 1, cv: 0.03}}
            contract:
              bundle: {price: 25000, episodes: {negative_binomial: {mean: 40, dispersion: 2}}, stop_loss: 0.2}
            """
        let indented = model.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let portfolio = "run: {trials: 5003, seed: 11}\nportfolio:\n  lines:\n    - name: knee\n" + indented
        let p = try simulatePortfolio(portfolio, seed: nil)
        var alone = try ModelLoader.parse(model)
        alone.run = p.settings
        var job = SimulationJob.job(for: alone, threads: 2, lowTailFraction: p.job.lowTailFraction)
        job.streamSalt = StreamKey.lineSalt(name: "knee")
        #expect(job.blockTrials == p.job.blockTrials)
        let outcome = try Engine.run(job, keepingLedger: false, convergenceLevel: p.settings.levels.max()).outcome
        let report = RiskReport(outcome: outcome, levels: p.settings.levels, revenue: alone.contract.expectedRevenue)
        let line = ReportJSON.metrics(p.lines[0]).serialized()
        #expect(ReportJSON.metrics(report).serialized() == line)
        #expect(outcome.orderStatistics.lowest == p.outcome.lines[0].orderStatistics.lowest)
        #expect(outcome.orderStatistics.lowest == p.outcome.total.orderStatistics.lowest)
        #expect(p.total.expectedMargin == report.expectedMargin)
        #expect(p.total.tails.map(\.tailValueAtRisk) == report.tails.map(\.tailValueAtRisk))
        // Salt 0 is the single-model path: different streams from the line's.
        job.streamSalt = 0
        #expect(try Engine.run(job).moments.mean != outcome.moments.mean)
    }

    /// A line's draws depend on its name only: adding a line and reordering the lines leave them alone.
    @Test func addingOrReorderingLinesLeavesALinesDrawsAlone() throws {
        let lines = Self.mixed.components(separatedBy: "\n    - name: ")
        let header = lines[0], knee = lines[1], panel = lines[2], aco = lines[3]
        let reordered = [header, aco, knee].joined(separator: "\n    - name: ")
        let all = try simulatePortfolio(Self.mixed, seed: nil)
        let two = try simulatePortfolio(reordered, seed: nil)
        _ = panel
        #expect(two.outcome.lineMargins![0] == all.outcome.lineMargins![2])
        #expect(two.outcome.lineMargins![1] == all.outcome.lineMargins![0])
    }
}
