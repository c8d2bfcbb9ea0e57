import Dispatch
import Foundation
import APMAnalysis
import APMEngine
import APMModel
import APMRisk
import APMSampling
import APMSupport

/// Throughput measurements for `apmrisk bench`: wall-clock rates, never asserted anywhere, only reported.
public enum Throughput {
    /// Variates per second of `family` drawn through the engine's own sampling path (`CostSampler`, or the
    /// count's `sample`) on `threads` threads, each with its own stream, for about `seconds` seconds after a
    /// warm-up of a tenth of that.
    public static func variates(_ family: BenchFamily, generator: Generator, threads: Int, seconds: Double) -> Double {
        _ = drawFor(family, generator: generator, threads: threads, seconds: seconds / 10)   // warm-up
        return drawFor(family, generator: generator, threads: threads, seconds: seconds)
    }

    private static func drawFor(_ family: BenchFamily, generator: Generator, threads: Int, seconds: Double) -> Double {
        let counts = Tally(threads)
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(saturating: seconds * 1e9)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let owner = RandomStream(generator: generator, seed: UInt32(t + 1))
            let stream = owner.handle
            let sampler = family.cost.map(CostSampler.init)
            let count = family.count
            var drawn = 0
            var sink = 0.0
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 256)
            defer { buffer.deallocate() }
            repeat {
                // The engine's path: unit costs drawn in chunks of 256.
                for _ in 0..<16 {
                    if let sampler { sampler.fill(buffer, DrawStreams(single: stream)) } else { count?.fill(buffer, stream) }
                    sink += buffer[255]
                }
                drawn += 4_096
            } while DispatchTime.now().uptimeNanoseconds < deadline
            counts.set(t, drawn, sink)
            withExtendedLifetime(owner) {}
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(counts.total) / elapsed
    }

    /// Trials per second of `model` through the engine on `threads` threads. With `trials` nil, a pilot run
    /// sizes the run to last about `seconds` seconds. Returns (trials, seconds, trials per second).
    public static func trials(_ model: RiskModel, threads: Int, trials: Int?, seconds: Double) throws
        -> (trials: Int, seconds: Double, rate: Double)
    {
        var n = trials ?? 0
        if trials == nil {
            let pilot = max(256, Int(saturating: Double(SimulationJob.job(for: model, threads: threads).blockTrials) * Double(threads) * 2))
            let rate = Double(pilot) / max(try Simulation.run(model, trials: pilot, threads: threads).outcome.elapsedSeconds, 1e-6)
            n = max(pilot, Int(saturating: rate * seconds))
        } else {
            _ = try Simulation.run(model, trials: max(1, n / 10), threads: threads)      // warm-up
        }
        let outcome = try Simulation.run(model, trials: n, threads: threads).outcome
        return (n, outcome.elapsedSeconds, Double(n) / outcome.elapsedSeconds)
    }

    /// The CPU model name from /proc/cpuinfo (Linux), or "unknown".
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }
}

/// Per-thread results of a measurement: slot t is written by thread t only, and read after all threads are done
/// (raw buffers, so no thread touches another's memory or a shared array header).
private final class Tally: @unchecked Sendable {
    private let drawn: UnsafeMutableBufferPointer<Int>
    private let sinks: UnsafeMutableBufferPointer<Double>
    init(_ n: Int) {
        drawn = .allocate(capacity: n)
        drawn.initialize(repeating: 0)
        sinks = .allocate(capacity: n)
        sinks.initialize(repeating: 0)
    }
    deinit {
        drawn.deallocate()
        sinks.deallocate()
    }
    func set(_ t: Int, _ n: Int, _ sink: Double) {
        drawn[t] = n
        sinks[t] = sink
    }
    /// The draws counted (the sinks are kept so the draws cannot be optimised away).
    var total: Int { sinks.reduce(0, +).isNaN ? 0 : drawn.reduce(0, +) }
}
