import Dispatch
import APMSampling

/// The parametric bootstrap's replicates, run on several threads with results in replicate order.
///
/// Replicate b draws from one GSL stream keyed (seed, b, `StreamPurpose.fitBootstrap`) — the trust scheme's keys,
/// with the replicate in the trial's place — so what a replicate computes does not depend on which thread runs it,
/// and the results are the same on any thread count.
enum Bootstrap {
    static func replicates<T>(_ count: Int, seed: UInt64, threads: Int, _ body: (RandomStream, Int) -> T) -> [T] {
        let key = StreamKey(seed: seed)
        var results = [T?](repeating: nil, count: count)
        let chunks = max(1, min(threads, count))
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let stream = RandomStream(generator: .standard, seed: 1)
                    for b in stride(from: c, to: count, by: chunks) {
                        stream.setKey(key.trial(b).stream(.fitBootstrap))
                        out[b] = body(stream, b)
                    }
                }
            }
        }
        return results.map { $0! }
    }
}
