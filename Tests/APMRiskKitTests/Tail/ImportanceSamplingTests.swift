import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Runs a model given as YAML text under importance sampling.
func simulateTilted(_ yaml: String, _ sampling: TailSampling, trials: Int, seed: UInt64, threads: Int = 2,
                    levels: [Double]? = nil) throws -> Simulation {
    try Simulation.run(ModelLoader.parse(yaml), trials: trials, seed: seed, levels: levels, threads: threads,
                       tailSampling: sampling)
}

/// TVaR_α of a Gamma(a, b) total: E[S·1{S > v}]/(1 − α) = a·b·(1 − P(a + 1, v/b))/(1 − α), v its α-quantile.
func gammaTVaR(_ alpha: Double, shape a: Double, scale b: Double) -> Double {
    let v = gsl_cdf_gamma_Pinv(alpha, a, b)
    return a * b * gsl_cdf_gamma_Q(v, a + 1, b) / (1 - alpha)
}

/// With importance sampling on, the closed forms of domain.md still hold within 3 reported standard errors.
@Suite struct ImportanceSamplingClosedForms {
    // 50 members, each Gamma(4, 500): the total is Gamma(200, 500); revenue 102,000.
    static let gamma = """
        cost: {gamma: {shape: 4, scale: 500}}
        contract: {capitation: {pmpm: 170, members: 50}}
        """
    let shape = 200.0, scale = 500.0, revenue = 102_000.0

    @Test(arguments: [TailSampling.auto, .manual(Tilt(severity: 2e-5))])
    func gammaCapitationTail(sampling: TailSampling) throws {
        let r = try simulateTilted(Self.gamma, sampling, trials: 20_000, seed: 41, levels: [0.99, 0.995]).report
        let importance = try #require(r.importance)
        #expect(importance.tilt.severity > 0)
        #expect(within(importance.meanWeight.value, 1, se: importance.meanWeight.standardError, k: 3))
        let p = gsl_cdf_gamma_Q(revenue, shape, scale)
        #expect(within(r.lossProbability.value, p, se: r.lossProbability.standardError, k: 3))
        #expect(within(r.expectedMargin.value, revenue - shape * scale, se: r.expectedMargin.standardError, k: 3))
        for tail in r.tails {
            let trueVaR = gsl_cdf_gamma_Pinv(tail.level, shape, scale) - revenue
            let trueTVaR = gammaTVaR(tail.level, shape: shape, scale: scale) - revenue
            #expect(within(tail.valueAtRisk.value, trueVaR, se: tail.valueAtRisk.standardError, k: 3))
            #expect(within(tail.tailValueAtRisk.value, trueTVaR, se: tail.tailValueAtRisk.standardError, k: 3))
            // The tail breakdown still adds up to −TVaR.
            let b = try #require(r.tailBreakdown(at: tail.level))
            #expect(abs(b.total + tail.tailValueAtRisk.value) < 1e-6 * abs(tail.tailValueAtRisk.value))
        }
    }

    /// The tilt buys precision where it aims: TVaR 99.5% with a much smaller s.e. than plain sampling's at the
    /// same trials.
    @Test func theTiltNarrowsTheTail() throws {
        let plain = try simulate(Self.gamma, trials: 20_000, seed: 42, levels: [0.995]).report
        let tilted = try simulateTilted(Self.gamma, .auto, trials: 20_000, seed: 42, levels: [0.995]).report
        #expect(tilted.tails[0].tailValueAtRisk.standardError < plain.tails[0].tailValueAtRisk.standardError / 2)
    }

    // One episode, lognormal (mean 25,000, cv 0.4), price 28,000, with a lognormal Θ (cv 0.05) and a catastrophe:
    // every tilt at once. E[M] = b − m·E[Θ]·(1 + q(mult − 1)).
    @Test func lognormalBundleWithEveryTilt() throws {
        let yaml = """
            cost: {lognormal: {mean: 25000, cv: 0.4}}
            systematic_factor: {lognormal: {mean: 1.0, cv: 0.05}}
            contract: {bundle: {price: 28000, episodes: {poisson: {mean: 20}}}}
            """
        var model = try ModelLoader.parse(yaml)
        model.catastrophe = Catastrophe(probability: 0.02, multiplier: 1.3)
        let tilt = Tilt(theta: 1, catastrophe: 0.1, units: 0.2, severity: 1e-5)
        let r = try Simulation.run(model, trials: 40_000, seed: 43, threads: 2, tailSampling: .manual(tilt)).report
        let expectedCost = 20 * 25_000 * 1.0 * (1 + 0.02 * 0.3)
        let revenue = 20 * 28_000.0
        #expect(within(r.expectedMargin.value, revenue - expectedCost, se: r.expectedMargin.standardError, k: 3))
        let w = try #require(r.importance).meanWeight
        #expect(within(w.value, 1, se: w.standardError, k: 3))
    }

