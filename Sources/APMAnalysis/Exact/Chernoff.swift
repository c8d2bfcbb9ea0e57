import Foundation

/// Chernoff bounds on the tails of a sum of independent lattice variables: P(S ≥ x) ≤ e^(log M_S(s) − s·x) for
/// every s > 0 and P(S < x) ≤ e^(log M_S(−s) + s·x), where log M_S is the sum's cumulant generating function.
/// `exact` uses them to bound the mass a circular convolution wraps around (aliasing): rigorous, because every
/// lattice distribution it convolves has finite support, so every M(s) is finite.
package struct LatticeMGF: Sendable {
    /// Probability in blocks of consecutive lattice points, each with its lowest and highest point (dollars).
    private let blocks: [(mass: Double, low: Double, high: Double)]

    /// The distribution with `mass[k]` at k·h, compressed to at most 1,024 blocks. The bound stays an upper bound
    /// of M(s): a block's mass is put at its highest point for s > 0 and at its lowest for s < 0.
    package init(mass: [Double], step h: Double, offset: Int = 0) {
        let size = max(1, (mass.count + 1023) / 1024)
        var b: [(Double, Double, Double)] = []
        var i = 0
        while i < mass.count {
            let end = min(mass.count, i + size)
            var m = 0.0
            var lo = -1, hi = -1
            for k in i..<end where mass[k] > 0 {
                m += mass[k]
                if lo < 0 { lo = k }
                hi = k
            }
            if m > 0 { b.append((m, Double(lo + offset) * h, Double(hi + offset) * h)) }
            i = end
        }
        blocks = b
    }

    /// An upper bound of log E[e^(sX)] (log-sum-exp, so no overflow).
    package func logMGF(_ s: Double) -> Double {
        var top = -Double.infinity
        for b in blocks { top = max(top, s * (s > 0 ? b.high : b.low)) }
        var sum = 0.0
        for b in blocks { sum += b.mass * exp(s * (s > 0 ? b.high : b.low) - top) }
        return top + log(sum)
    }

    /// The grid of s > 0 the bounds minimise over, geometric from 10⁻⁴ to 10⁴ over the largest |point|.
    package static func grid(scale: Double) -> [Double] {
        let base = 1 / max(scale, 1e-300)
        return (0..<47).map { base * 1e-4 * pow(1.5, Double($0)) }
    }

    /// log M at every s of the grid and at −s.
    private lazy var cached: (s: [Double], up: [Double], down: [Double]) = {
        let scale = blocks.map { max(abs($0.high), abs($0.low)) }.max() ?? 1
        let s = Self.grid(scale: scale)
        return (s, s.map { logMGF($0) }, s.map { logMGF(-$0) })
    }()

    /// An upper bound of P(X₁ + … + Xₙ ≥ x), for n independent copies (1 when no s helps).
    package mutating func upperTail(copies n: Double, at x: Double) -> Double {
        let c = cached
        var best = 0.0
        for j in c.s.indices { best = min(best, n * c.up[j] - c.s[j] * x) }
        return exp(best)
    }

    /// An upper bound of P(X₁ + … + Xₙ < x).
    package mutating func lowerTail(copies n: Double, below x: Double) -> Double {
        if x <= 0 { return 0 }
        let c = cached
        var best = 0.0
        for j in c.s.indices { best = min(best, n * c.down[j] + c.s[j] * x) }
        return exp(best)
    }
}
