import Foundation
import Testing
@testable import APMRiskKit

/// Error bars that mean what they say: over 1,000 seeds, a nominal 95% interval (estimate ± 1.96 reported
/// s.e.) must cover the exact answer 93–97% of the time. With 1,000 seeds the observed coverage of a correct
/// interval has s.d. 0.7 points, so the band is ± 2.9 s.d.: a false alarm about 1 time in 250 — but the seeds
/// are fixed, so each test gives the same verdict on every run.
///
/// The model: one lognormal episode (mean 25,000, cv 0.4) priced at 28,000, whose loss L = X − 28,000 has a
/// closed-form VaR and expected shortfall. Tail sizes (1 − α)·n of 20 and 100 trials.
@Suite(.serialized) struct CoverageTests {
    static let seeds = 1_000
    static let mean = 25_000.0, cv = 0.4, price = 28_000.0
    static let sigma = log1p(cv * cv).squareRoot(), mu = log(mean) - sigma * sigma / 2

    /// q_α(X) and ES_α(X) = E[X | X > q] of the lognormal.
    static func quantile(_ alpha: Double) -> Double { exp(mu + sigma * GSL.normalQuantile(alpha)) }
    static func expectedShortfall(_ alpha: Double) -> Double {
        exp(mu + sigma * sigma / 2) * GSL.normalCDF(sigma - GSL.normalQuantile(alpha)) / (1 - alpha)
    }

    static func model(trials: Int, seed: UInt64, levels: [Double]) throws -> RiskModel {
        var m = try ModelLoader.parse("""
            cost: {lognormal: {mean: \(mean), cv: \(cv)}}
            contract: {bundle: {price: \(price), episodes: 1}}
            """)
        m.run.trials = trials
        m.run.seed = seed
        m.run.levels = levels
        return m
    }

    static func expectCoverage(_ hits: Int, _ what: String) {
        let c = Double(hits) / Double(seeds)
        print("coverage: \(what): \(c) over \(seeds) seeds")
        #expect(c >= 0.93 && c <= 0.97, "\(what): coverage \(c) over \(seeds) seeds")
    }

    /// simulate: TVaR at 20 and 100 tail trials (n = 2,000; α = 0.99 and 0.95), and E[M] and P(loss).
    @Test func simulateIntervalsCover() throws {
        var tvar20 = 0, tvar100 = 0, mean = 0, loss = 0
        let pLoss = 1 - GSL.normalCDF((log(Self.price) - Self.mu) / Self.sigma)
        for seed in 0..<Self.seeds {
            let r = try Simulation.run(Self.model(trials: 2_000, seed: UInt64(seed), levels: [0.95, 0.99]), threads: 1).report
            func covers(_ e: Estimate, _ truth: Double) -> Bool { abs(e.value - truth) <= 1.959964 * e.standardError }
            if covers(r.tail(at: 0.99).tailValueAtRisk, Self.expectedShortfall(0.99) - Self.price) { tvar20 += 1 }
            if covers(r.tail(at: 0.95).tailValueAtRisk, Self.expectedShortfall(0.95) - Self.price) { tvar100 += 1 }
            if covers(r.expectedMargin, Self.price - Self.mean) { mean += 1 }
            if covers(r.lossProbability, pLoss) { loss += 1 }
        }
        Self.expectCoverage(tvar20, "TVaR 99% at 20 tail trials")
        Self.expectCoverage(tvar100, "TVaR 95% at 100 tail trials")
        Self.expectCoverage(mean, "E[M]")
        Self.expectCoverage(loss, "P(loss)")
    }

    /// simulate: TVaR at 1,000 tail trials (n = 20,000; α = 0.95).
    @Test func simulateTailIntervalCoversAtAThousandTailTrials() throws {
        var hits = 0
        for seed in 0..<Self.seeds {
            let r = try Simulation.run(Self.model(trials: 20_000, seed: UInt64(seed) + 50_000, levels: [0.95]), threads: 1).report
            let e = r.tail(at: 0.95).tailValueAtRisk
            if abs(e.value - (Self.expectedShortfall(0.95) - Self.price)) <= 1.959964 * e.standardError { hits += 1 }
        }
        Self.expectCoverage(hits, "TVaR 95% at 1,000 tail trials")
    }

    /// stress: the paired change of TVaR and VaR under a 5% cost trend, whose exact value is t·ES_α(X) and
    /// t·q_α(X) (L′ = 1.05·X − price). n = 4,000: 20 tail trials at 99.5%, 100 at 97.5%.
    @Test func stressTailChangesCover() throws {
        let t = 0.05
        var tvar20 = 0, tvar100 = 0, var995 = 0
        for seed in 0..<Self.seeds {
            let m = try Self.model(trials: 4_000, seed: UInt64(seed), levels: [0.975, 0.995])
            let c = try StressComparison.run(m, scenarios: [Scenario(name: "trend", shocks: [.trend(t)])], threads: 1)
            let changes = c.results[0].changes
            func covers(_ metric: RiskMetric, _ truth: Double) -> Bool {
                let ch = changes.first { $0.metric == metric }!
                return abs(ch.change - truth) <= 1.959964 * ch.pairedStandardError
            }
            if covers(.tailValueAtRisk(0.995), t * Self.expectedShortfall(0.995)) { tvar20 += 1 }
            if covers(.tailValueAtRisk(0.975), t * Self.expectedShortfall(0.975)) { tvar100 += 1 }
            if covers(.valueAtRisk(0.995), t * Self.quantile(0.995)) { var995 += 1 }
        }
        Self.expectCoverage(tvar20, "stress ΔTVaR 99.5% at 20 tail trials")
        Self.expectCoverage(tvar100, "stress ΔTVaR 97.5% at 100 tail trials")
        Self.expectCoverage(var995, "stress ΔVaR 99.5%")
    }

    /// price: the lowest price with TVaR 99% of the loss ≤ $10,000 is exactly ES₀.₉₉(X) − 10,000. n = 2,000:
    /// 20 tail trials.
    @Test func priceForATailTargetCovers() throws {
        let target = 10_000.0, alpha = 0.99
        let truth = Self.expectedShortfall(alpha) - target
        var hits = 0
        for seed in 0..<Self.seeds {
            let m = try Self.model(trials: 2_000, seed: UInt64(seed), levels: [alpha])
            let run = try Simulation.run(m, threads: 1, keepingLedger: true)
            let solver = PriceSolver(ledger: run.ledger!, contract: m.contract, field: .price,
                                     targets: [.maxTailValueAtRisk(level: alpha, amount: target)], levels: [alpha])
            let s = try solver.solve()
            let i = try #require(s.interval)
            if i.lower <= truth && truth <= i.upper { hits += 1 }
        }
        Self.expectCoverage(hits, "price for a TVaR 99% target at 20 tail trials")
    }
}
