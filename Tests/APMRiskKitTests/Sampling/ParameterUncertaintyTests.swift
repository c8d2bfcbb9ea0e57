import Foundation
import Testing
@testable import APMRiskKit

/// Parameter risk: the unit cost's parameters drawn afresh each trial from their estimates' sampling distribution.
@Suite struct ParameterUncertaintyTests {
    func model(_ covariance: String?, trials: Int = 60_000) throws -> RiskModel {
        let u = covariance.map { "\n  parameter_uncertainty: {covariance: \($0)}" } ?? ""
        return try ModelLoader.parse("""
            cost:
              exponential: {mean: 1000}\(u)
            contract: {bundle: {price: 1200, episodes: 50}}
            run: {trials: \(trials), seed: 17}
            """)
    }

    /// An exponential cost whose mean is drawn as μ·e^(σZ) per trial (σ² = Var(μ̂)/μ² on the log scale): for N
    /// units, E[S] = Nμe^(σ²/2) and Var S = Nμ²e^(2σ²) + N²μ²(e^(2σ²) − e^(σ²)) — the law of total variance. The
    /// simulated E[M] and SD(M) match within 4 reported s.e.
    @Test func totalVarianceHoldsForADrawnExponentialMean() throws {
        let s = try Simulation.run(try model("[[40000]]"), threads: 2)
        let sigma2 = 40_000.0 / 1e6, n = 50.0, mu = 1_000.0
        let mean = n * mu * exp(sigma2 / 2)
        let variance = n * mu * mu * exp(2 * sigma2) + n * n * mu * mu * (exp(2 * sigma2) - exp(sigma2))
        let e = s.report.expectedMargin, sd = s.report.marginStandardDeviation
        #expect(abs(e.value - (1_200 * n - mean)) <= 4 * e.standardError, "E[M] \(e.value) vs \(1_200 * n - mean)")
        #expect(abs(sd.value - variance.squareRoot()) <= 4 * sd.standardError, "SD \(sd.value) vs \(variance.squareRoot())")
        // Without parameter risk the SD is √N·μ: the drawn mean makes it clearly larger.
        #expect(sd.value > 1.5 * n.squareRoot() * mu)
    }

    /// A zero covariance draws the parameters (from their own stream) but never moves them: every margin is the
    /// model's without parameter risk, bit for bit — the draw reshuffles no cost draw.
    @Test func zeroCovarianceIsTheModelWithoutIt() throws {
        let a = try Simulation.run(try model("[[0]]", trials: 5_000), threads: 2, keepingLedger: true)
        let b = try Simulation.run(try model(nil, trials: 5_000), threads: 1, keepingLedger: true)
        #expect(try #require(a.ledger).totals.map(\.costs.retained) == (try #require(b.ledger).totals.map(\.costs.retained)))
    }

    @Test func sameFiguresOnAnyThreadCount() throws {
        let one = try Simulation.run(try model("[[40000]]", trials: 8_000), threads: 1)
        let three = try Simulation.run(try model("[[40000]]", trials: 8_000), threads: 3)
        #expect(one.report.expectedMargin.value == three.report.expectedMargin.value)
        #expect(one.report.tails.map(\.tailValueAtRisk.value) == three.report.tails.map(\.tailValueAtRisk.value))
    }

    /// Two parameters: a gamma's (shape, scale) covariance drawn on the log scale keeps every draw valid, and the
    /// Cholesky factor reproduces the working covariance Σᵢⱼ/(θᵢθⱼ).
    @Test func gammaDrawsStayValidAndMatchTheCovariance() throws {
        let center = ContinuousDistribution.gamma(shape: 2.5, scale: 10_000)
        let cov = [[0.0196, -85.9], [-85.9, 378_217.0]]
        let u = try ParameterUncertainty.make(center, covariance: cov).get()
        let stream = RandomStream(generator: .standard, seed: 4)
        var logs: [[Double]] = []
        for _ in 0..<40_000 {
            guard case let .gamma(a, b) = u.draw(around: center, stream.handle) else { Issue.record("not a gamma"); return }
            #expect(a > 0 && b > 0)
            logs.append([log(a / 2.5), log(b / 10_000)])
        }
        let working = [[cov[0][0] / 6.25, cov[0][1] / 25_000], [cov[1][0] / 25_000, cov[1][1] / 1e8]]
        for i in 0..<2 {
            for j in 0..<2 {
                let c = logs.reduce(0) { $0 + $1[i] * $1[j] } / Double(logs.count)
                // s.e. of a product moment of normals: √((Σᵢᵢ Σⱼⱼ + Σᵢⱼ²)/n).
                let se = ((working[i][i] * working[j][j] + working[i][j] * working[i][j]) / Double(logs.count)).squareRoot()
                #expect(abs(c - working[i][j]) <= 4 * se, "(\(i), \(j)): \(c) vs \(working[i][j])")
            }
        }
    }

    @Test(arguments: [
        ("[[1, 2]]", "cost.parameter_uncertainty.covariance: must be a 1×1 matrix, one row and column per parameter of the exponential (mean)"),
        ("[[-1]]", "cost.parameter_uncertainty.covariance: must be a covariance matrix (positive semi-definite): it is not"),
    ])
    func badCovariancesAreOneLine(_ covariance: String, _ expected: String) throws {
        let error = #expect(throws: ModelError.self) { try model(covariance) }
        #expect(error?.description.hasSuffix(expected) == true, "\(error?.description ?? "")")
    }

    @Test func onlyOneContinuousFamilyTakesIt() throws {
        let error = #expect(throws: ModelError.self) {
            try ModelLoader.parse("""
                cost:
                  mixture: [{weight: 1, exponential: {mean: 5}}]
                  parameter_uncertainty: {covariance: [[1]]}
                contract: {bundle: {price: 10, episodes: 1}}
                """)
        }
        #expect(error?.description.contains("belongs to one continuous family") == true)
    }
}
