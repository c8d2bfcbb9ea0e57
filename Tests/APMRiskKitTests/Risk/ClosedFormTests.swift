import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Simulated metrics against the closed forms of domain.md, with tolerances of four reported standard errors.
@Suite struct LognormalBundleClosedForm {
    // One episode, lognormal cost with mean 25,000 and cv 0.4, price 28,000.
    static let mean = 25_000.0, cv = 0.4, price = 28_000.0
    static let yaml = """
        cost: {lognormal: {mean: 25000, cv: 0.4}}
        contract: {bundle: {price: 28000, episodes: 1}}
        """
    let sigma = log1p(cv * cv).squareRoot()
    var zeta: Double { log(Self.mean) - sigma * sigma / 2 }
    let cv = LognormalBundleClosedForm.cv

    @Test func lossProbabilityAndExpectedMargin() throws {
        let r = try simulate(Self.yaml, trials: 400_000, seed: 11).report
        let p = 1 - Phi((log(Self.price) - zeta) / sigma)
        #expect(within(r.lossProbability.value, p, se: r.lossProbability.standardError))
        #expect(within(r.expectedMargin.value, Self.price - Self.mean, se: r.expectedMargin.standardError))
        // SD(M) = SD(X) = mean × cv.
        #expect(within(r.marginStandardDeviation.value, Self.mean * Self.cv, se: r.marginStandardDeviation.standardError))
    }

    @Test(arguments: [0.95, 0.99])
    func valueAtRiskAndTailValueAtRisk(alpha: Double) throws {
        let r = try simulate(Self.yaml, trials: 400_000, seed: 12, levels: [alpha]).report
        let z = PhiInverse(alpha)
        let trueVaR = exp(zeta + sigma * z) - Self.price
        let trueTVaR = Self.mean * Phi(sigma - z) / (1 - alpha) - Self.price
        let tail = try #require(r.tails.first)
        #expect(tail.level == alpha)
        #expect(within(tail.valueAtRisk.value, trueVaR, se: tail.valueAtRisk.standardError))
        #expect(within(tail.tailValueAtRisk.value, trueTVaR, se: tail.tailValueAtRisk.standardError))
    }
}

@Suite struct GammaCapitationClosedForm {
    // 50 members, each Gamma(a = 4, b = 500) a year (mean 2,000, cv 0.5): the total is Gamma(200, 500) exactly.
    static let yaml = """
        cost: {gamma: {shape: 4, scale: 500}}
        contract: {capitation: {pmpm: 170, members: 50}}
        """
    let shape = 200.0, scale = 500.0, revenue = 170.0 * 50 * 12   // 102,000 against E[S] = 100,000

    @Test func lossProbabilityMatchesGammaCDF() throws {
        let r = try simulate(Self.yaml, trials: 200_000, seed: 21).report
        let p = 1 - gsl_cdf_gamma_P(revenue, shape, scale)
        #expect(within(r.lossProbability.value, p, se: r.lossProbability.standardError))
        #expect(within(r.expectedMargin.value, revenue - shape * scale, se: r.expectedMargin.standardError))
        #expect(r.revenue == revenue)
    }

    @Test func valueAtRiskMatchesGammaQuantile() throws {
        let r = try simulate(Self.yaml, trials: 200_000, seed: 22, levels: [0.9, 0.99]).report
        for tail in r.tails {
            let trueVaR = gsl_cdf_gamma_Pinv(tail.level, shape, scale) - revenue
            #expect(within(tail.valueAtRisk.value, trueVaR, se: tail.valueAtRisk.standardError))
        }
    }
}

