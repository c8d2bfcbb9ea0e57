import Foundation

/// Chernoff bounds on the tails of a sum of independent lattice variables: P(S ≥ x) ≤ e^(log M_S(s) − s·x) for
/// every s > 0 and P(S < x) ≤ e^(log M_S(−s) + s·x), where log M_S is the sum's cumulant generating function.
/// `exact` uses them to bound the mass a circular convolution wraps around (aliasing): rigorous, because every
/// lattice distribution it convolves has finite support, so every M(s) is finite.
package struct LatticeMGF: Sendable {
    /// Probability in blocks of consecutive lattice points, each with its lowest and highest point (dollars).
    private let blocks: [(mass: Double, low: Double, high: Double)]

    /// The distribution with `mass[k]` at k·h: each point on its own up to where less than 10⁻⁷ of the mass is
    /// left (at most 65,536 points), the far tail beyond in at most 1,024 blocks. The bound stays an upper bound of
    /// M(s): a block's mass is put at its highest point for s > 0 and at its lowest for s < 0. (A block in the
    /// body would cost a factor e^(s·width) per unit, which n units raise to the n-th power; in the far tail it
    /// weighs at most 10⁻⁷·e^(s·width).)
    package init(mass: [Double], step h: Double, offset: Int = 0) {
        let total = mass.reduce(0, +)
        var single = 0, left = total
        while single < mass.count && single < 65_536 && left > 1e-7 * total {
            left -= mass[single]
            single += 1
        }
        var b: [(Double, Double, Double)] = []
        for k in 0..<single where mass[k] > 0 {
            let x = Double(k + offset) * h
            b.append((mass[k], x, x))
        }
        let size = max(1, (mass.count - single + 1023) / 1024)
        var i = single
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

    /// An upper bound of P(X₁ + … + Xₙ ≥ x), for n independent copies (1 when no s helps). For a heavy tail,
    /// where Chernoff on the whole range is weak, also P(some Xᵢ > c) + P(Σ min(Xᵢ, c) ≥ x) ≤ n·P(X > c) +
    /// Chernoff of the capped sum, for c = x/2, x/4, … x/64, and the least of them all.
    package mutating func upperTail(copies n: Double, at x: Double) -> Double {
        let c = cached
        var best = 0.0
        for j in c.s.indices { best = min(best, n * c.up[j] - c.s[j] * x) }
        if exp(best) <= 1e-15 { return exp(best) }
        var bound = exp(best)
        var cap = x / 2
        for _ in 0..<6 {
            var over = 0.0
            for b in blocks where b.high > cap { over += b.mass }
            let jump = n * over
            if jump < bound {
                var capped = 0.0
                var s = 1 / cap
                for _ in 0..<40 {
                    capped = min(capped, n * cappedLogMGF(s, cap) - s * x)
                    s *= 1.3
                }
                bound = min(bound, jump + exp(capped))
            }
            cap /= 2
        }
        return min(1, bound)
    }

    /// An upper bound of log E[e^(s·min(X, c))], s > 0.
    private func cappedLogMGF(_ s: Double, _ c: Double) -> Double {
        var top = -Double.infinity
        for b in blocks { top = max(top, s * min(b.high, c)) }
        var sum = 0.0
        for b in blocks { sum += b.mass * exp(s * min(b.high, c) - top) }
        return top + log(sum)
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
