import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// The portfolio's figures against exact results: sums of independent lines, a gamma convolution, comonotone
/// lines, and the Euler allocation's adding up.
@Suite struct PortfolioRiskTests {
    /// Two independent lines of fixed episodes with gamma costs of a common scale θ = 1000: S₁ ~ Γ(10·2, θ) against
    /// revenue 23,000 and S₂ ~ Γ(5·3, θ) against 15,500; their sum is Γ(35, θ) against 38,500.
    static let gammaLines = """
        run: {trials: 40000, seed: 3}
        portfolio:
          lines:
            - name: small
              cost: {gamma: {shape: 2, scale: 1000}}
              contract: {bundle: {price: 2300, episodes: {fixed: 10}}}
            - name: other
              cost: {gamma: {shape: 3, scale: 1000}}
              contract: {bundle: {price: 3100, episodes: {fixed: 5}}}
        """

    @Test func independentLinesAddTheirMeansAndVariances() throws {
        let p = try simulatePortfolio(Self.gammaLines, seed: nil)
        let mean = p.total.expectedMargin, sd = p.total.marginStandardDeviation
        #expect(within(mean.value, 38_500 - 35_000, se: mean.standardError))
        #expect(within(sd.value, (35e6).squareRoot(), se: sd.standardError))
        #expect(within(p.lines[0].expectedMargin.value, 23_000 - 20_000, se: p.lines[0].expectedMargin.standardError))
        #expect(within(p.lines[1].marginStandardDeviation.value, (15e6).squareRoot(),
                       se: p.lines[1].marginStandardDeviation.standardError))
        // The total's sample mean is the sum of the lines' (to rounding); its variance the sum of theirs, within
        // the s.e. of twice their sample covariance, 2·σ₁σ₂/√n.
        let sum = p.lines.reduce(0) { $0 + $1.expectedMargin.value }
        #expect(abs(mean.value - sum) <= 1e-9 * abs(sum))
        let variances = p.lines.map { $0.marginStandardDeviation.value * $0.marginStandardDeviation.value }
        let covarianceSE = 2 * (20e6 * 15e6).squareRoot() / Double(p.total.trials).squareRoot()
        #expect(within(sd.value * sd.value, variances.reduce(0, +), se: covarianceSE))
    }

    @Test func theTotalsLossProbabilityIsTheGammaConvolutions() throws {
        let p = try simulatePortfolio(Self.gammaLines, seed: nil)
        let exact = gsl_cdf_gamma_Q(38_500, 35, 1000)
        #expect(exact > 0.1 && exact < 0.5)
        #expect(within(p.total.lossProbability.value, exact, se: p.total.lossProbability.standardError))
        #expect(within(p.lines[0].lossProbability.value, gsl_cdf_gamma_Q(23_000, 20, 1000),
                       se: p.lines[0].lossProbability.standardError))
    }

    /// Lines driven only by the shared Θ, with constant unit costs: Mᵢ = Rᵢ − cᵢ·Θ^βᵢ all fall with Θ, so they are
    /// comonotone and TVaR adds up: no diversification.
    static let comonotone = """
        run: {trials: 20000, seed: 9, levels: [0.9, 0.99]}
        portfolio:
          systematic_factor: {lognormal: {mean: 1, cv: 0.1}}
          lines:
            - name: knee
              beta: 1
              cost: {constant: 1000}
              contract: {bundle: {price: 1050, episodes: {fixed: 10}}}
            - name: hip
              beta: 2.5
              cost: {constant: 500}
              contract: {bundle: {price: 510, episodes: {fixed: 20}}}
        """

    @Test func comonotoneLinesHaveNoDiversification() throws {
        let p = try simulatePortfolio(Self.comonotone, seed: nil)
        for (i, level) in p.settings.levels.enumerated() {
            let total = p.total.tail(at: level).tailValueAtRisk.value
            let sum = p.lines.reduce(0) { $0 + $1.tail(at: level).tailValueAtRisk.value }
            #expect(abs(total - sum) <= 1e-9 * abs(total))
            #expect(abs(p.diversification[i].benefit.value) <= 1e-9 * abs(total))
            // Each line's allocation is its own TVaR: the total's tail trials are every line's.
            for (j, line) in p.allocations[i].lines.enumerated() {
                #expect(abs(line.estimate.value - p.lines[j].tail(at: level).tailValueAtRisk.value) <= 1e-9 * abs(total))
            }
        }
    }

    /// The allocations add up to the total's TVaR, each line's components to its allocation; a line that never
    /// loses (the grant) gets an allocation ≤ 0; the diversification benefit is within its s.e. of being positive.
    @Test func allocationsAddUpExactly() throws {
        let yaml = PortfolioEngineTests.mixed + """

                - name: grant
                  cost: {constant: 100}
                  contract: {bundle: {price: 200, episodes: {fixed: 10}}}
            """
        let p = try simulatePortfolio(yaml, seed: nil)
        #expect(p.allocations.count == p.settings.levels.count)
        for (a, level) in zip(p.allocations, p.settings.levels) {
            let tvar = p.total.tail(at: level).tailValueAtRisk.value
            #expect(abs(a.lines.reduce(0) { $0 + $1.estimate.value } - tvar) <= 1e-9 * abs(tvar))
            #expect(abs(a.total - tvar) <= 1e-9 * abs(tvar))
            for line in a.lines {
                let parts = a.components.filter { $0.name.hasPrefix(line.name + ": ") }
                #expect(!parts.isEmpty)
                let sum = parts.reduce(0) { $0 + $1.estimate.value }
                #expect(abs(sum - line.estimate.value) <= 1e-9 * max(1, abs(tvar)))
                #expect(line.estimate.hasStandardError)
            }
            let grant = try #require(a.lines.last)
            #expect(grant.name == "grant" && grant.estimate.value <= 0)
            // Its margin is 1,000, or 800 when the shared catastrophe (× 1.2) strikes its costs too.
            #expect(grant.estimate.value >= -1000 - 1e-9 && grant.estimate.value <= -800 + 1e-9)
        }
        for d in p.diversification {
            #expect(d.benefit.hasStandardError)
            #expect(d.benefit.value > -4 * d.benefit.standardError)
        }
    }

    /// The diversification benefit's delta-method s.e. against the spread of the benefit over independent seeds.
    @Test func theDiversificationStandardErrorMatchesTheSpreadOverSeeds() throws {
        let values = try (1...24).map { seed in
            try simulatePortfolio(Self.gammaLines, trials: 4000, seed: UInt64(seed), levels: [0.95]).diversification[0]
        }
        let m = Moments(of: values.map(\.benefit.value))
        let reported = values.map(\.benefit.standardError).reduce(0, +) / Double(values.count)
        // 24 seeds: the sample s.d. is within about ±30% of the truth (95%); allow a factor 1.6.
        #expect(m.standardDeviation < 1.6 * reported && m.standardDeviation > reported / 1.6)
    }
}
