// Each contract's settlement: retained cost per unit and the margin of a trial, on fixed numbers.
// Pure arithmetic: allocations must be zero.
import APMRiskKit
import Benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
                                           scalingFactor: .kilo, maxDuration: .seconds(1))
    let costs = (0..<1_000).map { 5_000 + Double(($0 * 7_919) % 40_000) }

    func settle<S: Settlement>(_ name: String, _ contract: S, units: Int) {
        Benchmark("\(name): 1,000 unit costs, then the margin") { benchmark in
            for _ in benchmark.scaledIterations {
                var retained = 0.0
                for x in costs { retained += contract.retainedCost(x) }
                blackHole(contract.margin(units: units, retainedCost: retained))
            }
        }
    }
    settle("bundle", BundleContract(price: 21_000, episodes: .fixed(1_000), outlierCap: 30_000, stopLoss: 0.2, stopGain: 0.2), units: 1_000)
    settle("capitation", CapitationContract(pmpm: 1_800, members: 1_000, stopLoss: .init(attachment: 40_000, coinsurance: 0.9, premiumPMPM: 8)), units: 1_000)
    settle("shared risk", SharedRiskContract(benchmark: 22_000, members: 1_000, savingsRate: 0.5, lossRate: 0.3,
                                             minimumSavingsRate: 0.02, minimumLossRate: 0.02, savingsCap: 0.1, lossCap: 0.04), units: 1_000)
}
