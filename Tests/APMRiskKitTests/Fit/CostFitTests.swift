import Foundation
import Testing
@testable import APMRiskKit

/// Maximum-likelihood fits recover the parameters they were drawn with, and their reported standard errors are
/// honest: over 1,000 samples drawn with GSL, the 95% Wald intervals cover the true value 93–97% of the time.
@Suite struct CostFitTests {
    static func sample(_ d: ContinuousDistribution, n: Int, seed: UInt32) -> [Double] {
        let stream = RandomStream(generator: .standard, seed: seed)
        return (0..<n).map { _ in d.sample(stream) }
    }

    static let truths: [(CostFamily, ContinuousDistribution, [Double])] = [
        (.lognormal, .lognormal(zeta: 9.5, sigma: 0.8), [9.5, 0.8]),
        (.gamma, .gamma(shape: 2.5, scale: 8_000), [2.5, 8_000]),
        (.weibull, .weibull(scale: 20_000, shape: 1.4), [20_000, 1.4]),
        (.pareto, .pareto(shape: 2.8, scale: 5_000), [2.8]),
        (.exponential, .exponential(mean: 12_000), [12_000]),
    ]

    @Test(arguments: 0..<5)
    func waldIntervalsCoverAtTheirStatedRate(_ index: Int) throws {
        let (family, truth, values) = Self.truths[index]
        let seeds = 1_000
        var covered = [Int](repeating: 0, count: values.count)
        for seed in 0..<seeds {
            let x = Self.sample(truth, n: 400, seed: UInt32(1_000 + seed))
            // The Pareto's scale is fixed at the true threshold, so its shape's interval is the one on trial.
            let threshold: Double? = family == .pareto ? 5_000 : nil
            let fit = try #require(family.fit(SampleSummary(x), threshold: threshold))
            for (i, v) in values.enumerated() {
                let p = fit.parameters[i]
                if abs(p.value - v) <= 1.959964 * (p.standardError ?? 0) { covered[i] += 1 }
            }
        }
        for (i, c) in covered.enumerated() {
            let rate = Double(c) / Double(seeds)
            #expect(rate >= 0.93 && rate <= 0.97, "\(family) parameter \(i): coverage \(rate)")
        }
    }

    /// Closed forms: the lognormal's estimates are the mean and (divisor-n) SD of ln x; the exponential's the mean.
    @Test func closedFormsAreTheSampleMoments() throws {
        let x = [1_000.0, 2_500, 4_000, 8_000, 16_000]
        let logs = x.map(log)
        let m = logs.reduce(0, +) / 5
        let sd = (logs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 5).squareRoot()
        let ln = try #require(CostFamily.lognormal.fit(SampleSummary(x)))
        #expect(abs(ln.parameters[0].value - m) < 1e-12 && abs(ln.parameters[1].value - sd) < 1e-12)
        #expect(abs(ln.parameters[0].standardError! - sd / 5.0.squareRoot()) < 1e-12)
        let ex = try #require(CostFamily.exponential.fit(SampleSummary(x)))
        #expect(ex.parameters[0].value == 6_300 && abs(ex.parameters[0].standardError! - 6_300 / 5.0.squareRoot()) < 1e-9)
        // ln L of the exponential: −n ln μ − n.
        #expect(abs(ex.logLikelihood - (-5 * log(6_300) - 5)) < 1e-9)
    }

    /// The gamma and Weibull estimates solve their likelihood equations (the score is 0 there).
    @Test func rootFoundEstimatesSolveTheScoreEquations() throws {
        let x = Self.sample(.gamma(shape: 1.7, scale: 3_000), n: 500, seed: 3)
        let s = SampleSummary(x)
        let g = try #require(CostFamily.gamma.fit(s))
        let a = g.parameters[0].value
        #expect(abs(log(a) - NumericalMethods.digamma(a) - (log(s.mean) - s.meanLog)) < 1e-10)
        #expect(abs(a * g.parameters[1].value - s.mean) < 1e-6 * s.mean)
        let w = try #require(CostFamily.weibull.fit(s))
        let (lambda, k) = (w.parameters[0].value, w.parameters[1].value)
        let t = x.map { pow($0 / lambda, k) }
        #expect(abs(t.reduce(0, +) / 500 - 1) < 1e-9)   // ∂ℓ/∂λ = 0 ⇔ mean of (x/λ)ᵏ = 1
    }

    /// KS and AD reject a wrong family on a large sample, and reject the true one at about the stated rate.
    @Test func goodnessOfFitRejectsTheWrongFamilyOnly() throws {
        let x = Self.sample(.lognormal(zeta: 9, sigma: 1), n: 2_000, seed: 11)
        let gamma = try #require(CostFamily.gamma.fit(SampleSummary(x)))
        let wrong = GoodnessOfFit.test(gamma, sorted: gamma.sorted, threshold: nil, replicates: 99, seed: 1, threads: 2)
        #expect(wrong.ksPValue <= 0.05 && wrong.adPValue <= 0.05, "\(wrong)")

        var rejected = 0
        let runs = 120
        for seed in 0..<runs {
            let y = Self.sample(.gamma(shape: 2, scale: 1_000), n: 150, seed: UInt32(5_000 + seed))
            let fit = try #require(CostFamily.gamma.fit(SampleSummary(y)))
            let g = GoodnessOfFit.test(fit, sorted: fit.sorted, threshold: nil, replicates: 99, seed: UInt64(seed), threads: 2)
            if g.adPValue <= 0.05 { rejected += 1 }
        }
        // 5% of 120 is 6; the binomial SD is 2.4: more than 14 rejections would be over 3 SD.
        #expect(rejected <= 14, "true family rejected \(rejected) times in \(runs)")
    }

    /// The bootstrap p-values do not depend on the thread count.
    @Test func bootstrapIsTheSameOnAnyThreadCount() throws {
        let x = Self.sample(.weibull(scale: 1_000, shape: 2), n: 300, seed: 4)
        let fit = try #require(CostFamily.weibull.fit(SampleSummary(x)))
        let one = GoodnessOfFit.test(fit, sorted: fit.sorted, threshold: nil, replicates: 59, seed: 9, threads: 1)
        let three = GoodnessOfFit.test(fit, sorted: fit.sorted, threshold: nil, replicates: 59, seed: 9, threads: 3)
        #expect(one == three)
    }

    /// EM recovers a well-separated two-lognormal mixture within 4 of its bootstrap standard errors.
    @Test func mixtureRecoversItsComponents() throws {
        let a = Self.sample(.lognormal(zeta: 8, sigma: 0.4), n: 700, seed: 21)
        let b = Self.sample(.lognormal(zeta: 10, sigma: 0.5), n: 300, seed: 22)
        let m = try #require(LognormalMixture.fit(a + b, replicates: 59, seed: 1, threads: 2))
        let truth = [(0.7, 8.0, 0.4), (0.3, 10.0, 0.5)]
        for (k, t) in zip(m.components, truth) {
            #expect(abs(k.weight.value - t.0) <= 4 * k.weight.standardError!)
            #expect(abs(k.zeta.value - t.1) <= 4 * k.zeta.standardError!)
            #expect(abs(k.sigma.value - t.2) <= 4 * k.sigma.standardError!)
        }
    }
}
