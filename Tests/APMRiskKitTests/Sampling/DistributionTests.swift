import Foundation
import Testing
@testable import APMRiskKit

@Suite struct MeanAndCVConversionTests {
    static let families: [(String, @Sendable (Double, Double) -> ContinuousDistribution)] = [
        ("lognormal", ContinuousDistribution.lognormal(mean:cv:)),
        ("gamma", ContinuousDistribution.gamma(mean:cv:)),
        ("weibull", ContinuousDistribution.weibull(mean:cv:)),
        ("pareto", ContinuousDistribution.pareto(mean:cv:)),
        ("normal", ContinuousDistribution.normal(mean:cv:)),
    ]

    @Test(arguments: [0.1, 0.45, 1.0, 2.5])
    func impliedMeanAndCVRoundTrip(cv: Double) {
        for (name, make) in Self.families {
            let d = CostDistribution.continuous(make(12_000, cv))
            #expect(abs(d.mean / 12_000 - 1) < 1e-9, "\(name) mean")
            #expect(abs(d.cv / cv - 1) < 1e-9, "\(name) cv")
        }
    }

    @Test func nativeParametersByHand() {
        // Lognormal: σ² = ln(1 + c²), ζ = ln m − σ²/2.
        guard case let .lognormal(z, s) = ContinuousDistribution.lognormal(mean: 1_000, cv: 1) else { Issue.record(); return }
        #expect(abs(s * s - log(2.0)) < 1e-12)
        #expect(abs(z - (log(1_000.0) - log(2.0) / 2)) < 1e-12)
        // Gamma: a = 1/c², b = m·c².
        #expect(ContinuousDistribution.gamma(mean: 1_000, cv: 0.5) == .gamma(shape: 4, scale: 250))
        // Weibull with cv 1 is the exponential: shape 1, scale = mean.
        guard case let .weibull(a, b) = ContinuousDistribution.weibull(mean: 1_000, cv: 1) else { Issue.record(); return }
        #expect(abs(b - 1) < 1e-9 && abs(a - 1_000) < 1e-6)
        // Pareto: c² = 1/(a(a − 2)) with c = 1/√3 → a = 3, b = m·(a − 1)/a.
        guard case let .pareto(pa, pb) = ContinuousDistribution.pareto(mean: 900, cv: 1 / 3.0.squareRoot()) else { Issue.record(); return }
        #expect(abs(pa - 3) < 1e-12 && abs(pb - 600) < 1e-9)
    }
}

/// Sampled means from GSL against the analytic means: this pins each GSL call's parameter order.
@Suite struct SamplingTests {
    static let cases: [(String, CostDistribution)] = [
        ("lognormal", .continuous(.lognormal(zeta: 8, sigma: 0.7))),
        ("gamma", .continuous(.gamma(shape: 2.5, scale: 400))),
        ("weibull", .continuous(.weibull(scale: 1_000, shape: 0.8))),
        ("pareto", .continuous(.pareto(shape: 4, scale: 300))),
        ("exponential", .continuous(.exponential(mean: 750))),
        ("normal", .continuous(.normal(mean: 1, sd: 0.05))),
        ("mixture", .mixture(.init(weights: [0.25, 0.75], components: [
            .continuous(.exponential(mean: 100)), .continuous(.gamma(shape: 3, scale: 1_000))]))),
        ("zero-inflated", .zeroInflated(probabilityOfZero: 0.3, base: .continuous(.exponential(mean: 500)))),
        ("compound NB", .compound(frequency: .negativeBinomial(mean: 3, dispersion: 2), severity: .continuous(.gamma(shape: 2, scale: 250)))),
        ("add-ons", .withAddOns(base: .continuous(.constant(10_000)),
                                addOns: [.init(name: "complication", probability: 0.2, cost: .continuous(.exponential(mean: 5_000)))])),
    ]

