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
        let all = Set(StreamPurpose.allCases)
        for d in [nested] + SamplingTests.cases.map(\.1) {
            // Each trial keys its streams afresh; the same keys must give the same draws on every path.
            let a = TrialStreams(generator: .standard, seed: 77, purposes: all)
            let b = TrialStreams(generator: .standard, seed: 77, purposes: all)
            let c = TrialStreams(generator: .standard, seed: 77, purposes: all)
            let compiled = CostSampler(d)
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 50)
            defer { buffer.deallocate() }
            var direct: [Double] = [], viaTable: [Double] = [], filled: [Double] = []
            for trial in 0..<100 {
                a.key(trial: trial); b.key(trial: trial); c.key(trial: trial)
                direct += (0..<50).map { _ in d.sample(a.draws) }
                viaTable += (0..<50).map { _ in compiled.sample(b.draws) }
                // Chunked filling (the engine's path) draws the same sequence again.
                compiled.fill(buffer, c.draws)
                filled += buffer
            }
            #expect(direct == viaTable)
            #expect(filled == direct)
        }
    }

    @Test func countFillDrawsTheSameCountsAsSample() {
        for k: CountDistribution in [.poisson(mean: 3.5), .negativeBinomial(p: 0.4, n: 2.5), .fixed(7),
                                     .scaled(.poisson(mean: 3.5), by: 1.1), .scaled(.negativeBinomial(p: 0.4, n: 2.5), by: 0.8)] {
            let a = RandomStream(generator: .standard, seed: 3), b = RandomStream(generator: .standard, seed: 3)
            let direct = (0..<500).map { _ in Double(k.sample(a)) }
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 500)
            defer { buffer.deallocate() }
            k.fill(buffer, b.handle)
            #expect(Array(buffer) == direct)
        }
    }
}

/// A volume or frequency shock scales a count by drawing extra events (or thinning) from a separate stream:
/// the law must be exactly the scaled family, and the shocked count must share the base count's draws.
@Suite struct ScaledCountTests {
    static let cases: [(CountDistribution, Double)] = [
        (.poisson(mean: 4), 1.1), (.poisson(mean: 40), 0.9), (.poisson(mean: 180), 1.5),
        (.negativeBinomial(mean: 180, dispersion: 1.5), 1.1), (.negativeBinomial(mean: 6, dispersion: 2.5), 0.85),
    ]

    /// Mean and variance of the shocked draws against f·E[K] and f·Var[K] (Poisson fμ; NB(f·n, p)), within
    /// 4 standard errors of the sample mean and sample variance.
    @Test(arguments: cases)
    func shockedCountsHaveTheScaledLaw(base: CountDistribution, factor: Double) {
        let k = base.scaled(by: factor)
        let counts = RandomStream(generator: .standard, seed: 11), extra = RandomStream(generator: .standard, seed: 12)
        let n = 200_000
        let draws = (0..<n).map { _ in Double(k.sample(counts.handle, extra: extra.handle)) }
        let m = Moments(of: draws)
        let mean = factor * base.mean, variance = factor * base.variance
        #expect(abs(k.mean - mean) < 1e-9 * mean && abs(k.variance - variance) < 1e-9 * variance)
        #expect(abs(m.mean - mean) < 4 * (variance / Double(n)).squareRoot())
        // s.e. of the sample variance ≈ √((μ₄ − σ⁴)/n), μ₄ from the sample.
        let mu4 = draws.reduce(0) { $0 + pow($1 - m.mean, 4) } / Double(n)
        #expect(abs(m.variance - variance) < 4 * ((mu4 - variance * variance) / Double(n)).squareRoot())
    }

    /// On the same two streams, a shock up never draws fewer events than the base and a shock down never more:
    /// the base count is drawn first, from the counts stream, exactly as the unshocked count is.
    @Test(arguments: cases)
    func shockedCountsShareTheBaseDraws(base: CountDistribution, factor: Double) {
        let k = base.scaled(by: factor)
        let a = RandomStream(generator: .standard, seed: 5), b = RandomStream(generator: .standard, seed: 5)
        let extra = RandomStream(generator: .standard, seed: 6)
        for _ in 0..<20_000 {
            let k0 = base.sample(a.handle, extra: extra.handle), k1 = k.sample(b.handle, extra: extra.handle)
            #expect(factor > 1 ? k1 >= k0 : k1 <= k0)
        }
    }
}
