import CGSL

/// Costs drawn from the claims themselves: each draw one of the observed values, equally likely
/// (`gsl_rng_uniform_int`, one uniform index per draw), dollars.
///
/// A model file writes it `empirical: {file, column}`; a parametric tail above a threshold is a mixture of this
/// (the values at or below the threshold) and a Pareto leaf (`DistributionReader`), so stress shocks and every
/// sampler treat the two pieces as what they are.
public struct EmpiricalCosts: Sendable, Hashable {
    /// The values, ascending (the order the index draws from: part of the reproducibility contract).
    public let values: [Double]
    /// Where they came from, for descriptions: "claims.csv, column cost".
    public let source: String

    public init(values: [Double], source: String) {
        precondition(!values.isEmpty)
        self.values = values.sorted()
        self.source = source
    }

    /// The mean of the values.
    public var mean: Double { values.reduce(0, +) / Double(values.count) }

    /// The variance of one draw: the values' variance with divisor n.
    public var variance: Double {
        let m = mean
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)
    }

    /// P(X ≤ x) (`inclusive`) or P(X < x): the share of the values at most (below) x, by binary search.
    public func cdf(_ x: Double, inclusive: Bool) -> Double {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if inclusive ? values[mid] <= x : values[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return Double(lo) / Double(values.count)
    }

    /// Every value × m (a severity shock).
    public func scaled(by m: Double) -> EmpiricalCosts { EmpiricalCosts(values: values.map { $0 * m }, source: source) }

    /// One draw: a uniform index into `values`.
    @inline(__always)
    public func sample(_ stream: StreamHandle) -> Double {
        values[Int(gsl_rng_uniform_int(stream.rng, UInt(values.count)))]
    }
}
