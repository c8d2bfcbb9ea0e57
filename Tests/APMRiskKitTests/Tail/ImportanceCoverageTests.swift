import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// Importance-sampled error bars that mean what they say: over 1,000 seeds, estimate ± 1.96 reported s.e. must
/// cover the exact answer 93–97% of the time (the band is ± 2.9 s.d. of a correct interval's observed coverage;
/// the seeds are fixed, so the verdict is the same on every run).
///
/// The model: 5 members each Gamma(4, 500), so the total is Gamma(20, 500) exactly, capitation revenue 11,000,
/// tilted by severity = 7e-4 per dollar (the tilted mean total sits near the 99% quantile); 2,000 trials a
/// seed. TVaR 99% (its s.e. from the weighted influence function), VaR 99%, P(loss) and E[M].
@Suite(.serialized) struct ImportanceCoverageTests {
    static let seeds = 1_000
    static let shape = 20.0, scale = 500.0, revenue = 11_000.0
    static let yaml = """
        cost: {gamma: {shape: 4, scale: 500}}
        contract: {capitation: {pmpm: \(revenue / 60), members: 5}}
        """

    @Test func weightedIntervalsCover() throws {
        let base = try ModelLoader.parse(Self.yaml)
        let alpha = 0.99
        let trueTVaR = gammaTVaR(alpha, shape: Self.shape, scale: Self.scale) - Self.revenue
        let trueVaR = gsl_cdf_gamma_Pinv(alpha, Self.shape, Self.scale) - Self.revenue
        let pLoss = gsl_cdf_gamma_Q(Self.revenue, Self.shape, Self.scale)
        var tvar = 0, vaR = 0, loss = 0, mean = 0, weight = 0
        for seed in 0..<Self.seeds {
            let r = try Simulation.run(base, trials: 2_000, seed: UInt64(seed), levels: [alpha], threads: 1,
                                       tailSampling: .manual(Tilt(severity: 7e-4))).report
            func covers(_ e: Estimate, _ truth: Double) -> Bool { abs(e.value - truth) <= 1.959964 * e.standardError }
            let tail = r.tails[0]
            if covers(tail.tailValueAtRisk, trueTVaR) { tvar += 1 }
            if tail.valueAtRisk.lower <= trueVaR && trueVaR <= tail.valueAtRisk.upper { vaR += 1 }
            if covers(r.lossProbability, pLoss) { loss += 1 }
            if covers(r.expectedMargin, Self.revenue - Self.shape * Self.scale) { mean += 1 }
            if covers(r.importance!.meanWeight, 1) { weight += 1 }
        }
        for (hits, what) in [(tvar, "TVaR 99%"), (vaR, "VaR 99%"), (loss, "P(loss)"), (mean, "E[M]"), (weight, "mean weight")] {
            let c = Double(hits) / Double(Self.seeds)
            print("importance coverage: \(what): \(c) over \(Self.seeds) seeds")
            #expect(c >= 0.93 && c <= 0.97, "\(what): coverage \(c) over \(Self.seeds) seeds")
        }
    }
}
