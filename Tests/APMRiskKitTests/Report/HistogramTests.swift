import CGSL
import Foundation
import Testing
@testable import APMRiskKit

/// The streaming histogram of every margin: complete, thread-invariant, exact at its edges, and distributed as
/// the closed form says.
@Suite struct HistogramTests {
    /// One lognormal episode at price b: M = b − X, X ~ lognormal(ζ, σ) with mean 20,000 and cv 0.5.
    static let price = 24_000.0
    static let mean = 20_000.0, cv = 0.5
    static var sigma: Double { (log(1 + cv * cv)).squareRoot() }
    static var zeta: Double { log(mean) - sigma * sigma / 2 }
    static let yaml = """
        cost: {lognormal: {mean: 20000, cv: 0.5}}
        contract: {bundle: {price: 24000, episodes: 1}}
        """

    @Test func countsSumToTheTrialsAndAreIdenticalOnOneTwoAndThreeThreads() throws {
        let runs = try [1, 2, 3].map { try simulate(ThreadInvarianceTests.yaml, seed: nil, threads: $0) }
        let h = runs[0].outcome.histogram
        #expect(h.total == runs[0].report.trials)
        #expect(h.counts.reduce(0, +) == runs[0].report.trials)
        #expect(runs[0].outcome.blocks > 3)
        #expect(runs[1].outcome.histogram == h)
        #expect(runs[2].outcome.histogram == h)
        // The document too, bit for bit.
        let documents = runs.map { ResultJSON.text(DistributionResult($0.distribution)) }
        #expect(documents[0] == documents[1] && documents[0] == documents[2])
    }

    @Test func binCountsMatchTheLognormalWithinFourBinomialStandardErrors() throws {
        let run = try simulate(Self.yaml, trials: 200_000, seed: 7)
        let h = run.outcome.histogram
        let n = Double(h.total)
        // Merge the fine bins into 16-bin groups so each has a useful count, then compare each group's count with
        // n·(F(b − lower) − F(b − upper)), F the lognormal CDF of X (M in [a, a + w) ⇔ X in (b − a − w, b − a]).
        func cdf(_ x: Double) -> Double { x <= 0 ? 0 : Phi((log(x) - Self.zeta) / Self.sigma) }
        let occupied = h.occupied
        var checked = 0
        for start in stride(from: occupied.lowerBound, to: occupied.upperBound, by: 16) {
            let end = min(start + 16, occupied.upperBound)
            let count = Double(h.counts[start..<end].reduce(0, +))
            let lower = h.lowerEdge(start), upper = h.lowerEdge(end)
            let p = cdf(Self.price - lower) - cdf(Self.price - upper)
            guard n * p >= 10 else { continue }
            let se = (n * p * (1 - p)).squareRoot()
            #expect(abs(count - n * p) <= 4 * se, "bin [\(lower), \(upper)): \(count) trials, expected \(n * p) ± \(se)")
            checked += 1
        }
        #expect(checked >= 10)
    }

    @Test func countsBelowAnEdgeAreExact() throws {
        let run = try simulate(Self.yaml, trials: 5_000, seed: 3)
        let h = run.outcome.histogram
        let margins = run.outcome.orderStatistics.lowest   // every margin, ascending (a small run keeps them all)
        #expect(margins.count == 5_000)
        for i in stride(from: h.occupied.lowerBound, through: h.occupied.upperBound, by: 7) {
            let edge = h.lowerEdge(i)
            #expect(h.count(below: edge) == margins.filter { $0 < edge }.count)
        }
    }

    /// Values far outside the first block's range widen the bins by doubling, keeping every count.
    @Test func theWindowMovesAndWidensWithoutLosingACount() {
        var h = MarginHistogram()
        h.add([0, 1, 2, 3, 4, 5, 6, 7])
        let firstWidth = h.binWidth
        h.add([-1e6, 3.5, 2e9])
        h.add([1e-3, -7.25])
        #expect(h.total == 13 && h.counts.reduce(0, +) == 13)
        #expect(h.binWidth > firstWidth)
        #expect(h.binWidth == Double(sign: .plus, exponent: h.exponent, significand: 1))
        #expect(h.count(below: h.lowerEdge(h.occupied.upperBound - 1)) == 12)   // all but 2e9, alone in the last bin
        #expect(h.lowerEdge(h.occupied.lowerBound) <= -1e6 && h.lowerEdge(h.occupied.upperBound) + h.binWidth > 2e9)
        // The same values in the same order give the same histogram; the width is a power of two.
        var again = MarginHistogram()
        again.add([0, 1, 2, 3, 4, 5, 6, 7])
        again.add([-1e6, 3.5, 2e9])
        again.add([1e-3, -7.25])
        #expect(again == h)
    }
}
