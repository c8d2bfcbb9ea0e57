import Testing
@testable import APMRiskKit

/// The same model, seed and trial count give bit-identical metrics on 1, 2 and 3 threads.
@Suite struct ThreadInvarianceTests {
    /// A bundle with every source of variation in the block work: a random episode count, a systematic factor,
    /// a mixture, a probability of zero and an add-on; 10,007 trials so the last block is short.
    static let yaml = """
        run: {trials: 10007, seed: 99}
        cost:
          mixture:
            - weight: 0.7
              lognormal: {mean: 20000, cv: 0.3}
            - weight: 0.3
              gamma: {mean: 45000, cv: 0.6}
          probability_zero: 0.02
          add_ons:
            - {name: readmission, probability: 0.1, cost: {weibull: {mean: 12000, cv: 1.2}}}
        systematic_factor: {lognormal: {mean: 1, cv: 0.05}}
        contract:
          bundle:
            price: 30000
            episodes: {negative_binomial: {mean: 40, dispersion: 2}}
            outlier_cap: 90000
            stop_loss: 0.2
        """

    @Test func metricsAreBitIdenticalAcrossThreadCounts() throws {
        let runs = try [1, 2, 3].map { try simulate(Self.yaml, seed: nil, threads: $0) }
        #expect(runs[0].outcome.blocks > 3)
        let documents = runs.map { ReportJSON.metrics($0.report).serialized() }
        #expect(documents[0] == documents[1])
        #expect(documents[0] == documents[2])
        #expect(runs[0].outcome.orderStatistics.lowest == runs[2].outcome.orderStatistics.lowest)
    }

    @Test func aDifferentSeedGivesDifferentFigures() throws {
        let a = try simulate(Self.yaml, seed: 1).report.expectedMargin.value
        let b = try simulate(Self.yaml, seed: 2).report.expectedMargin.value
        #expect(a != b)
    }
}

@Suite struct BlockSeedTests {
    @Test func blocksOfOneRunNeverShareASeed() {
        for runSeed: UInt64 in [0, 1, 42, .max] {
            let seeds = (0..<200_000).map { BlockSeed.seed(runSeed: runSeed, block: $0) }
            #expect(Set(seeds).count == seeds.count)
            #expect(!seeds.contains(0))
        }
    }

    @Test func mix32IsABijectionOnASample() {
        // lowbias32 is invertible; on 2^20 consecutive inputs no two outputs may collide.
        let outputs = (0..<(1 << 20)).map { BlockSeed.mix32(UInt32($0)) }
        #expect(Set(outputs).count == outputs.count)
    }
}
