import Foundation
import Testing
@testable import APMRiskKit

/// Deterministic pseudo-data for accumulator tests (not a sampler: a fixed, reproducible list of values).
func fixtureValues(_ n: Int) -> [Double] {
    (0..<n).map { i in
        let x = Double(i)
        return 1_000 * sin(x * 12.9898) * cos(x * 0.731) + Double(i % 97) * 37 - 1_500
    }
}

@Suite struct MomentsTests {
    @Test func mergedBlocksEqualTheWholeSet() {
        let values = fixtureValues(10_000)
        let whole = Moments(of: values)
        var merged = Moments()
        for start in stride(from: 0, to: values.count, by: 777) {
            merged.merge(Moments(of: values[start..<min(start + 777, values.count)]))
        }
        #expect(merged.count == whole.count)
        #expect(abs(merged.mean - whole.mean) <= 1e-9 * abs(whole.mean))
        #expect(abs(merged.m2 - whole.m2) <= 1e-9 * whole.m2)
        #expect(abs(merged.m3 - whole.m3) <= 1e-7 * abs(whole.m3))
        #expect(abs(merged.m4 - whole.m4) <= 1e-9 * whole.m4)
    }

    @Test func handComputedMoments() {
        let m = Moments(of: [1.0, 2, 3, 4])
        #expect(m.mean == 2.5)
        #expect(m.m2 == 5)          // 2.25 + 0.25 + 0.25 + 2.25
        #expect(m.m4 == 10.25)      // 2 × (5.0625 + 0.0625)
        #expect(abs(m.variance - 5.0 / 3) < 1e-15)
    }
}

@Suite struct TailTests {
    @Test func largestValuesKeepsExactlyTheTopK() {
        let values = fixtureValues(50_000)
        var top = LargestValues(capacity: 1_234, expectedCount: values.count)
        for v in values { top.insert(v) }
        #expect(top.takeSortedDescending() == Array(values.sorted(by: >).prefix(1_234)))
    }

    @Test func tailModeGivesTheSameVaRAndTVaRAsKeepingEverything() {
        let values = fixtureValues(60_000)
        var complete = MarginTails(trials: values.count, lowTailFraction: 0.1)
        var tails = MarginTails(trials: values.count, lowTailFraction: 0.1, storeAllLimit: 1_000, middleSampleSize: 5_000)
        for start in stride(from: 0, to: values.count, by: 4_096) {
            let block = values[start..<min(start + 4_096, values.count)]
            complete.add(block)
            tails.add(block)
        }
        let full = complete.finish(), kept = tails.finish()
        #expect(full.isComplete && !kept.isComplete)
        #expect(kept.lowest.count < values.count / 5)
        for alpha in [0.9, 0.95, 0.99, 0.995] {
            let a = TailRisk.estimate(level: alpha, from: full), b = TailRisk.estimate(level: alpha, from: kept)
            #expect(a == b)
        }
        // Percentile 99 of M comes from the exact upper tail; the median from the first 5,000 values.
        #expect(kept.margin(rank: QuantileRank.ceilingRank(0.99, of: values.count)) == full.margin(rank: QuantileRank.ceilingRank(0.99, of: values.count)))
        #expect(kept.middleSample == values.prefix(5_000).sorted())
    }

    @Test func ranksFollowTheCeilingConvention() {
        #expect(QuantileRank.ceilingRank(0.99, of: 100) == 99)
        #expect(QuantileRank.ceilingRank(0.995, of: 1_000) == 995)
        #expect(QuantileRank.ceilingRank(0.9, of: 15) == 14)
        #expect(QuantileRank.ceilingRank(0.01, of: 10) == 1)
    }

    @Test func tvarIsTheMeanOfTheWorstTrialsByHand() {
        // Margins −10 … 9 (n = 20), losses −9 … 10: α = 0.9 → VaR = L rank ⌈18⌉ = 8; the expected shortfall
        // averages the worst (1 − α)·n = 2 trials, L = 9 and 10, not the 3 of ranks 18…20.
        var tails = MarginTails(trials: 20, lowTailFraction: 0.1)
        tails.add((0..<20).map { Double($0 - 10) })
        let statistics = tails.finish()
        let t = TailRisk.estimate(level: 0.9, from: statistics)
        #expect(t.valueAtRisk.value == 8)
        #expect(t.tailValueAtRisk.value == 9.5)
        #expect(t.tailTrials == 2)
        // α = 0.875: (1 − α)·n = 2.5 → L = 10, 9 in full and half of the VaR trial (rank ⌈17.5⌉ = 18, L = 8):
        // (10 + 9 + 0.5·8) / 2.5 = 9.2.
        let u = TailRisk.estimate(level: 0.875, from: statistics)
        #expect(u.valueAtRisk.value == 8)
        #expect(abs(u.tailValueAtRisk.value - 9.2) < 1e-12)
        #expect(u.tailTrials == 3)
    }

    /// With 2 tail trials there is no honest standard error: the estimate says so instead of a number.
    @Test func tooFewTailTrialsGiveNoStandardError() {
        var tails = MarginTails(trials: 20, lowTailFraction: 0.1)
        tails.add((0..<20).map { Double($0 - 10) })
        let t = TailRisk.estimate(level: 0.9, from: tails.finish()).tailValueAtRisk
        #expect(!t.hasStandardError && t.errorNote?.contains("tail") == true && t.standardError == .infinity)
    }

    /// No loss in n trials: P(loss) is 0 with the exact one-sided 95% upper bound 1 − 0.05^(1/n), not ± 0.
    @Test func noLossSeenGivesAnUpperBound() {
        let e = Estimate.probability(events: 0, trials: 1_000)
        #expect(e.value == 0 && !e.hasStandardError)
        #expect(abs(e.upperBound95! - (1 - pow(0.05, 1.0 / 1_000))) < 1e-15)
        #expect(abs(e.upperBound95! - 0.0029914) < 1e-6)   // ≈ 3/n, the rule of three
    }
}

@Suite struct SelectionTests {
    @Test(arguments: [1, 2, 17, 500, 999, 1_000])
    func quickselectPutsTheLargestFirst(k: Int) {
        // Many ties (values mod 37) and a sorted run: the hard cases for a partition.
        var values = fixtureValues(1_000).map { ($0 / 100).rounded() } 
        values.replaceSubrange(0..<200, with: (0..<200).map(Double.init))
        var copy = values
        copy.withUnsafeMutableBufferPointer { LargestValues.selectLargest(k, in: $0) }
        #expect(copy.prefix(k).sorted(by: >) == Array(values.sorted(by: >).prefix(k)))
        #expect(copy.sorted() == values.sorted())
    }
}