    @Test func sampleMeansAndVariancesMatchTheAnalyticOnes() {
        let stream = RandomStream(generator: .standard, seed: 2_024)
        let n = 200_000
        for (name, d) in Self.cases {
            var values = [Double](repeating: 0, count: n)
            for i in 0..<n { values[i] = d.sample(stream) }
            let m = Moments(of: values)
            #expect(within(m.mean, d.mean, se: (d.variance / Double(n)).squareRoot()), "\(name): mean \(m.mean) vs \(d.mean)")
            // Var of the sample variance ≈ (μ₄ − σ⁴)/n; use the sample's own μ₄.
            let seVar = ((m.m4 / Double(n) - m.variance * m.variance) / Double(n)).squareRoot()
            #expect(within(m.variance, d.variance, se: seVar), "\(name): variance \(m.variance) vs \(d.variance)")
        }
    }

    @Test func countsHaveTheirMeansAndVariances() {
        let stream = RandomStream(generator: Generator(named: "mt19937")!, seed: 7)
        let n = 200_000
        for k: CountDistribution in [.poisson(mean: 4.2), .negativeBinomial(mean: 4.2, cv: 0.8), .fixed(3)] {
            let m = Moments(of: (0..<n).map { _ in Double(k.sample(stream)) })
            #expect(within(m.mean, k.mean, se: max(1e-12, (k.variance / Double(n)).squareRoot())))
            #expect(abs(m.variance / max(k.variance, 1e-12) - 1) < 0.03 || k.variance == 0)
        }
    }

    @Test func reseedingRestartsTheStream() {
        let s = RandomStream(generator: .standard, seed: 5)
        let first = (0..<5).map { _ in s.uniform() }
        s.reseed(5)
        #expect((0..<5).map { _ in s.uniform() } == first)
    }
}

@Suite struct CostSamplerTests {
    /// The compiled sampler the engine uses must draw exactly what the distribution itself draws.
    @Test func compiledSamplerDrawsTheSameVariatesInTheSameOrder() {
        let nested: CostDistribution = .withAddOns(
            base: .zeroInflated(probabilityOfZero: 0.1, base: .mixture(.init(weights: [0.5, 0.3, 0.2], components: [
                .continuous(.lognormal(zeta: 9, sigma: 0.5)),
                .compound(frequency: .negativeBinomial(mean: 2, dispersion: 1.5), severity: .continuous(.weibull(scale: 800, shape: 1.3))),
                .compound(frequency: .poisson(mean: 1.5), severity: .continuous(.pareto(shape: 3, scale: 500))),
            ]))),
            addOns: [.init(name: "a", probability: 0.3, cost: .continuous(.gamma(shape: 2, scale: 300))),
                     .init(name: "b", probability: 0.05, cost: .compound(frequency: .fixed(2), severity: .continuous(.exponential(mean: 40))))])
        for d in [nested] + SamplingTests.cases.map(\.1) {
            let a = RandomStream(generator: .standard, seed: 77), b = RandomStream(generator: .standard, seed: 77)
            let compiled = CostSampler(d)
            let direct = (0..<5_000).map { _ in d.sample(a) }
            let viaTable = (0..<5_000).map { _ in compiled.sample(b) }
            #expect(direct == viaTable)
            // Chunked filling (the engine's path) draws the same sequence again.
            let c = RandomStream(generator: .standard, seed: 77)
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 1_000)
            defer { buffer.deallocate() }
            var filled: [Double] = []
            for _ in 0..<5 { compiled.fill(buffer, c.handle); filled += buffer }
            #expect(filled == direct)
        }
    }

    @Test func countFillDrawsTheSameCountsAsSample() {
        for k: CountDistribution in [.poisson(mean: 3.5), .negativeBinomial(p: 0.4, n: 2.5), .fixed(7)] {
            let a = RandomStream(generator: .standard, seed: 3), b = RandomStream(generator: .standard, seed: 3)
            let direct = (0..<500).map { _ in Double(k.sample(a)) }
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 500)
            defer { buffer.deallocate() }
            k.fill(buffer, b.handle)
            #expect(Array(buffer) == direct)
        }
    }
}
