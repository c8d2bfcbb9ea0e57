import Foundation
import APMContracts
import APMSampling
import APMSupport

/// One unit's retained cost on the lattice {0, h, 2h, …}: `mass[k]` = P(retained cost rounds to k·h), with
/// the mass left off (the far tail beyond the per-unit tolerance, or beyond the largest lattice) in `dropped`
/// and an upper bound of the mass a claim total's circular convolution wrapped around in `wrapped`.
package struct LatticePMF: Sendable {
    package var mass: [Double]
    package var dropped: Double
    package var wrapped: Double

    package var mean: Double { mass.indices.reduce(0) { $0 + Double($1) * mass[$1] } / max(total, 1e-300) }
    package var total: Double { mass.reduce(0, +) }
    package var variance: Double {
        let m = mean
        return mass.indices.reduce(0) { $0 + (Double($1) - m) * (Double($1) - m) * mass[$1] } / max(total, 1e-300)
    }
}

/// Puts one unit's retained cost g(Θ·X) onto the lattice, rounded `rounding`.
///
/// A cost built from continuous families, mixtures and a probability of zero is discretised straight from
/// its distribution function through g's inverses (`UnitCostFunction`): P(g(X) ≤ r) = P(X ≤ g⁺(r)), one
/// evaluation per lattice point. A claim total (compound) or add-ons are built on the lattice first — each
/// severity rounded, the claims' sum by FFT (the claim count's probability generating function applied to the
/// severity's transform, the count truncated where P(K > k) ≤ ε/2), add-ons convolved — and then each lattice
/// value x is moved to g(x) rounded the same way. Both keep the coupling: every unit rounded up is at least its
/// true retained cost, every unit rounded down at most.
package struct UnitLattice: Sendable {
    /// h, dollars.
    package let step: Double
    package let rounding: LatticeRounding
    /// ε: the tail mass per unit that may be left off.
    package let tail: Double
    /// The most lattice points one unit's distribution may take.
    package static let maximumPoints = 1 << 23

    package init(step: Double, rounding: LatticeRounding, tail: Double) {
        self.step = step
        self.rounding = rounding
        self.tail = tail
    }

    /// g(cost), the retained cost of one unit whose cost (already × Θ) has distribution `cost`.
    package func retained(_ cost: CostDistribution, terms g: UnitCostFunction) throws -> LatticePMF {
        if Self.hasDistributionFunction(cost) { return try direct(cost, g) }
        var dropped = 0.0, wrapped = 0.0
        let x = try built(cost, tail, &dropped, &wrapped)
        if g.isIdentity { return LatticePMF(mass: x, dropped: dropped, wrapped: wrapped) }
        var out = [Double](repeating: 0, count: x.count + 1)
        for k in x.indices where x[k] != 0 {
            let q = g(Double(k) * step) / step
            if rounding == .central {
                // Split between the two neighbours, keeping the mean.
                let lo = Int(q.rounded(.down)), t = q - Double(lo)
                out[lo] += x[k] * (1 - t)
                if t > 0 { out[lo + 1] += x[k] * t }
            } else {
                out[rounding.index(q)] += x[k]
            }
        }
        while out.count > 1 && out[out.count - 1] == 0 { out.removeLast() }
        return LatticePMF(mass: out, dropped: dropped, wrapped: wrapped)
    }

    // MARK: From the distribution function

    /// Whether `cost` has a distribution function here: continuous families, mixtures and a probability of zero.
    package static func hasDistributionFunction(_ cost: CostDistribution) -> Bool {
        switch cost {
        case .continuous, .empirical: return true
        case let .mixture(m): return m.components.allSatisfy(hasDistributionFunction)
        case let .zeroInflated(_, base): return hasDistributionFunction(base)
        case .compound, .withAddOns: return false
        }
    }

    /// P(X ≤ x) (`inclusive`) or P(X < x); x may be +∞.
    package static func cdf(_ d: CostDistribution, _ x: Double, inclusive: Bool) -> Double {
        if x == .infinity { return 1 }
        switch d {
        case let .continuous(c): return (inclusive ? c.cdf(x) : c.cdfBelow(x)) ?? .nan
        case let .empirical(e): return e.cdf(x, inclusive: inclusive)
        case let .mixture(m): return zip(m.weights, m.components).reduce(0) { $0 + $1.0 * cdf($1.1, x, inclusive: inclusive) }
        case let .zeroInflated(p, base):
            let zero = (inclusive ? x >= 0 : x > 0) ? p : 0
            return zero + (1 - p) * cdf(base, x, inclusive: inclusive)
        case .compound, .withAddOns: return .nan
        }
    }

    private func direct(_ cost: CostDistribution, _ g: UnitCostFunction) throws -> LatticePMF {
        if rounding == .central { return try meanPreserving(cost, g) }
        var mass: [Double] = []
        var previous = 0.0
        var k = 0
        while true {
            let (b, inclusive) = rounding.boundary(k)
            let r = b * step
            let c = inclusive ? Self.cdf(cost, g.upperInverse(r), inclusive: true)
                              : Self.cdf(cost, g.lowerInverse(r), inclusive: false)
            guard c.isFinite else { throw ModelError(field: "cost", rule: "has no distribution function exact can use") }
            mass.append(max(0, c - previous))
            previous = max(previous, c)
            k += 1
            if 1 - previous <= tail || mass.count >= Self.maximumPoints { break }
        }
        return LatticePMF(mass: mass, dropped: max(0, 1 - previous), wrapped: 0)
    }

    /// The central lattice: the mass p of [a, a + h) split between a and a + h so that its mean is kept,
    /// E[R; a ≤ R < b] = a·p + ∫ₐᵇ (P(R < b) − P(R ≤ x)) dx, the integral by Simpson's rule on 8 panels (9 values of the
    /// distribution function).
    private func meanPreserving(_ cost: CostDistribution, _ g: UnitCostFunction) throws -> LatticePMF {
        func below(_ r: Double) -> Double { Self.cdf(cost, g.lowerInverse(r), inclusive: false) }
        func atMost(_ r: Double) -> Double { Self.cdf(cost, g.upperInverse(r), inclusive: true) }
        var mass: [Double] = [0]
        var previous = 0.0
        var k = 0
        while true {
            let a = Double(k) * step, b = a + step
            let fb = below(b)
            guard fb.isFinite else { throw ModelError(field: "cost", rule: "has no distribution function exact can use") }
            let p = max(0, fb - previous)
            mass.append(0)
            if p > 0 {
                // Composite Simpson on 8 panels: the integrand is 0 at b⁻.
                var integral = max(0, fb - atMost(a))
                for j in 1..<8 { integral += Double(j % 2 == 1 ? 4 : 2) * max(0, fb - atMost(a + step * Double(j) / 8)) }
                integral *= step / 24
                let t = min(1, max(0, integral / (p * step)))
                mass[k] += p * (1 - t)
                mass[k + 1] += p * t
            }
            previous = max(previous, fb)
            k += 1
            if 1 - previous <= tail || mass.count >= Self.maximumPoints { break }
        }
        while mass.count > 1 && mass[mass.count - 1] == 0 { mass.removeLast() }
        return LatticePMF(mass: mass, dropped: max(0, 1 - previous), wrapped: 0)
    }

    // MARK: Built on the lattice

    /// The lattice distribution of `d` (no unit terms), truncated where at most `eps` is left off.
    private func built(_ d: CostDistribution, _ eps: Double, _ dropped: inout Double, _ wrapped: inout Double) throws -> [Double] {
        if Self.hasDistributionFunction(d) {
            let p = try direct(d, UnitCostFunction(UnitTerms()))
            dropped += p.dropped
            return p.mass
        }
        switch d {
        case let .zeroInflated(p, base):
            var b = try built(base, eps, &dropped, &wrapped).map { $0 * (1 - p) }
            b[0] += p
            return b
        case let .mixture(m):
            var out: [Double] = []
            for (w, c) in zip(m.weights, m.components) {
                var dr = 0.0, wr = 0.0
                let part = try built(c, eps, &dr, &wr)
                dropped += w * dr
                wrapped += w * wr
                if part.count > out.count { out += [Double](repeating: 0, count: part.count - out.count) }
                for k in part.indices { out[k] += w * part[k] }
            }
            return out
        case let .withAddOns(base, addOns):
            var total = try built(base, eps, &dropped, &wrapped)
            for a in addOns {
                var dr = 0.0
                var c = try built(a.cost, eps, &dr, &wrapped).map { $0 * a.probability }
                dropped += a.probability * dr
                c[0] += 1 - a.probability
                total = try convolve(total, c)
            }
            return total
        case let .compound(k, z):
            return try compound(k, z, eps, &dropped, &wrapped)
        case .continuous, .empirical:
            throw ModelError(field: "cost", rule: "has no distribution function exact can use")
        }
    }

    /// The linear convolution of two lattice distributions (FFT on a length that holds their sum: no wrap).
    private func convolve(_ a: [Double], _ b: [Double]) throws -> [Double] {
        let need = a.count + b.count - 1
        let n = Self.powerOfTwo(atLeast: need)
        guard n <= Self.maximumPoints else { throw tooLong(need) }
        let fa = try Spectrum(transforming: a + [Double](repeating: 0, count: n - a.count))
        let fb = try Spectrum(transforming: b + [Double](repeating: 0, count: n - b.count))
        let c = try fa.multiplied(by: fb).inverse()
        return Array(c[0..<need]).map { max(0, $0) }
    }

    /// K claims each a severity draw, summed: the claim count truncated at kq (P(K > kq) ≤ ε/2), severities
    /// with ε/(2kq) each; the sum on a lattice four times the severity's (a circular convolution: the mass it
    /// wraps is bounded by Chernoff and reported).
    private func compound(_ count: CountDistribution, _ severity: CostDistribution, _ eps: Double,
                          _ dropped: inout Double, _ wrapped: inout Double) throws -> [Double] {
        var probabilities: [Double] = []
        var cumulative = 0.0
        while true {
            guard let p = count.probability(probabilities.count) else {
                throw ModelError(field: "cost.compound.frequency", rule: "exact needs a fixed, Poisson or negative binomial claim count")
            }
            probabilities.append(p)
            cumulative += p
            if 1 - cumulative <= eps / 2 || probabilities.count > 100_000 { break }
        }
        dropped += max(0, 1 - cumulative)
        let kq = max(1, probabilities.count - 1)
        var dz = 0.0
        let z = try built(severity, eps / 2 / Double(kq), &dz, &wrapped)
        dropped += min(1, Double(kq) * dz)
        let length = Self.powerOfTwo(atLeast: min(kq * (z.count - 1) + 1, 4 * z.count))
        guard length <= Self.maximumPoints else { throw tooLong(4 * z.count) }
        let fz = try Spectrum(transforming: z + [Double](repeating: 0, count: length - z.count))
        // Horner: Σ_k P(K = k)·φᵏ, highest k first.
        let pgf = fz.mapped { re, im in
            var (a, b) = (probabilities[kq], 0.0)
            var k = kq - 1
            while k >= 0 {
                (a, b) = (a * re - b * im + probabilities[k], a * im + b * re)
                k -= 1
            }
            return (a, b)
        }
        let x = try pgf.inverse().map { max(0, $0) }
        if kq * (z.count - 1) + 1 > length {
            let mgf = LatticeMGF(mass: z, step: step)
            let s = LatticeMGF.grid(scale: Double(z.count) * step)
            let top = Double(length) * step
            var best = 0.0
            for sj in s {
                let mz = exp(mgf.logMGF(sj))
                var log: Double
                switch count {
                case let .poisson(mu): log = mu * (mz - 1)
                case let .negativeBinomial(p, n):
                    let q = (1 - p) * mz
                    log = q < 1 ? n * (Foundation.log(p) - Foundation.log(1 - q)) : .infinity
                case let .fixed(n): log = Double(n) * Foundation.log(mz)
                case .scaled: log = .infinity
                }
                best = min(best, log - sj * top)
            }
            wrapped += exp(best)
        }
        return x
    }

    private func tooLong(_ need: Int) -> ModelError {
        ModelError(field: "cost", rule: "one unit's cost needs \(need.formatted()) lattice points at a step of "
            + "\(format(step)), more than \(Self.maximumPoints.formatted()); use fewer --lattice-points")
    }

    package static func powerOfTwo(atLeast n: Int) -> Int {
        var p = 2
        while p < n { p <<= 1 }
        return p
    }
}
