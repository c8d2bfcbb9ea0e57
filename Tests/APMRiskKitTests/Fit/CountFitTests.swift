import Foundation
import Testing
@testable import APMRiskKit

@Suite struct CountFitTests {
    static func counts(_ k: CountDistribution, n: Int, seed: UInt32) -> [Double] {
        let stream = RandomStream(generator: .standard, seed: seed)
        return (0..<n).map { _ in Double(k.sample(stream)) }
    }

    /// A negative binomial sample: the fit recovers n and p within 4 s.e., and both overdispersion tests reject
    /// the Poisson.
    @Test func negativeBinomialIsRecoveredAndOverdispersionDetected() throws {
        let f = CountFit(Self.counts(.negativeBinomial(p: 0.4, n: 2), n: 3_000, seed: 2))
        let nb = try #require(f.negativeBinomial)
        #expect(abs(nb.r.value - 2) <= 4 * nb.r.standardError!, "n \(nb.r)")
        #expect(abs(nb.p.value - 0.4) <= 4 * nb.p.standardError!, "p \(nb.p)")
        #expect(try #require(f.likelihoodRatioPValue) < 1e-6)
        #expect(f.dispersionPValue < 1e-6)
        // The fitted NB keeps the sample mean: n(1 − p)/p = x̄.
        #expect(abs(nb.r.value * (1 - nb.p.value) / nb.p.value - f.mean) < 1e-6 * f.mean)
    }

    /// A Poisson sample: the dispersion test rejects at about its stated rate over many samples.
    @Test func poissonSamplesAreRarelyCalledOverdispersed() {
        var rejected = 0
        for seed in 0..<200 {
            let f = CountFit(Self.counts(.poisson(mean: 3), n: 200, seed: UInt32(100 + seed)))
            if f.dispersionPValue <= 0.05 { rejected += 1 }
            #expect(abs(f.poisson.value - 3) <= 5 * f.poisson.standardError!)
        }
        // 5% of 200 is 10, SD 3.1.
        #expect(rejected <= 20, "\(rejected) of 200 rejected")
    }
}
