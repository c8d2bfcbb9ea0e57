import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// One lognormal episode (mean 25,000, cv 0.4) at price 28,000: the closed forms of domain.md apply.
let lognormalBundle = """
    cost: {lognormal: {mean: 25000, cv: 0.4}}
    contract: {bundle: {price: 28000, episodes: 1}}
    """

@Suite struct ScenarioTests {
    @Test func costTrendMovesExpectedMarginByMinusTTimesMeanCost() throws {
        var model = try ModelLoader.parse(lognormalBundle)
        model.run.trials = 100_000
        model.run.seed = 17
        let t = 0.05
        let c = try StressComparison.run(model, scenarios: [Scenario(name: "trend", shocks: [.trend(t)])], threads: 2)
        let change = try #require(c.results.first?.changes.first { $0.metric == .expectedMargin })
        // On the shared trials the change is exact: −t × the sample mean cost (= price − base E[M]).
        let sampleMeanCost = 28_000 - change.base
        #expect(abs(change.change - (-t * sampleMeanCost)) <= 1e-9 * sampleMeanCost)
        // And −t·E[X] within four paired standard errors.
        #expect(within(change.change, -t * 25_000, se: change.pairedStandardError))
        // P(loss) moves to the closed form with ζ shifted by ln(1 + t).
        let sigma = log1p(0.16).squareRoot(), zeta = log(25_000.0) - sigma * sigma / 2 + log1p(t)
        let p = 1 - Phi((log(28_000.0) - zeta) / sigma)
        let shocked = try #require(c.results.first?.report.lossProbability)
        #expect(within(shocked.value, p, se: shocked.standardError))
    }

    /// Every stream is keyed per trial and purpose, so every shock — volume and add-on probability included,
    /// which change how many draws a trial takes — shares the draws it does not change with the base run, and
    /// its paired errors must beat the unpaired ones.
    @Test func pairedErrorsAreSmallerThanUnpaired() throws {
        let file = try ModelLoader.read(path: packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml").path)
        var model = file.model
        model.run.trials = 20_000
        let scenarios = file.scenarios
        #expect(scenarios.contains { $0.shocks.contains { $0.name == "volume" } })
        let c = try StressComparison.run(model, scenarios: scenarios, threads: 2)
        for r in c.results {
            // A catastrophe in 5% of years makes the whole 1% tail out of catastrophe years: different trials
            // from the base tail, so pairing cannot help TVaR99 there; it still helps E[M].
            let isCatastrophe = r.scenario.shocks.contains { $0.name == "catastrophe" }
            for m: RiskMetric in isCatastrophe ? [.expectedMargin] : [.expectedMargin, .tailValueAtRisk(0.99)] {
                let ch = try #require(r.changes.first { $0.metric == m })
                #expect(ch.pairedStandardError < ch.unpairedStandardError, "\(r.scenario.name) \(m)")
            }
        }
    }

    @Test func catastropheDrawsFromItsOwnStream() throws {
        var model = try ModelLoader.parse(lognormalBundle)
        model.run.trials = 5_000
        let base = try Simulation.run(model, threads: 2).report
        // A catastrophe that never happens changes nothing; one that always happens is a pure trend.
        let never = try Simulation.run(try Shock.catastrophe(probability: 0, multiplier: 3).apply(to: model).get(), threads: 2).report
        #expect(ReportJSON.metrics(never).serialized() == ReportJSON.metrics(base).serialized())
        let always = try Simulation.run(try Shock.catastrophe(probability: 1, multiplier: 1.5).apply(to: model).get(), threads: 2).report
        let trend = try Simulation.run(try Shock.trend(0.5).apply(to: model).get(), threads: 2).report
        #expect(ReportJSON.metrics(always).serialized() == ReportJSON.metrics(trend).serialized())
    }

    @Test func shocksCheckTheirValuesAndTheModel() throws {
        let model = try ModelLoader.parse(lognormalBundle)
        #expect(throws: ShockError.self) { try Shock.trend(-1.5).apply(to: model).get() }
        #expect(throws: ShockError.self) { try Shock.frequency(1.2).apply(to: model).get() }
        #expect(throws: ShockError.self) { try Shock.term(ContractTerm(rawValue: "pmpm"), 900).apply(to: model).get() }
        #expect(throws: ShockError.self) { try Shock.catastrophe(probability: 1.5, multiplier: 2).apply(to: model).get() }
        // A lognormal cv shock keeps the mean and scales the cv.
        let thicker = try Shock.lognormalCV(1.5).apply(to: model).get().unitCost
        #expect(abs(thicker.mean - 25_000) < 1e-6 && abs(thicker.cv - 0.6) < 1e-12)
    }
}

@Suite struct SensitivityTests {
    @Test func priceAndTrendSwingsAreExactOnTheSharedTrials() throws {
        var model = try ModelLoader.parse(lognormalBundle)
        model.run.trials = 20_000
        let s = try Sensitivity.run(model, metric: .expectedMargin, steps: ["trend": 0.05], threads: 2)
        let price = try #require(s.rows.first { $0.parameter == "price" })
        #expect(abs(price.swing - 0.2 * 28_000) < 1e-6)                  // E[M] is linear in price
        let trend = try #require(s.rows.first { $0.parameter == "trend" })
        let sampleMeanCost = 28_000 - s.base.report.expectedMargin.value
        #expect(abs(trend.swing - 0.1 * sampleMeanCost) < 1e-6)          // ±5% of costs
        #expect(s.rows.first?.parameter == "price")                       // 5,600 > 2,500: ranked first
        #expect(zip(s.rows, s.rows.dropFirst()).allSatisfy { $0.swing >= $1.swing })
    }
}

@Suite struct ReverseStressTests {
    /// The trend that makes E[M] = 0 for a one-episode bundle is b/E[X] − 1 (= 0.12 here).
    @Test func breakEvenTrendMatchesTheClosedForm() throws {
        var model = try ModelLoader.parse(lognormalBundle)
        model.run.trials = 50_000
        let r = try ReverseStress.run(model, shock: "trend", metric: .expectedMargin, target: 0, range: (0, 1), threads: 2)
        #expect(within(r.size, 28_000.0 / 25_000 - 1, se: r.standardError))
        #expect(abs(r.report.expectedMargin.value) < 1e-3 * 28_000)
    }

