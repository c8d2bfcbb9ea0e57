import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// P(L > x): exact counts with binomial errors, against the lognormal closed form.
@Suite struct ExceedanceTests {
    /// P(L > x) = P(X > b + x) = 1 − Φ((ln(b + x) − ζ)/σ) for one lognormal episode at price b.
    static func exact(_ x: Double) -> Double {
        1 - Phi((log(HistogramTests.price + x) - HistogramTests.zeta) / HistogramTests.sigma)
    }

    @Test func exceedanceProbabilitiesMatchTheClosedFormWithinThreeReportedStandardErrors() throws {
        var model = try ModelLoader.parse(HistogramTests.yaml)
        let losses = [-10_000.0, 0, 10_000, 25_000, 40_000]
        model.run.exceedances = losses
        let run = try Simulation.run(model, trials: 100_000, seed: 11, threads: 2)
        #expect(run.report.exceedances.map(\.loss) == losses)
        for e in run.report.exceedances {
            #expect(e.sampleTrials == 100_000)
            #expect(e.probability.hasStandardError)
            #expect(within(e.probability.value, Self.exact(e.loss), se: e.probability.standardError, k: 3),
                    "P(L > \(e.loss)) = \(e.probability.value) ± \(e.probability.standardError), exact \(Self.exact(e.loss))")
        }
        // The engine's count while merging equals the count in the kept margins.
        for e in run.report.exceedances {
            #expect(e == Exceedance(loss: e.loss, from: run.outcome.orderStatistics))
        }
        // P(L > 0) is P(loss) exactly.
        #expect(run.report.exceedances[1].probability.value == run.report.lossProbability.value)
    }

    @Test func theCurveIsExactCountsWithBinomialErrors() throws {
        let run = try simulate(HistogramTests.yaml, trials: 20_000, seed: 5)
        let curve = run.distribution.exceedanceCurve
        let margins = run.outcome.orderStatistics.lowest
        #expect(curve.points.count > 50)
        for p in curve.points {
            let count = margins.filter { $0 < -p.loss }.count
            #expect(p.exceeding == count)
            let q = Double(count) / 20_000
            #expect(p.probability.value == q)
            #expect(abs(p.probability.standardError - (q * (1 - q) / 20_000).squareRoot()) <= 1e-15)
        }
        #expect(zip(curve.points, curve.points.dropFirst()).allSatisfy { $0.loss < $1.loss && $0.exceeding >= $1.exceeding })
    }

    /// A huge run keeps only its tails and a middle sample: beyond the kept low tail the count comes from the
    /// high tail (exact) or the middle sample (and says so).
    @Test func beyondTheKeptTailsTheCountIsExactOrFromTheMiddleSample() {
        let stats = OrderStatistics(trials: 1_000, lowest: [-50, -40, -30, -20, -10], highest: [100, 110, 120],
                                    middleSample: [-40, -5, 0, 5, 10, 20, 30, 100])
        let inTail = Exceedance(loss: 25, from: stats)          // M < −25: 3 of the kept lowest
        #expect(inTail.probability.value == 3.0 / 1_000 && inTail.sampleTrials == 1_000)
        let aboveHigh = Exceedance(loss: -115, from: stats)     // M < 115: all but the one at 120
        #expect(aboveHigh.probability.value == 999.0 / 1_000 && aboveHigh.sampleTrials == 1_000)
        let middle = Exceedance(loss: -7, from: stats)          // M < 7 in the middle sample: 4 of 8
        #expect(middle.probability.value == 0.5 && middle.sampleTrials == 8)
    }
}
