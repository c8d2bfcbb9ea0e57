// The variate loop per distribution family: 256 unit costs drawn in one go, as the engine draws them.
// Throughput is in variates; allocations must be zero.
import APMRiskKit
import Benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
                                           scalingFactor: .kilo, maxDuration: .seconds(1))
    let families: [(String, CostDistribution)] = [
        ("lognormal", .continuous(.lognormal(zeta: 6.5, sigma: 0.8))),
        ("gamma", .continuous(.gamma(shape: 4, scale: 250))),
        ("weibull", .continuous(.weibull(scale: 1_000, shape: 1.5))),
        ("pareto", .continuous(.pareto(shape: 3, scale: 600))),
        ("exponential", .continuous(.exponential(mean: 1_000))),
        ("normal", .continuous(.normal(mean: 1, sd: 0.05))),
        ("compound Poisson(3) x lognormal", .compound(frequency: .poisson(mean: 3),
                                                      severity: .continuous(.lognormal(zeta: 6.5, sigma: 0.8)))),
    ]
    for (name, distribution) in families {
        Benchmark("\(name) x256") { benchmark in
            let stream = RandomStream(generator: .standard, seed: 1)
            let sampler = CostSampler(distribution)
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 256)
            buffer.initialize(repeating: 0)
            defer { buffer.deallocate() }
            let handle = stream.handle
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                sampler.fill(buffer, DrawStreams(single: handle))
                blackHole(buffer[255])
            }
            benchmark.stopMeasurement()
            withExtendedLifetime(stream) {}
        }
    }
}
