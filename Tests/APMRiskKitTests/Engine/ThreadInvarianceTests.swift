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

@Suite struct StreamKeyTests {
    /// Streams of one run never share a key: 200,000 trials × every purpose, for several seeds.
    @Test func streamsOfOneRunNeverShareAKey() {
        for runSeed: UInt64 in [0, 1, 42, .max] {
            let key = StreamKey(seed: runSeed)
            var seen = Set<[UInt64]>()
            for t in 0..<200_000 {
                let k = key.trial(t)
                for p in StreamPurpose.allCases {
                    let (a, b) = k.stream(p)
                    seen.insert([a, b])
                }
            }
            #expect(seen.count == 200_000 * StreamPurpose.allCases.count)
        }
    }

    /// Neighbouring seeds give unrelated keys: no key of seed 1 is a key of seed 2.
    @Test func seedsDoNotShareKeys() {
        func keys(_ seed: UInt64) -> Set<[UInt64]> {
            let key = StreamKey(seed: seed)
            return Set((0..<50_000).map { t in let (a, b) = key.trial(t).stream(.unitCost); return [a, b] })
        }
        #expect(keys(1).isDisjoint(with: keys(2)))
    }

    /// A keyed taus2 stream depends on each of its three state words (taus2 ignores the lowest 1, 3 and 4 bits
    /// of them: 88 effective bits, all of them hashed from the whole 128-bit key).
    @Test func keyedStreamsUseBothLanes() {
        let s = RandomStream(generator: .standard, seed: 1)
        func draws(_ a: UInt64, _ b: UInt64) -> [Double] {
            s.setKey((a, b))
            return (0..<4).map { _ in s.uniform() }
        }
        let base = draws(0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4321)
        #expect(draws(0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4321) == base)
        #expect(draws(0x1234_5678_9ABC_DEF2, 0x0FED_CBA9_8765_4321) != base)
        #expect(draws(0x1234_5670_9ABC_DEF0, 0x0FED_CBA9_8765_4321) != base)
        #expect(draws(0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4331) != base)
        let mt = RandomStream(generator: Generator(named: "mt19937")!, seed: 1)
        mt.setKey((1, 2))
        let m1 = mt.uniform()
        mt.setKey((1, 3))
        #expect(mt.uniform() != m1)
    }
}
