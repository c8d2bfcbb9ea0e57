import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// The breakdown of the tail: E[component | the (1 − α)·n worst trials] from the records of the kept trials.
@Suite struct TailBreakdownTests {
    /// A one-episode bundle, lognormal cost (mean 1,000, cv 0.5), price 1,100 and a 20% stop-loss: M = max(b − X,
    /// −ℓb), the stop-loss component is (X − A)⁺ with A = b(1 + ℓ) = 1,320, and P(X > A) ≈ 0.205.
    static func stopLossModel(trials: Int, seed: UInt64 = 5, levels: [Double]) -> RiskModel {
        let contract = BundleContract(price: 1_100, episodes: .fixed(1), stopLoss: 0.2).contract
        var run = RunSettings(trials: trials, seed: seed, levels: levels)
        run.trials = trials
        return RiskModel(unitCost: .continuous(.lognormal(mean: 1_000, cv: 0.5)), contract: contract, run: run)
    }

    static let (zeta, sigma): (Double, Double) = {
        let s2 = log(1 + 0.25)
        return (log(1_000) - s2 / 2, s2.squareRoot())
    }()

    /// E[(X − A)⁺] and P(X > A) for the lognormal above (domain.md's stop-loss recovery).
    static func excess(above a: Double) -> (mean: Double, probability: Double) {
        let p = 1 - Phi((log(a) - zeta) / sigma)
        return (1_000 * Phi((zeta + sigma * sigma - log(a)) / sigma) - a * p, p)
    }

    @Test func tailComponentsAddUpToMinusTVaR() throws {
        for model in [Self.stopLossModel(trials: 20_000, levels: [0.7, 0.9, 0.99, 0.999]),
                      try ModelLoader.load(path: packageRoot.appendingPathComponent("Models/knee-replacement-bundle.yaml").path)] {
            let s = try Simulation.run(model, trials: 20_000, seed: 3, levels: [0.7, 0.9, 0.99, 0.999], threads: 2)
            #expect(s.report.tailBreakdowns.count == 4)
            for (t, b) in zip(s.report.tails, s.report.tailBreakdowns) {
                #expect(t.level == b.level)
                let tvar = t.tailValueAtRisk.value
                #expect(abs(b.total + tvar) <= 1e-9 * abs(tvar), "level \(t.level): Σ = \(b.total), TVaR = \(tvar)")
                #expect(b.components.map(\.name) == model.contract.componentNames)
            }
        }
    }