@Suite struct CompoundPoissonClosedForm {
    // One member: K ~ Poisson(3) claims, each lognormal (mean 1,000, cv 1.5). E[S] = 3,000, Var[S] = 3·E[Z²].
    @Test func meanAndVarianceOfTheAggregate() throws {
        let yaml = """
            cost:
              compound:
                frequency: {poisson: {mean: 3}}
                severity: {lognormal: {mean: 1000, cv: 1.5}}
            contract: {capitation: {pmpm: 250, members: 1}}
            """
        let r = try simulate(yaml, trials: 400_000, seed: 31).report
        let lambda = 3.0, ez = 1_000.0, ez2 = ez * ez * (1 + 1.5 * 1.5)
        #expect(within(r.expectedMargin.value, 3_000 - lambda * ez, se: r.expectedMargin.standardError))
        #expect(within(r.marginStandardDeviation.value, (lambda * ez2).squareRoot(),
                       se: r.marginStandardDeviation.standardError))
    }

    @Test func analyticMomentsOfTheModel() throws {
        let model = try ModelLoader.parse("""
            cost: {compound: {frequency: {negative_binomial: {mean: 2, dispersion: 3}}, severity: {gamma: {mean: 500, cv: 2}}}}
            contract: {capitation: {pmpm: 100, members: 1}}
            """)
        // E = 2 × 500; Var = E[K]Var[Z] + Var[K]E[Z]² = 2 × 1e6 + 6 × 250,000.
        #expect(abs(model.unitCost.mean - 1_000) < 1e-9)
        #expect(abs(model.unitCost.variance - 3_500_000) < 1e-6)
    }
}

@Suite struct LognormalStopLossRecovery {
    // One member, lognormal cost (mean 8,000, cv 2), specific stop-loss at A = 25,000 fully reinsured, no premium:
    // E[M] = k·m − E[Y] + E[max(0, Y − A)].
    @Test func expectedRecoveryMatchesClosedForm() throws {
        let yaml = """
            cost: {lognormal: {mean: 8000, cv: 2}}
            contract: {capitation: {pmpm: 650, members: 1, stop_loss: {attachment: 25000}}}
            """
        let m = 8_000.0, a = 25_000.0
        let sigma = log1p(4.0).squareRoot(), zeta = log(m) - sigma * sigma / 2
        let recovery = m * Phi((zeta + sigma * sigma - log(a)) / sigma) - a * (1 - Phi((log(a) - zeta) / sigma))
        let r = try simulate(yaml, trials: 400_000, seed: 41).report
        #expect(within(r.expectedMargin.value, 650 * 12 - m + recovery, se: r.expectedMargin.standardError))
    }
}

/// Pooled claims (one Poisson(n·λ) draw per trial, each claim placed on a uniformly drawn member) against one
/// compound draw per member: the same law, so the same figures within Monte Carlo error.
@Suite struct PooledClaimsTests {
    static let yaml = """
        cost:
          compound:
            frequency: {poisson: {mean: 2.5}}
            severity: {lognormal: {mean: 1500, cv: 1.8}}
        systematic_factor: {lognormal: {mean: 1.0, cv: 0.03}}
        contract: {capitation: {pmpm: 330, members: 200, stop_loss: {attachment: 20000, coinsurance: 0.9, premium_pmpm: 4}}}
        """

    @Test func pooledAndPerMemberDrawsAgree() throws {
        let model = try ModelLoader.parse(Self.yaml)
        var job = SimulationJob.job(for: model, threads: 2)
        job.trials = 40_000
        #expect(job.drawsPooledClaims)
        let pooled = try Engine.run(job)
        job.allowsPooledClaims = false
        #expect(!job.drawsPooledClaims)
        let perMember = try Engine.run(job)
        let revenue = model.contract.expectedRevenue
        let a = RiskReport(outcome: pooled, levels: [0.99], revenue: revenue)
        let b = RiskReport(outcome: perMember, levels: [0.99], revenue: revenue)
        func agree(_ x: Estimate, _ y: Estimate) -> Bool {
            within(x.value, y.value, se: (x.standardError * x.standardError + y.standardError * y.standardError).squareRoot())
        }
        #expect(agree(a.expectedMargin, b.expectedMargin))
        #expect(agree(a.marginStandardDeviation, b.marginStandardDeviation))
        #expect(agree(a.lossProbability, b.lossProbability))
        #expect(agree(a.tails[0].tailValueAtRisk, b.tails[0].tailValueAtRisk))
        // And E[M] against its closed form: k·n·m − q·n·m − n·(λ·E[Z] − c·E[max(0, Y − A)]) needs E[max(0, Y − A)]
        // of a compound, which has no closed form; the mean without stop-loss does:
        let noStopLoss = try ModelLoader.parse(Self.yaml.replacingOccurrences(
            of: ", stop_loss: {attachment: 20000, coinsurance: 0.9, premium_pmpm: 4}", with: ""))
        let plain = try Simulation.run(noStopLoss, trials: 40_000, threads: 2).report
        #expect(within(plain.expectedMargin.value, 330 * 200 * 12 - 200 * 2.5 * 1_500, se: plain.expectedMargin.standardError))
    }
}
