import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// A random unit count loading on Θ (`systematic_correlation` beside the count): the count keeps its own
/// distribution, and its normal score and Θ's are bivariate normal with correlation ρ.
@Suite struct VolumeLoadingTests {
    /// The smallest k with F(k) ≥ Φ(x), checked against GSL's distribution function on both sides.
    @Test(arguments: [CountDistribution.poisson(mean: 7.3), .negativeBinomial(p: 0.3, n: 2.5),
                      .scaled(.poisson(mean: 12), by: 1.4), .scaled(.negativeBinomial(p: 0.2, n: 40), by: 0.6),
                      .poisson(mean: 12_000)])
    func quantileIsTheSmallestCountReachingTheProbability(_ k: CountDistribution) {
        func cdf(_ j: Int) -> Double {
            guard j >= 0 else { return 0 }
            switch k {
            case let .poisson(mu): return gsl_cdf_poisson_P(UInt32(j), mu)
            case let .negativeBinomial(p, n): return gsl_cdf_negative_binomial_P(UInt32(j), p, n)
            case let .scaled(.poisson(mu), f): return gsl_cdf_poisson_P(UInt32(j), f * mu)
            case let .scaled(.negativeBinomial(p, n), f): return gsl_cdf_negative_binomial_P(UInt32(j), p, f * n)
            default: return 1
            }
        }
        for x in stride(from: -6.0, through: 6.0, by: 0.37) {
            let u = gsl_cdf_ugaussian_P(x)
            let q = k.quantile(normalScore: x)
            #expect(cdf(q) >= u * (1 - 1e-12), "F(\(q)) < Φ(\(x))")
            #expect(cdf(q - 1) < u, "F(\(q - 1)) ≥ Φ(\(x)): not the smallest")
        }
    }

    private func model(_ rho: Double?, trials: Int = 20_000) throws -> RiskModel {
        let loading = rho.map { ", systematic_correlation: \($0)" } ?? ""
        return try ModelLoader.parse("""
            cost: {constant: 100}
            systematic_factor: {lognormal: {mean: 1, cv: 0.1}}
            contract:
              global_budget:
                budget: 5000
                volume: {poisson: {mean: 50}\(loading)}
            run: {trials: \(trials), seed: 7}
            """)
    }

    /// P(N ≤ k, z_Θ ≤ 0) against the bivariate normal Φ₂(Φ⁻¹(F(k)), 0; ρ) by numerical integration, and the
    /// marginal P(N ≤ k) against F(k), each within 4 binomial standard errors.
    @Test func countAndThetaFollowTheGaussianCopula() throws {
        let rho = 0.6
        let totals = try #require(try Simulation.run(try model(rho), threads: 2, keepingLedger: true).ledger).totals
        let sigma = log(1 + 0.01).squareRoot(), zeta = -sigma * sigma / 2
        let n = Double(totals.count)
        for k in [42, 50, 58] {
            let f = gsl_cdf_poisson_P(UInt32(k), 50)
            let h = gsl_cdf_ugaussian_Pinv(f)
            // Φ₂(h, 0; ρ) = ∫_{−∞}^0 φ(z) Φ((h − ρz)/√(1 − ρ²)) dz, trapezoid on [−12, 0].
            let steps = 24_000, dz = 12.0 / Double(steps)
            var joint = 0.0
            for i in 0...steps {
                let z = -12 + Double(i) * dz
                let w = (i == 0 || i == steps) ? 0.5 : 1
                joint += w * gsl_ran_ugaussian_pdf(z) * gsl_cdf_ugaussian_P((h - rho * z) / (1 - rho * rho).squareRoot())
            }
            joint *= dz
            let pJoint = Double(totals.filter { $0.units <= k && log($0.theta) <= zeta }.count) / n
            let pMarginal = Double(totals.filter { $0.units <= k }.count) / n
            #expect(abs(pJoint - joint) <= 4 * (joint * (1 - joint) / n).squareRoot(), "k = \(k): \(pJoint) vs \(joint)")
            #expect(abs(pMarginal - f) <= 4 * (f * (1 - f) / n).squareRoot(), "k = \(k): \(pMarginal) vs \(f)")
            // Independence would give F(k)/2: the test can tell the copula from no loading.
            #expect(abs(joint - f / 2) > 8 * (joint * (1 - joint) / n).squareRoot())
        }
    }

    /// ρ = 1: N is the count's quantile at Θ's own normal score, trial by trial.
    @Test func fullLoadingMakesTheCountAFunctionOfTheta() throws {
        let totals = try #require(try Simulation.run(try model(1, trials: 2_000), threads: 2, keepingLedger: true).ledger).totals
        let sigma = log(1 + 0.01).squareRoot(), zeta = -sigma * sigma / 2
        for t in totals {
            #expect(t.units == CountDistribution.poisson(mean: 50).quantile(normalScore: (log(t.theta) - zeta) / sigma))
        }
    }

    /// ρ = 0 written out is the independent count, draw for draw.
    @Test func zeroLoadingIsTheIndependentCount() throws {
        let a = try Simulation.run(try model(0, trials: 3_000), threads: 1, keepingLedger: true)
        let b = try Simulation.run(try model(nil, trials: 3_000), threads: 2, keepingLedger: true)
        #expect(try #require(a.ledger).totals.map(\.units) == (try #require(b.ledger).totals.map(\.units)))
    }
}
