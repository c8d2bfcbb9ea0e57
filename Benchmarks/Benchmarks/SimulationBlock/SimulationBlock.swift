// A whole simulation block of each reference model, as one engine worker runs it (buffers allocated before the
// measurement): throughput in blocks, allocations must be zero.
import APMRiskKit
import Benchmark
import Foundation

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
                                           scalingFactor: .one, maxDuration: .seconds(2))
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("reference/models")
    for name in ["bundle", "capitation", "shared-risk"] {
        guard let model = try? ModelLoader.load(path: folder.appendingPathComponent("\(name).yaml").path) else {
            fatalError("cannot load reference model \(name)")
        }
        let job = SimulationJob.job(for: model, threads: 1)
        Benchmark("\(name): one block of \(job.blockTrials) trials") { benchmark in
            let runner = BlockRunner(job: job)
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations { blackHole(runner.run(block: i)) }
            benchmark.stopMeasurement()
        }
    }
}
