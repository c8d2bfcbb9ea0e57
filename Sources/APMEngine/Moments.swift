import APMSampling

/// Count, mean and central moment sums (M₂, M₃, M₄) of a set of margins, mergeable in any fixed order.
///
/// Blocks compute theirs in two passes over their own margins; the engine merges blocks in block order with
/// the pairwise update of Chan et al. and Pébay (2008), so the floating-point result does not depend on how
/// many threads ran the blocks.
public struct Moments: Sendable, Hashable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    /// Σ (x − mean)²
    public private(set) var m2: Double = 0
    /// Σ (x − mean)³
    public private(set) var m3: Double = 0
    /// Σ (x − mean)⁴
    public private(set) var m4: Double = 0

    public init() {}

    /// Moments as another process computed them (a shard file): the same five numbers, bit for bit.
    package init(count: Int, mean: Double, m2: Double, m3: Double, m4: Double) {
        (self.count, self.mean, self.m2, self.m3, self.m4) = (count, mean, m2, m3, m4)
    }

    /// The moments of `values`, by two passes (mean first, then central sums).
    public init<C: Collection>(of values: C) where C.Element == Double {
        guard !values.isEmpty else { return }
        count = values.count
        var sum = 0.0
        for x in values { sum += x }
        mean = sum / Double(count)
        for x in values {
            let d = x - mean, d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
    }

    /// Adds the moments of another, disjoint set of values.
    public mutating func merge(_ b: Moments) {
        guard b.count > 0 else { return }
        guard count > 0 else { self = b; return }
        let na = Double(count), nb = Double(b.count), n = na + nb
        let delta = b.mean - mean
        let d2 = delta * delta
        let newM4 = m4 + b.m4 + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
            + 6 * d2 * (na * na * b.m2 + nb * nb * m2) / (n * n) + 4 * delta * (na * b.m3 - nb * m3) / n
        let newM3 = m3 + b.m3 + d2 * delta * na * nb * (na - nb) / (n * n) + 3 * delta * (na * b.m2 - nb * m2) / n
        m2 += b.m2 + d2 * na * nb / n
        m3 = newM3
        m4 = newM4
        mean += delta * nb / n
        count += b.count
    }

    /// The sample variance, with divisor n − 1.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }

    /// The sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, SD/√n.
    public var standardErrorOfMean: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : 0 }

    /// The large-sample standard error of the SD: √((μ₄ − σ⁴)/(4σ²n)).
    public var standardErrorOfStandardDeviation: Double {
        guard count > 1, m2 > 0 else { return 0 }
        let n = Double(count)
        let sigma2 = m2 / n, mu4 = m4 / n
        let excess = mu4 - sigma2 * sigma2
        guard excess.isFinite else { return .nan }   // μ₄ overflowed: no honest error (Estimate says so)
        return (max(0, excess) / (4 * sigma2 * n)).squareRoot()
    }
}