    // One member: K ~ Poisson(3) claims, each Gamma(2, 500); E[S] = 3,000 and Var[S] = 3·E[Z²], with the claims
    // tilted.
    @Test func compoundPoissonGammaMoments() throws {
        let yaml = """
            cost:
              compound:
                frequency: {poisson: {mean: 3}}
                severity: {gamma: {shape: 2, scale: 500}}
            contract: {capitation: {pmpm: 250, members: 1}}
            """
        let r = try simulateTilted(yaml, .manual(Tilt(claims: 0.3, severity: 2e-4)), trials: 100_000, seed: 44).report
        let ez2 = 2 * 3 * 500.0 * 500
        #expect(within(r.expectedMargin.value, 0, se: r.expectedMargin.standardError, k: 3))
        #expect(within(r.marginStandardDeviation.value, (3 * ez2).squareRoot(), se: r.marginStandardDeviation.standardError, k: 3))
    }

    /// A compound Poisson gamma capitation with a fixed membership draws its claims pooled; tilted, its total is
    /// still compound Poisson(n·λ) × Gamma: P(loss) against the exact mixture Σ_k P(K = k)·Q(k·a).
    @Test func pooledCompoundPoissonGammaCapitation() throws {
        let yaml = """
            cost:
              compound:
                frequency: {poisson: {mean: 0.5}}
                severity: {gamma: {shape: 2, scale: 1000}}
            contract: {capitation: {pmpm: 95, members: 40}}
            """
        let r = try simulateTilted(yaml, .auto, trials: 20_000, seed: 45, levels: [0.99]).report
        let lambda = 20.0, revenue = 95.0 * 40 * 12
        var p = 0.0
        for k in 1..<200 { p += gsl_ran_poisson_pdf(UInt32(k), lambda) * gsl_cdf_gamma_Q(revenue, 2 * Double(k), 1000) }
        #expect(within(r.lossProbability.value, p, se: r.lossProbability.standardError, k: 3))
        #expect(within(r.expectedMargin.value, revenue - lambda * 2000, se: r.expectedMargin.standardError, k: 3))
    }
}

@Suite struct ImportanceSamplingInvariance {
    /// Bit-identical figures on 1 and 3 threads under the tilt.
    @Test func threadCountNeverChangesTheFigures() throws {
        let a = try simulateTilted(ImportanceSamplingClosedForms.gamma, .auto, trials: 5_000, seed: 5, threads: 1).report
        let b = try simulateTilted(ImportanceSamplingClosedForms.gamma, .auto, trials: 5_000, seed: 5, threads: 3).report
        #expect(a.expectedMargin == b.expectedMargin)
        #expect(a.lossProbability == b.lossProbability)
        #expect(a.tails == b.tails)
        #expect(a.importance == b.importance)
    }

    /// A risk-adjusted capitation is refused with the reason; an impossible tilt too.
    @Test func refusals() throws {
        let yaml = ImportanceSamplingClosedForms.gamma
        #expect(throws: ModelError.self) { try simulateTilted(yaml, .manual(Tilt(severity: 0.01)), trials: 100, seed: 1) }
        #expect(throws: ModelError.self) { try simulateTilted(yaml, .manual(Tilt(catastrophe: 0.5)), trials: 100, seed: 1) }
    }
}

@Suite struct ImportanceSamplingPrecision {
    /// `--precision` stops on the weighted standard error, at the same trial on any number of threads.
    @Test func precisionStopsOnTheWeightedErrorOnAnyThreadCount() throws {
        let model = try ModelLoader.parse(ImportanceSamplingClosedForms.gamma)
        func run(_ threads: Int) throws -> Simulation {
            let target = PrecisionTarget(metric: .tailValueAtRisk(0.995), relative: 0.005)
            return try Simulation.run(model, trials: 400_000, seed: 9, levels: [0.995], threads: threads,
                                      control: RunControl(precision: target), tailSampling: .manual(Tilt(severity: 2e-5)))
        }
        let a = try run(1), b = try run(2)
        #expect(a.outcome.trials < 400_000)
        #expect(a.outcome.trials == b.outcome.trials)
        #expect(a.report.tails == b.report.tails)
        let tvar = a.report.tails[0].tailValueAtRisk
        #expect(tvar.standardError <= 0.005 * abs(tvar.value))
    }
}