    /// Beyond the stop-loss's share of trials every tail trial sits on its atom M = −ℓb: the tail holds the
    /// earliest of the tied trials, a random sample of them, so its stop-loss component averages E[X − A | X > A].
    /// Below it, the tail holds the whole atom and trials with no stop-loss: E[(X − A)⁺] / (1 − α).
    @Test func stopLossTailMeanMatchesTheClosedForm() throws {
        let levels = [0.7, 0.95]
        let s = try Simulation.run(Self.stopLossModel(trials: 200_000, levels: levels), threads: 2)
        let (e, p) = Self.excess(above: 1_320)
        #expect(p > 0.2 && p < 0.21)
        for (level, exact) in zip(levels, [e / 0.3, e / p]) {
            let b = try #require(s.report.tailBreakdown(at: level))
            let c = try #require(b.components.first { $0.name == "stop-loss limit" }?.estimate)
            #expect(c.hasStandardError)
            #expect(within(c.value, exact, se: c.standardError), "α = \(level): \(c.value) ± \(c.standardError), exact \(exact)")
            // The atom: the TVaR at 95% is the stop-loss itself, ℓb = 220, exactly.
            if level == 0.95 { #expect(abs(s.report.tail(at: level).tailValueAtRisk.value - 220) < 1e-9) }
        }
    }

    /// Ties at the VaR: the tail takes exactly ⌈(1 − α)·n⌉ trials, the earliest tied ones, whatever the threads.
    @Test func tiedTrialsAreTakenInTrialOrderAndThreadsChangeNothing() throws {
        let model = Self.stopLossModel(trials: 10_007, levels: [0.9, 0.99])
        let runs = try [1, 2].map { try Simulation.run(model, threads: $0) }
        let (a, b) = (try #require(runs[0].outcome.tailTrials), try #require(runs[1].outcome.tailTrials))
        #expect(a.margins == b.margins && a.trials == b.trials)
        #expect((1...a.count).allSatisfy { a.components(rank: $0) == b.components(rank: $0) })
        let documents = runs.map { ReportJSON.metrics($0.report).serialized() }
        #expect(documents[0] == documents[1])
        #expect(documents[0].contains("\"tail_breakdown\""))
        // Every kept trial on the atom (≈ 20% of 10,007 > the 10% tail) ranks by trial index.
        let atom = a.margins.prefix { $0 == a.margins[0] }.count
        #expect(atom > 1_001)
        #expect(Array(a.trials.prefix(atom)) == a.trials.prefix(atom).sorted())
        for (b, t) in zip(runs[0].report.tailBreakdowns, runs[0].report.tails) {
            #expect(abs(b.total + t.tailValueAtRisk.value) <= 1e-9 * abs(t.tailValueAtRisk.value))
            #expect(abs(b.tailTrials - (1 - b.level) * 10_007) < 1e-9)
        }
    }

    /// The records kept are exactly the worst by (margin, trial index), whatever order the blocks arrive in.
    @Test func recordsKeepExactlyTheWorstTrials() {
        let values = fixtureValues(30_000).map { ($0 / 50).rounded() }   // many ties
        func records(blockOrder: [Int]) -> TailTrials {
            var r = TailRecords(capacity: 1_500, componentCount: 2)
            let margins = UnsafeMutableBufferPointer<Double>.allocate(capacity: 1_000)
            let components = UnsafeMutablePointer<Double>.allocate(capacity: 2_000)
            let totals = UnsafeMutableBufferPointer<TrialTotals>.allocate(capacity: 1_000)
            defer { margins.deallocate(); components.deallocate(); totals.deallocate() }
            for block in blockOrder {
                for t in 0..<1_000 {
                    let m = values[block * 1_000 + t]
                    margins[t] = m
                    components[t] = 2 * m             // component 0
                    components[1_000 + t] = -m        // component 1
                }
                let slot = BlockSlot(totals: totals, margins: margins, components: components, events: components,
                                     componentCount: 2, eventCount: 0)
                r.add(slot, firstTrial: block * 1_000)
            }
            return r.finish(componentNames: ["twice", "minus"])
        }
        let expected = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }.prefix(1_500)
        for order in [Array(0..<30), Array((0..<30).reversed()), (0..<30).map { ($0 * 7) % 30 }] {
            let r = records(blockOrder: order)
            #expect(r.trials == Array(expected))
            #expect(r.margins == expected.map { values[$0] })
            #expect((1...r.count).allSatisfy { r.component(0, rank: $0) == 2 * r.margins[$0 - 1] && r.component(1, rank: $0) == -r.margins[$0 - 1] })
        }
    }

    /// A re-settled ledger gives the same tail breakdown as the engine's own run.
    @Test func ledgerAndEngineGiveTheSameTailBreakdown() throws {
        let model = Self.stopLossModel(trials: 5_000, levels: [0.9])
        let s = try Simulation.run(model, threads: 2, keepingLedger: true)
        let outcome = try s.ledger!.outcome(under: model.contract, lowTailFraction: 0.1)
        let r = RiskReport(outcome: outcome, levels: [0.9], revenue: model.contract.expectedRevenue)
        #expect(ReportJSON.metrics(r).serialized() == ReportJSON.metrics(s.report).serialized())
    }

    /// Fewer than 20 tail trials: the means, but no standard error, and the reason.
    @Test func fewTailTrialsGiveNoStandardError() throws {
        let s = try Simulation.run(Self.stopLossModel(trials: 1_000, levels: [0.99]), threads: 1)
        let b = try #require(s.report.tailBreakdowns.first)
        #expect(b.components.allSatisfy { !$0.estimate.hasStandardError && $0.estimate.errorNote!.contains("trials in the tail") })
    }
}
