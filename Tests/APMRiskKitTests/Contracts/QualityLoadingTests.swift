import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// A quality score loading on the systematic factor through a Gaussian copula keeps its own distribution, and
/// the normal scores of Θ and Q correlate at the stated ρ.
@Suite struct QualityLoadingTests {
    @Test func normalScoresCorrelateAtRhoAndTheMarginalIsKept() throws {
        let model = try ModelLoader.parse("""
            cost: {constant: 1000}
            systematic_factor: {lognormal: {mean: 1, cv: 0.05}}
            contract:
              retrospective_bundle:
                target_price: 1000
                episodes: 1
                quality: {composite: {beta: {mean: 0.8, sd: 0.1}, systematic_correlation: -0.6}}
                quality_gate: {minimum: 0.7}
            run: {trials: 20000, seed: 12}
            """)
        let s = try Simulation.run(model, threads: 2, keepingLedger: true)
        let totals = try #require(s.ledger).totals
        let sigma = (log(1 + 0.05 * 0.05)).squareRoot(), zeta = -sigma * sigma / 2
        let (a, b) = QualityScore.betaParameters(mean: 0.8, sd: 0.1)
        let zt = totals.map { (log($0.theta) - zeta) / sigma }
        let zq = totals.map { gsl_cdf_ugaussian_Pinv(gsl_cdf_beta_P($0.quality, a, b)) }
        let n = Double(totals.count)
        let mt = zt.reduce(0, +) / n, mq = zq.reduce(0, +) / n
        let cov = zip(zt, zq).reduce(0) { $0 + ($1.0 - mt) * ($1.1 - mq) } / n
        let vt = zt.reduce(0) { $0 + ($1 - mt) * ($1 - mt) } / n, vq = zq.reduce(0) { $0 + ($1 - mq) * ($1 - mq) } / n
        let r = cov / (vt * vq).squareRoot()
        let se = (1 - 0.36) / n.squareRoot()
        #expect(abs(r - -0.6) <= 4 * se, "sample correlation \(r)")
        let meanQ = totals.reduce(0) { $0 + $1.quality } / n
        #expect(abs(meanQ - 0.8) <= 4 * 0.1 / n.squareRoot(), "mean Q \(meanQ)")
    }

    @Test func loadingNeedsAContinuousSystematicFactor() throws {
        #expect(throws: ModelError.self) {
            try ModelLoader.parse("""
                cost: {constant: 1000}
                contract:
                  retrospective_bundle:
                    target_price: 1000
                    episodes: 1
                    quality: {beta: {mean: 0.8, sd: 0.1}, systematic_correlation: 0.5}
                    quality_gate: {minimum: 0.7}
                """)
        }
    }
}