    @Test func noBreakInRangeIsAClearError() throws {
        var model = try ModelLoader.parse(lognormalBundle)
        model.run.trials = 2_000
        #expect(throws: ShockError.self) {
            try ReverseStress.run(model, shock: "trend", metric: .expectedMargin, target: 0, range: (0, 0.05), threads: 2)
        }
    }
}

/// A shock at its no-op size must change nothing at all — not by a paired standard error, by exactly zero on
/// every metric — whatever it does to the expected draws per trial (which once set the block size).
@Suite struct NoOpShockTests {
    /// A 21-member gamma capitation whose default block size sits on a boundary: 22 expected draws a trial give
    /// blocks of 8,192, 23 (with a catastrophe) blocks of 4,096. A bundle with every kind of draw; a pooled
    /// compound Poisson capitation.
    static let models = [
        """
        run: {trials: 3000, seed: 5}
        cost: {gamma: {mean: 5000, cv: 1.2}}
        systematic_factor: {lognormal: {mean: 1, cv: 0.05}}
        contract: {capitation: {pmpm: 450, members: 21}}
        """,
        """
        run: {trials: 3000, seed: 6}
        cost:
          mixture:
            - {weight: 0.7, lognormal: {mean: 20000, cv: 0.3}}
            - {weight: 0.3, compound: {frequency: {poisson: {mean: 2}}, severity: {gamma: {mean: 9000, cv: 0.8}}}}
          add_ons: [{name: readmission, probability: 0.1, cost: {exponential: {mean: 12000}}}]
        systematic_factor: {lognormal: {mean: 1, cv: 0.03}}
        contract: {bundle: {price: 24000, episodes: {negative_binomial: {mean: 40, dispersion: 1.5}}, outlier_cap: 80000}}
        """,
        """
        run: {trials: 3000, seed: 7}
        cost: {compound: {frequency: {poisson: {mean: 3}}, severity: {lognormal: {mean: 1200, cv: 2}}}}
        contract: {capitation: {pmpm: 300, members: 70, stop_loss: {attachment: 20000, premium_pmpm: 5}}}
        """,
    ]

    static func noOps(_ model: RiskModel) -> [Shock] {
        var shocks: [Shock] = [.trend(0), .severity(1), .volume(0), .catastrophe(probability: 0, multiplier: 2)]
        if !model.unitCost.counts.isEmpty { shocks.append(.frequency(1)) }
        if !model.unitCost.addOnProbabilities.isEmpty { shocks.append(.addOnProbability(1)) }
        if model.unitCost.scalingLognormalCV(by: 1) != nil { shocks.append(.lognormalCV(1)) }
        if model.unitCost.scalingParetoShape(by: 1) != nil { shocks.append(.paretoShape(1)) }
        for term in ContractTerm.terms(of: model.contract) {
            if let v = term.value(in: model.contract), v.isFinite { shocks.append(.term(term, v)) }
        }
        return shocks
    }

    @Test(arguments: 0..<models.count)
    func aNoOpShockChangesNothing(index: Int) throws {
        let model = try ModelLoader.parse(Self.models[index])
        let scenarios = Self.noOps(model).map { Scenario(name: $0.description, shocks: [$0]) }
        let c = try StressComparison.run(model, scenarios: scenarios, threads: 2)
        for r in c.results {
            for ch in r.changes {
                #expect(ch.change == 0, "\(r.scenario.name): \(ch.metric) moved by \(ch.change)")
                #expect(ch.pairedStandardError == 0 || ch.note != nil, "\(r.scenario.name): \(ch.metric) paired s.e.")
            }
        }
    }

    /// The catastrophe adds a draw a trial, which moves this model's default block size across a boundary;
    /// the shocked run keeps the base run's blocks.
    @Test func aShockKeepsTheBaseBlockLayout() throws {
        let model = try ModelLoader.parse(Self.models[0])
        let shocked = try Shock.catastrophe(probability: 0, multiplier: 2).apply(to: model).get()
        let own = SimulationJob.job(for: { var m = shocked; m.run.blockTrials = nil; return m }(), threads: 1).blockTrials
        #expect(own != SimulationJob.job(for: model, threads: 1).blockTrials)
        #expect(SimulationJob.job(for: shocked, threads: 1).blockTrials == SimulationJob.job(for: model, threads: 1).blockTrials)
    }
}
