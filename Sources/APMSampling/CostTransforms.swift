import Foundation
import APMSupport

/// Reshaped copies of a cost distribution, for stress scenarios. Each keeps the draw structure where it can
/// (the same GSL calls in the same order), so a shocked run shares its random numbers with the base run.
extension CostDistribution {
    /// Every cost amount × m (claim counts and probabilities unchanged).
    public func scalingSeverity(by m: Double) -> CostDistribution {
        m == 1 ? self : map(leaf: { $0.scaled(by: m) }, empirical: { $0.scaled(by: m) })
    }

    /// Every claim-count mean × m (Poisson mean; negative binomial mean at the same dispersion; fixed counts
    /// rounded). nil when the distribution has no claim count.
    public func scalingFrequency(by m: Double) -> CostDistribution? {
        counts.isEmpty ? nil : map(count: { $0.scaled(by: m) })
    }

    /// Every add-on probability × m. nil when there are no add-ons; the caller checks the results stay ≤ 1.
    public func scalingAddOnProbability(by m: Double) -> CostDistribution? {
        addOnProbabilities.isEmpty ? nil : map(addOn: { $0 * m })
    }

    /// Every lognormal's cv × f at the same mean. nil when there is no lognormal.
    public func scalingLognormalCV(by f: Double) -> CostDistribution? {
        guard leaves.contains(where: { if case .lognormal = $0 { true } else { false } }) else { return nil }
        if f == 1 { return self }   // exactly: the mean/cv round trip would move ζ and σ by an ulp
        return map(leaf: { leaf in
            guard case let .lognormal(z, s) = leaf else { return leaf }
            let mean = exp(z + s * s / 2), cv = (exp(s * s) - 1).squareRoot()
            return .lognormal(mean: mean, cv: cv * f)
        })
    }

    /// Every Pareto shape × f at the same scale (f < 1 thickens the tail). nil when there is no Pareto.
    public func scalingParetoShape(by f: Double) -> CostDistribution? {
        guard leaves.contains(where: { if case .pareto = $0 { true } else { false } }) else { return nil }
        if f == 1 { return self }
        return map(leaf: { leaf in
            guard case let .pareto(a, b) = leaf else { return leaf }
            return .pareto(shape: a * f, scale: b)
        })
    }

    /// Every claim-count distribution (of compounds), for checks.
    public var counts: [CountDistribution] {
        var found: [CountDistribution] = []
        _ = map(count: { found.append($0); return $0 })
        return found
    }

    /// Every add-on probability, for checks.
    public var addOnProbabilities: [Double] {
        var found: [Double] = []
        _ = map(addOn: { found.append($0); return $0 })
        return found
    }

    /// Every continuous leaf, for checks.
    public var leaves: [ContinuousDistribution] {
        var found: [ContinuousDistribution] = []
        _ = map(leaf: { found.append($0); return $0 })
        return found
    }

    /// A structural copy with leaves, claim counts and add-on probabilities replaced.
    package func map(leaf: (ContinuousDistribution) -> ContinuousDistribution = { $0 },
             count: (CountDistribution) -> CountDistribution = { $0 },
             addOn: (Double) -> Double = { $0 },
             empirical: (EmpiricalCosts) -> EmpiricalCosts = { $0 }) -> CostDistribution {
        func walk(_ d: CostDistribution) -> CostDistribution {
            switch d {
            case let .continuous(c): return .continuous(leaf(c))
            case let .empirical(e): return .empirical(empirical(e))
            case let .mixture(m): return .mixture(.init(weights: m.weights, components: m.components.map(walk)))
            case let .zeroInflated(p, base): return .zeroInflated(probabilityOfZero: p, base: walk(base))
            case let .compound(k, z): return .compound(frequency: count(k), severity: walk(z))
            case let .withAddOns(base, addOns):
                let b = walk(base)
                return .withAddOns(base: b, addOns: addOns.map {
                    .init(name: $0.name, probability: addOn($0.probability), cost: walk($0.cost))
                })
            }
        }
        return walk(self)
    }
}

extension ContinuousDistribution {
    /// The distribution of m·X.
    public func scaled(by m: Double) -> ContinuousDistribution {
        switch self {
        case let .lognormal(z, s): return .lognormal(zeta: z + log(m), sigma: s)
        case let .gamma(a, b): return .gamma(shape: a, scale: b * m)
        case let .weibull(a, b): return .weibull(scale: a * m, shape: b)
        case let .pareto(a, b): return .pareto(shape: a, scale: b * m)
        case let .exponential(mu): return .exponential(mean: mu * m)
        case let .normal(mu, s): return .normal(mean: mu * m, sd: s * m)
        case let .constant(v): return .constant(v * m)
        }
    }
}

extension CountDistribution {
    /// The same family with its mean × m: a fixed count is rounded; a Poisson or negative binomial (which
    /// keeps its p, hence its dispersion) becomes `.scaled`, drawn to share its draws with the unshocked count.
    public func scaled(by m: Double) -> CountDistribution {
        if m == 1 { return self }
        switch self {
        case let .fixed(n): return .fixed(Int(saturating: Double(n) * m, rounding: .toNearestOrAwayFromZero))
        case .poisson, .negativeBinomial: return .scaled(self, by: m)
        case let .scaled(base, f): return f * m == 1 ? base : .scaled(base, by: f * m)
        }
    }
}
