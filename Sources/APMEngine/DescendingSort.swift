/// Sorting a run's kept margins, largest first, in linear time.
///
/// A run of up to `MarginTails.storeAllLimit` trials keeps every margin and sorts them once at the end; a
/// comparison sort spends about 6% of a reference-bundle run there. This is a least-significant-digit radix sort
/// on an order-preserving 64-bit key of each value (six passes of 11 bits, a pass skipped where every key has the
/// same digit), so it costs a few memory passes instead of n·log₂ n comparisons.
///
/// The result equals a stable comparison sort by `>` element for element: −0 and +0 get the same key, so they
/// keep their order as any two equal values do (an LSD radix sort is stable), and every other pair of distinct
/// finite values is ordered as `>` orders it. Values must be finite or infinite, never NaN.
package enum DescendingSort {
    /// Below this many values the standard library's sort is as fast.
    package static let radixThreshold = 4096

    /// Sorts `values` largest first, stably.
    package static func sort(_ values: inout [Double]) {
        guard values.count >= radixThreshold else {
            values.sort(by: >)
            return
        }
        let n = values.count
        let digitBits = 11, digits = 6, buckets = 1 << digitBits
        var counts = [Int](repeating: 0, count: digits * buckets)
        values.withUnsafeBufferPointer { v in
            counts.withUnsafeMutableBufferPointer { c in
                for x in v {
                    var k = key(x)
                    for d in 0..<digits {
                        c[d * buckets + Int(k & UInt64(buckets - 1))] += 1
                        k >>= UInt64(digitBits)
                    }
                }
            }
        }
        var scratch = [Double](repeating: 0, count: n)
        var inScratch = false
        counts.withUnsafeMutableBufferPointer { c in
            for d in 0..<digits {
                let histogram = UnsafeMutableBufferPointer(rebasing: c[(d * buckets)..<((d + 1) * buckets)])
                if histogram.contains(n) { continue }   // every key has this digit: the pass would copy in order
                var start = 0
                for b in 0..<buckets {
                    let count = histogram[b]
                    histogram[b] = start
                    start += count
                }
                let shift = UInt64(d * digitBits)
                func pass(_ from: UnsafeBufferPointer<Double>, _ to: UnsafeMutableBufferPointer<Double>) {
                    for x in from {
                        let b = Int((key(x) >> shift) & UInt64(buckets - 1))
                        to[histogram[b]] = x
                        histogram[b] += 1
                    }
                }
                if inScratch {
                    scratch.withUnsafeBufferPointer { s in values.withUnsafeMutableBufferPointer { pass(s, $0) } }
                } else {
                    values.withUnsafeBufferPointer { v in scratch.withUnsafeMutableBufferPointer { pass(v, $0) } }
                }
                inScratch.toggle()
            }
        }
        if inScratch { values = scratch }
    }

    /// An unsigned key whose ascending order is `x`'s descending order, with −0 and +0 equal.
    @inline(__always)
    package static func key(_ x: Double) -> UInt64 {
        let bits = x == 0 ? 0 : x.bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }
}
